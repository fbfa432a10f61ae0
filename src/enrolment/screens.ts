// Screens: signage and intranet pages of an organisation, each behind a secret URL, showing the live
// appeals of its area. Only the SHA-256 of the URL's token is stored; the URL is shown once.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { raw, sql } from '../db/sql.ts';
import { appealsReachingCells, appealTextsIn, type ScreenAppealRow } from '../alerts/screen-view.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { withoutLeadingMark } from '../alerts/status-mark.ts';
import { formatWhen } from '../public-site/appeal-page.ts';

/** 32 random bytes, base64url: 43 characters. */
export const SCREEN_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';
/** last_seen_at is written at most this often per screen. */
export const LAST_SEEN_EVERY_MS = 60_000;

export function newScreenToken(): string {
  return randomBytes(32).toString('base64url');
}

export function screenTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function screenUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/screens/${token}`;
}

export interface NewScreen {
  name: string;
  language: string;
  includeExercises: boolean;
  /** Empty: every appeal in the country. */
  cellIds: readonly string[];
  createdBy: string;
}

export async function createScreen(
  tx: Queryable,
  organisationId: string,
  screen: NewScreen,
  now: Date,
): Promise<{ id: string; token: string }> {
  const token = newScreenToken();
  const { rows } = await tx.query<Row<'screens', 'id'>>(
    sql`INSERT INTO screens (organisation_id, name, token_hash, language, include_exercises, cells, created_by, created_at)
        VALUES (${organisationId}, ${screen.name}, ${screenTokenHash(token)}, ${screen.language}, ${screen.includeExercises}, ${screen.cellIds}::bigint[],
                ${screen.createdBy}, ${now})
        RETURNING id`,
  );
  return { id: rows[0]!.id, token };
}

export type ScreenRow = Row<'screens', 'id' | 'name' | 'language' | 'include_exercises' | 'created_at' | 'revoked_at' | 'last_seen_at'> & {
  /** How many cells its area has (none: every appeal). */
  cells: number;
};

const SCREEN_SELECT = sql`SELECT id, name, language, include_exercises, cardinality(cells) AS cells, created_at, revoked_at, last_seen_at FROM screens`;

export async function listScreens(db: Queryable, organisationId: string): Promise<ScreenRow[]> {
  const { rows } = await db.query<ScreenRow>(sql`${SCREEN_SELECT} WHERE organisation_id = ${organisationId} ORDER BY created_at, name, id`);
  return rows;
}

export async function findScreen(db: Queryable, organisationId: string, id: string): Promise<ScreenRow | undefined> {
  const { rows } = await db.query<ScreenRow>(sql`${SCREEN_SELECT} WHERE organisation_id = ${organisationId} AND id = ${id}`);
  return rows[0];
}

/** Switches a screen off for good: its URL answers 404 from now on. False if the organisation has no such live screen. */
export async function revokeScreen(tx: Queryable, organisationId: string, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    sql`UPDATE screens SET revoked_at = ${now} WHERE organisation_id = ${organisationId} AND id = ${id} AND revoked_at IS NULL`,
  );
  return rowCount > 0;
}

/** The live screen a URL token opens, if any. */
export async function findScreenByToken(db: Queryable, token: string): Promise<{ id: string; name: string; language: string } | undefined> {
  const { rows } = await db.query<Row<'screens', 'id' | 'name' | 'language'>>(
    sql`SELECT id, name, language FROM screens WHERE token_hash = ${screenTokenHash(token)} AND revoked_at IS NULL`,
  );
  return rows[0];
}

/** Records that a screen was seen, at most once a minute, so a wall of screens does not write on every view. */
export async function touchScreen(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    sql`UPDATE screens SET last_seen_at = ${now} WHERE id = ${id} AND (last_seen_at IS NULL OR last_seen_at <= ${new Date(now.getTime() - LAST_SEEN_EVERY_MS)})`,
  );
}

/** Marks the connected screens seen; returns those no longer live (revoked meanwhile). */
export async function touchScreens(db: Queryable, ids: readonly string[], now: Date): Promise<string[]> {
  const { rows } = await db.query<Row<'screens', 'id'>>(
    sql`UPDATE screens SET last_seen_at = ${now} WHERE id = ANY(${ids}::uuid[]) AND revoked_at IS NULL RETURNING id`,
  );
  const live = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !live.has(id));
}

/** What a screen shows of one appeal, in the screen's language where the appeal has it. */
export interface ScreenAppeal {
  slug: string;
  capStatus: 'Actual' | 'Exercise' | 'Test';
  language: string;
  headline: string;
  description: string;
  contact: string;
  lastSeen: string;
  lastSeenAt: string;
  photoUrl: string | null;
}

/**
 * The appeals a screen shows: active and not past their expiry (the moment it passes, before the sweeper
 * runs), exercises only where the screen asked for them, and only those whose area reaches one of the
 * screen's cells. A screen without cells, and a national appeal, reach everywhere.
 */
export async function appealsForScreen(db: Queryable, screenId: string, now: Date): Promise<ScreenAppeal[]> {
  const { rows } = await db.query<ScreenAppealRow & { screen_language: string }>(
    sql`SELECT a.*, s.language AS screen_language
          FROM screens s CROSS JOIN LATERAL (${appealsReachingCells(raw('s.cells'), raw('s.include_exercises'), now)}) a
         WHERE s.id = ${screenId} AND s.revoked_at IS NULL
         ORDER BY (a.cap_status = 'Actual') DESC, a.approved_at DESC NULLS LAST, a.id`,
  );
  if (rows.length === 0) return [];
  const language = rows[0]!.screen_language;
  const contents = await appealTextsIn(
    db,
    rows.map((row) => row.id),
    language,
  );
  const contentOf = new Map(contents.map((content) => [content.alert_id, content]));
  return rows.flatMap((row) => {
    const content = contentOf.get(row.id);
    if (!content) return [];
    return [
      {
        slug: row.slug,
        capStatus: row.cap_status,
        language: content.language,
        // The screen shows the mark above the headline; the officers' own would say it twice.
        headline: withoutLeadingMark(row.cap_status, content.headline, content.language),
        description: content.description,
        contact: content.contact,
        lastSeen: `${row.last_seen_place}, ${formatWhen(row.last_seen_at, content.language)}`,
        lastSeenAt: row.last_seen_at.toISOString(),
        photoUrl: row.photo_position === null ? null : publicPhotoPath(row.slug, row.photo_position),
      },
    ];
  });
}
