// The gazetteer the public's typed places are looked up in: towns, postcode districts, with a point each.
// Three sources share one table: the GeoNames places of the UK and partner countries, loaded at start-up
// (reference-gazetteer.ts); a force's own list, imported as CSV (name, lon, lat[, kind, area, population]);
// and the demo's towns. Typed text is matched forgivingly (place-names.ts), other names included.
import { parse } from 'csv-parse/sync';
import type { Database, Queryable } from '../db/database.ts';
import { join, raw, sql } from '../db/sql.ts';
import { PLACES } from './places.ts';
import { editDistance, normalisePlaceName } from './place-names.ts';
import { distanceKm } from './distance.ts';

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

function checkRow(record: Record<string, string>, line: number, errors: GazetteerRowError[]): PlaceToStore | undefined {
  const name = (record.name ?? '').trim();
  const lon = Number((record.lon ?? '').trim());
  const lat = Number((record.lat ?? '').trim());
  const kind = ((record.kind ?? '').trim() || 'place') as GazetteerKind;
  const area = (record.area ?? '').trim();
  const populationText = (record.population ?? '').trim();
  const population = populationText === '' ? null : Number(populationText);
  const before = errors.length;
  if (area.length > MAX_NAME_LENGTH) errors.push({ line, detail: `area must be at most ${MAX_NAME_LENGTH} characters` });
  if (population !== null && (!Number.isInteger(population) || population < 0 || population > 100_000_000))
    errors.push({ line, detail: 'population must be a whole number' });
  if (name === '' || name.length > MAX_NAME_LENGTH || normalisePlaceName(name) === '')
    errors.push({ line, detail: `name must be 1 to ${MAX_NAME_LENGTH} characters with a letter or digit` });
  if ((record.lon ?? '').trim() === '' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    errors.push({ line, detail: 'lon must be a number from -180 to 180' });
  if ((record.lat ?? '').trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    errors.push({ line, detail: 'lat must be a number from -90 to 90' });
  if (!(GAZETTEER_KINDS as readonly string[]).includes(kind))
    errors.push({ line, detail: `kind must be one of ${GAZETTEER_KINDS.join(', ')}` });
  return errors.length === before ? { name, kind, lon, lat, area: area || null, population } : undefined;
}

/** Reads and checks every row; nothing is stored unless every row is good (all or nothing). */
export function parseGazetteerCsv(csvText: string): { ok: true; places: PlaceToStore[] } | { ok: false; errors: GazetteerRowError[] } {
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: false,
    });
  } catch (error) {
    return { ok: false, errors: [{ line: 0, detail: `not a readable CSV: ${(error as Error).message}` }] };
  }
  const errors: GazetteerRowError[] = [];
  if (records.length > 0) {
    const columns = Object.keys(records[0]!);
    for (const needed of ['name', 'lon', 'lat'])
      if (!columns.includes(needed)) errors.push({ line: 1, detail: `the header has no "${needed}" column` });
    if (errors.length > 0) return { ok: false, errors };
  }
  const places: PlaceToStore[] = [];
  records.forEach((record, index) => {
    const place = checkRow(record, index + 2, errors);
    if (place) places.push(place);
  });
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, MAX_ERRORS_SHOWN) } : { ok: true, places };
}

/** A place to store, with the other names it is typed as. */
export interface PlaceToStore extends GazetteerPlace {
  source?: string;
  country?: string | null;
  area?: string | null;
  population?: number | null;
  otherNames?: readonly string[];
}

const SLICE = 500;

/**
 * Stores places in slices of a few hundred rows (a national list is a few statements, not one per row), then
 * their other names as rows pointing at them. A place already there (same name, kind and point) is skipped.
 * Returns how many places were new.
 */
export async function insertPlaces(tx: Queryable, places: readonly PlaceToStore[], defaultSource = 'import'): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < places.length; start += SLICE) {
    const slice = places.slice(start, start + SLICE);
    // ON CONFLICT ... DO UPDATE (to itself) so that places already there come back too, for their other names.
    const columns = [
      sql`${slice.map((p) => p.name)}::text[]`,
      sql`${slice.map((p) => normalisePlaceName(p.name))}::text[]`,
      sql`${slice.map((p) => p.kind)}::text[]`,
      sql`${slice.map((p) => p.lon)}::float8[]`,
      sql`${slice.map((p) => p.lat)}::float8[]`,
      sql`${slice.map((p) => p.source ?? defaultSource)}::text[]`,
      sql`${slice.map((p) => p.country ?? null)}::text[]`,
      sql`${slice.map((p) => p.area ?? null)}::text[]`,
      sql`${slice.map((p) => p.population ?? null)}::integer[]`,
    ];
    const { rows } = await tx.query<{ id: string; search_key: string; lon: number; lat: number; inserted: boolean }>(
      sql`INSERT INTO gazetteer_places (name, search_key, kind, lon, lat, source, country, area, population)
          SELECT * FROM unnest(${join(columns)})
          ON CONFLICT (search_key, kind, lon, lat) DO UPDATE SET source = gazetteer_places.source
          RETURNING id, search_key, lon, lat, (xmax = 0) AS inserted`,
    );
    inserted += rows.filter((row) => row.inserted).length;
    const idOf = new Map(rows.map((row) => [`${row.search_key}|${row.lon}|${row.lat}`, row.id]));
    const others = slice.flatMap((p) => {
      const id = idOf.get(`${normalisePlaceName(p.name)}|${p.lon}|${p.lat}`);
      return id ? (p.otherNames ?? []).map((other) => ({ id, place: p, other })) : [];
    });
    if (others.length > 0) {
      const aliasColumns = [
        sql`${others.map((o) => o.other)}::text[]`,
        sql`${others.map((o) => normalisePlaceName(o.other))}::text[]`,
        sql`${others.map((o) => o.place.kind)}::text[]`,
        sql`${others.map((o) => o.place.lon)}::float8[]`,
        sql`${others.map((o) => o.place.lat)}::float8[]`,
        sql`${others.map((o) => o.place.source ?? defaultSource)}::text[]`,
        sql`${others.map((o) => o.place.country ?? null)}::text[]`,
        sql`${others.map((o) => o.place.area ?? null)}::text[]`,
        sql`${others.map((o) => o.place.population ?? null)}::integer[]`,
        sql`${others.map((o) => o.id)}::bigint[]`,
      ];
      await tx.query(
        sql`INSERT INTO gazetteer_places (name, search_key, kind, lon, lat, source, country, area, population, alias_of)
            SELECT * FROM unnest(${join(aliasColumns)})
            ON CONFLICT (search_key, kind, lon, lat) DO NOTHING`,
      );
    }
  }
  return inserted;
}

/** Imports a gazetteer CSV (columns name, lon, lat and optionally kind, area, population) in one transaction. Rows already present are skipped. */
export async function importGazetteer(db: Database, csvText: string): Promise<GazetteerImport> {
  const parsed = parseGazetteerCsv(csvText);
  if (!parsed.ok) return parsed;
  const imported = await db.transaction((tx) => insertPlaces(tx, parsed.places, 'import'));
  return { ok: true, imported };
}

/** Seeds the demo gazetteer from the built-in towns (their other-language names too). Safe to run twice. */
export async function seedDemoGazetteer(db: Database): Promise<number> {
  const places = PLACES.map((place) => ({
    name: place.name,
    kind: 'place' as const,
    lon: place.lon,
    lat: place.lat,
    area: place.area,
    otherNames: place.aliases ?? [],
  }));
  return db.transaction((tx) => insertPlaces(tx, places, 'demo'));
}

export interface FoundGazetteerPlace extends GazetteerPlace {
  id: number;
  /** County, nation or country: tells apart places with one name. */
  area: string | null;
  population: number | null;
}

interface MatchRow {
  id: string;
  name: string;
  kind: GazetteerKind;
  lon: number;
  lat: number;
  area: string | null;
  population: number | null;
  matched_key: string;
}

const PLACE_COLUMNS = 'm.id, m.name, m.kind, m.lon, m.lat, m.area, m.population';

function toPlace(row: Omit<MatchRow, 'matched_key'>): FoundGazetteerPlace {
  return {
    id: Number(row.id),
    name: row.name,
    kind: row.kind,
    lon: row.lon,
    lat: row.lat,
    area: row.area,
    population: row.population === null ? null : Number(row.population),
  };
}

/** What a person sees for a place among others of its name: "Newport, Wales". */
export function gazetteerPlaceLabel(place: Pick<FoundGazetteerPlace, 'name' | 'area'>): string {
  return place.area ? `${place.name}, ${place.area}` : place.name;
}

/** Two rows for one place (the demo list and GeoNames, or a force's list) are one choice, not two. */
const SAME_PLACE_KM = 5;

function withoutRepeats(rows: MatchRow[]): (FoundGazetteerPlace & { matchedKey: string })[] {
  const kept: (FoundGazetteerPlace & { matchedKey: string })[] = [];
  for (const row of rows) {
    const place = toPlace(row);
    const key = normalisePlaceName(place.name);
    const repeat = kept.some(
      (other) => other.id === place.id || (normalisePlaceName(other.name) === key && distanceKm(other, place) < SAME_PLACE_KM),
    );
    if (!repeat) kept.push({ ...place, matchedKey: row.matched_key });
  }
  return kept;
}

async function matchingRows(db: Queryable, key: string, limit: number): Promise<MatchRow[]> {
  // LIKE with the pattern characters escaped, so "%" typed by someone is just a character. Other names
  // (alias_of set) answer with their place's main row.
  const pattern = `${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<MatchRow>(
    sql`SELECT ${raw(PLACE_COLUMNS)}, g.search_key AS matched_key
       FROM gazetteer_places g JOIN gazetteer_places m ON m.id = COALESCE(g.alias_of, g.id)
      WHERE g.search_key LIKE ${pattern}
      ORDER BY (g.search_key = ${key}) DESC, COALESCE(m.population, 0) DESC, length(g.search_key), m.name, m.id
      LIMIT ${limit}`,
  );
  return rows;
}

/** Places whose name (or other name) begins with what was typed: an exact name first, then larger places first. */
export async function findGazetteerPlaces(db: Queryable, typed: string, limit = 8): Promise<FoundGazetteerPlace[]> {
  const key = normalisePlaceName(typed);
  if (key === '') return [];
  const wanted = Math.max(1, Math.min(limit, 50));
  return withoutRepeats(await matchingRows(db, key, wanted * 3))
    .slice(0, wanted)
    .map(({ matchedKey: _matchedKey, ...place }) => place);
}

/** One place by its id (a choice a person picked), as its main row. */
export async function gazetteerPlaceById(db: Queryable, id: number): Promise<FoundGazetteerPlace | undefined> {
  const { rows } = await db.query<MatchRow>(
    sql`SELECT ${raw(PLACE_COLUMNS)}, g.search_key AS matched_key FROM gazetteer_places g JOIN gazetteer_places m ON m.id = COALESCE(g.alias_of, g.id) WHERE g.id = ${id}`,
  );
  return rows[0] ? toPlace(rows[0]) : undefined;
}

/**
 * Names close to a name the gazetteer does not know ("Rhayder", "Llandrindod Wels"): the same first letter,
 * a similar length and at most a few edits away, nearest spelling first, then larger places.
 */
export async function similarGazetteerPlaces(db: Queryable, typed: string, limit = 5): Promise<FoundGazetteerPlace[]> {
  const key = normalisePlaceName(typed);
  if (key.length < 3) return [];
  const allowed = key.length <= 5 ? 1 : key.length <= 9 ? 2 : 3;
  const { rows } = await db.query<MatchRow>(
    sql`SELECT ${raw(PLACE_COLUMNS)}, g.search_key AS matched_key
       FROM gazetteer_places g JOIN gazetteer_places m ON m.id = COALESCE(g.alias_of, g.id)
      WHERE g.search_key LIKE ${`${key[0]!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} AND length(g.search_key) BETWEEN ${key.length - allowed} AND ${key.length + allowed}
      LIMIT 5000`,
  );
  const scored = rows
    .map((row) => ({ row, edits: editDistance(key, row.matched_key, allowed) }))
    .filter((entry) => entry.edits <= allowed)
    .sort((a, b) => a.edits - b.edits || (b.row.population ?? 0) - (a.row.population ?? 0) || a.row.name.localeCompare(b.row.name, 'en'));
  return withoutRepeats(scored.map((entry) => entry.row))
    .slice(0, limit)
    .map(({ matchedKey: _matchedKey, ...place }) => place);
}

export type GazetteerMatch =
  { kind: 'found'; place: FoundGazetteerPlace } | { kind: 'ambiguous'; choices: FoundGazetteerPlace[] } | { kind: 'unknown' };

/** One place for typed text: the only match, or the only exact-name match; otherwise choices. */
export async function lookUpGazetteerPlace(db: Queryable, typed: string): Promise<GazetteerMatch> {
  // "Newport, Wales", as a suggestion or a choice shows it: the name, narrowed to the area given.
  const comma = typed.lastIndexOf(',');
  if (comma > 0) {
    const areaKey = normalisePlaceName(typed.slice(comma + 1));
    const byName = await lookUpName(db, typed.slice(0, comma));
    const inArea = byName.kind === 'found' ? [byName.place] : byName.kind === 'ambiguous' ? byName.choices : [];
    const matching = inArea.filter((place) => areaKey !== '' && normalisePlaceName(place.area ?? '').startsWith(areaKey));
    if (matching.length === 1) return { kind: 'found', place: matching[0]! };
    if (matching.length > 1) return { kind: 'ambiguous', choices: matching };
  }
  return lookUpName(db, typed);
}

async function lookUpName(db: Queryable, typed: string): Promise<GazetteerMatch> {
  const key = normalisePlaceName(typed);
  if (key === '') return { kind: 'unknown' };
  const found = withoutRepeats(await matchingRows(db, key, 40)).map(({ matchedKey, ...place }) => ({ place, exact: matchedKey === key }));
  if (found.length === 0) return { kind: 'unknown' };
  const exact = found.filter((entry) => entry.exact).map((entry) => entry.place);
  if (found.length === 1) return { kind: 'found', place: found[0]!.place };
  if (exact.length === 1) return { kind: 'found', place: exact[0]! };
  return { kind: 'ambiguous', choices: (exact.length > 1 ? exact : found.map((entry) => entry.place)).slice(0, 8) };
}
