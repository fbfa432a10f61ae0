// The gazetteer the public's typed places are looked up in: towns, postcode districts, with a point each.
// The operator imports a CSV (name, lon, lat, kind); a demo list built from the sign-up towns is seeded.
import { parse } from 'csv-parse/sync';
import type { Database, Queryable } from '../db/database.ts';
import { normalisePlaceName, PLACES } from '../subscribers/places.ts';

export const GAZETTEER_KINDS = ['place', 'postcode_district'] as const;
export type GazetteerKind = (typeof GAZETTEER_KINDS)[number];

export interface GazetteerPlace {
  name: string;
  kind: GazetteerKind;
  lon: number;
  lat: number;
}

export interface GazetteerRowError {
  /** 1-based line of the CSV (the header is line 1). */
  line: number;
  detail: string;
}

export type GazetteerImport = { ok: true; imported: number } | { ok: false; errors: GazetteerRowError[] };

const MAX_NAME_LENGTH = 200;
const MAX_ERRORS_SHOWN = 20;

function checkRow(record: Record<string, string>, line: number, errors: GazetteerRowError[]): GazetteerPlace | undefined {
  const name = (record.name ?? '').trim();
  const lon = Number((record.lon ?? '').trim());
  const lat = Number((record.lat ?? '').trim());
  const kind = ((record.kind ?? '').trim() || 'place') as GazetteerKind;
  const before = errors.length;
  if (name === '' || name.length > MAX_NAME_LENGTH || normalisePlaceName(name) === '') errors.push({ line, detail: `name must be 1 to ${MAX_NAME_LENGTH} characters with a letter or digit` });
  if ((record.lon ?? '').trim() === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) errors.push({ line, detail: 'lon must be a number from -180 to 180' });
  if ((record.lat ?? '').trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) errors.push({ line, detail: 'lat must be a number from -90 to 90' });
  if (!(GAZETTEER_KINDS as readonly string[]).includes(kind)) errors.push({ line, detail: `kind must be one of ${GAZETTEER_KINDS.join(', ')}` });
  return errors.length === before ? { name, kind, lon, lat } : undefined;
}

/** Reads and checks every row; nothing is stored unless every row is good (all or nothing). */
export function parseGazetteerCsv(csvText: string): { ok: true; places: GazetteerPlace[] } | { ok: false; errors: GazetteerRowError[] } {
  let records: Record<string, string>[];
  try {
    records = parse(csvText.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: false }) as Record<string, string>[];
  } catch (error) {
    return { ok: false, errors: [{ line: 0, detail: `not a readable CSV: ${(error as Error).message}` }] };
  }
  const errors: GazetteerRowError[] = [];
  if (records.length > 0) {
    const columns = Object.keys(records[0]!);
    for (const needed of ['name', 'lon', 'lat']) if (!columns.includes(needed)) errors.push({ line: 1, detail: `the header has no "${needed}" column` });
    if (errors.length > 0) return { ok: false, errors };
  }
  const places: GazetteerPlace[] = [];
  records.forEach((record, index) => {
    const place = checkRow(record, index + 2, errors);
    if (place) places.push(place);
  });
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, MAX_ERRORS_SHOWN) } : { ok: true, places };
}

async function insertPlaces(tx: Queryable, places: readonly GazetteerPlace[]): Promise<number> {
  let inserted = 0;
  // In slices, so a national list of thousands is a few statements rather than one per row.
  for (let start = 0; start < places.length; start += 500) {
    const slice = places.slice(start, start + 500);
    const { rowCount } = await tx.query(
      `INSERT INTO gazetteer_places (name, search_key, kind, lon, lat)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[])
       ON CONFLICT (search_key, kind, lon, lat) DO NOTHING`,
      [slice.map((p) => p.name), slice.map((p) => normalisePlaceName(p.name)), slice.map((p) => p.kind), slice.map((p) => p.lon), slice.map((p) => p.lat)],
    );
    inserted += rowCount;
  }
  return inserted;
}

/** Imports a gazetteer CSV (columns name, lon, lat and optionally kind) in one transaction. Rows already present are skipped. */
export async function importGazetteer(db: Database, csvText: string): Promise<GazetteerImport> {
  const parsed = parseGazetteerCsv(csvText);
  if (!parsed.ok) return parsed;
  const imported = await db.transaction((tx) => insertPlaces(tx, parsed.places));
  return { ok: true, imported };
}

/** Seeds the demo gazetteer from the built-in towns (their other-language names too). Safe to run twice. */
export async function seedDemoGazetteer(db: Database): Promise<number> {
  const places = PLACES.flatMap((place) => [place.name, ...(place.aliases ?? [])].map((name) => ({ name, kind: 'place' as const, lon: place.lon, lat: place.lat })));
  return db.transaction((tx) => insertPlaces(tx, places));
}

export interface FoundGazetteerPlace extends GazetteerPlace {
  id: number;
}

/** Places whose name begins with what was typed; an exact name comes first. */
export async function findGazetteerPlaces(db: Queryable, typed: string, limit = 8): Promise<FoundGazetteerPlace[]> {
  const key = normalisePlaceName(typed);
  if (key === '') return [];
  // LIKE with the pattern characters escaped, so "%" typed by someone is just a character.
  const pattern = `${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<FoundGazetteerPlace>(
    `SELECT id, name, kind, lon, lat FROM gazetteer_places
     WHERE search_key LIKE $1
     ORDER BY (search_key = $2) DESC, length(search_key), name, id
     LIMIT $3`,
    [pattern, key, Math.max(1, Math.min(limit, 50))],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** One place for typed text: the only match, or the only exact-name match (at one point); otherwise choices. */
export async function lookUpGazetteerPlace(
  db: Queryable,
  typed: string,
): Promise<{ kind: 'found'; place: FoundGazetteerPlace } | { kind: 'ambiguous'; choices: FoundGazetteerPlace[] } | { kind: 'unknown' }> {
  const found = await findGazetteerPlaces(db, typed, 8);
  if (found.length === 0) return { kind: 'unknown' };
  const key = normalisePlaceName(typed);
  const exact = found.filter((p) => normalisePlaceName(p.name) === key);
  if (found.length === 1) return { kind: 'found', place: found[0]! };
  if (exact.length === 1) return { kind: 'found', place: exact[0]! };
  return { kind: 'ambiguous', choices: exact.length > 1 ? exact : found };
}
