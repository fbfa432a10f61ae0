// The child's photos an alert may show: which of them an officer may choose, and the stored files the
// public copies and previews are made from.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import type { PhotoVariant } from '../media/photos.ts';

export type PhotoFiles = Row<'photos', 'id'> & { variants: Partial<Record<PhotoVariant, string>> };

/** Those of `photoIds` that are photos of the child and not removed, with their stored files. */
export async function childPhotosAmong(db: Queryable, childId: string, photoIds: readonly string[]): Promise<PhotoFiles[]> {
  const { rows } = await db.query<PhotoFiles>(
    sql`SELECT id, variants FROM photos WHERE child_id = ${childId} AND removed_at IS NULL AND id = ANY(${photoIds}::uuid[])`,
  );
  return rows;
}

/** The ids of the child's `limit` most recent photos that are not removed, newest first. */
export async function latestChildPhotoIds(db: Queryable, childId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<Row<'photos', 'id'>>(
    sql`SELECT id FROM photos WHERE child_id = ${childId} AND removed_at IS NULL ORDER BY created_at DESC LIMIT ${limit}`,
  );
  return rows.map((row) => row.id);
}

/** The stored files of each of `photoIds`, whoever's and whether removed or not (unknown ids are left out). */
export async function photoFiles(db: Queryable, photoIds: readonly string[]): Promise<PhotoFiles[]> {
  const { rows } = await db.query<PhotoFiles>(sql`SELECT id, variants FROM photos WHERE id = ANY(${photoIds}::uuid[])`);
  return rows;
}
