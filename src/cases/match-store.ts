// The matcher's reads of missing episodes (src/matching/): the features of one episode, the open episodes
// within the hard limits of a record of an unidentified person or remains, and the episodes of a page of
// candidates for review. No reach is applied in the first two (the matcher runs for no one); the review read
// says which cases the actor reaches, and the matching view applies the sensitive-case rule to the rest.
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';
import { caseReach } from './reach.ts';

export type CaseSex = 'female' | 'male' | 'other' | 'unknown';

/** What the matcher compares of an episode and its child: free text as recorded, mapped onto words by the matcher. */
export interface CaseFeatures {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  exercise: boolean;
  sex: CaseSex;
  dateOfBirth: string | null;
  /** Age when last seen, when no date of birth is known. */
  estimatedAge: number | null;
  heightCm: number | null;
  build: string | null;
  hairColour: string | null;
  eyeColour: string | null;
  distinguishingMarks: string | null;
  clothing: string;
  circumstances: string;
  lastSeenAt: Date;
  lastSeenLon: number;
  lastSeenLat: number;
}

type FeatureRow = Row<
  'cases',
  'id' | 'reference' | 'exercise' | 'clothing' | 'circumstances' | 'last_seen_at' | 'last_seen_lon' | 'last_seen_lat'
> &
  Row<'children', 'date_of_birth' | 'estimated_age' | 'height_cm' | 'build' | 'hair_colour' | 'eye_colour' | 'distinguishing_marks'> & {
    status: 'open' | 'closed';
    sex: CaseSex;
  };

const FEATURE_SELECT = sql`
  SELECT c.id, c.reference, c.status, c.exercise, ch.sex, ch.date_of_birth, ch.estimated_age, ch.height_cm, ch.build, ch.hair_colour,
         ch.eye_colour, ch.distinguishing_marks, c.clothing, c.circumstances, c.last_seen_at, c.last_seen_lon, c.last_seen_lat
    FROM cases c JOIN children ch ON ch.id = c.child_id`;

const features = (row: FeatureRow): CaseFeatures => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  exercise: row.exercise,
  sex: row.sex,
  dateOfBirth: row.date_of_birth,
  estimatedAge: row.estimated_age,
  heightCm: row.height_cm,
  build: row.build,
  hairColour: row.hair_colour,
  eyeColour: row.eye_colour,
  distinguishingMarks: row.distinguishing_marks,
  clothing: row.clothing,
  circumstances: row.circumstances,
  lastSeenAt: row.last_seen_at,
  lastSeenLon: row.last_seen_lon,
  lastSeenLat: row.last_seen_lat,
});

/** The features of one episode, whatever its status; undefined if there is none. */
export async function caseForMatching(db: Queryable, caseId: string): Promise<CaseFeatures | undefined> {
  const { rows } = await db.query<FeatureRow>(sql`${FEATURE_SELECT} WHERE c.id = ${caseId}`);
  return rows[0] && features(rows[0]);
}

/** The hard limits a record of someone found puts on the episodes it could be. */
export interface EpisodeLimits {
  /** The sex observed; "unknown" matches any. A child recorded as "other" or "unknown" matches any too. */
  sex: 'female' | 'male' | 'unknown';
  /** Last seen no later than this. */
  foundAt: Date;
  /** Born after `bornAfter` and no later than `bornBy` (the age estimated, widened by the matcher's slack). */
  bornAfter: Date;
  bornBy: Date;
}

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Open real episodes (exercises left out) within the limits. A child with a date of birth is compared by it
 * (index `children_sex_birth`); one with an age estimated when last seen was born within the year before
 * that age. Index `cases_open_last_seen` (migration 0022) holds the open episodes by when last seen.
 */
export async function openEpisodesWithinLimits(db: Queryable, limits: EpisodeLimits): Promise<CaseFeatures[]> {
  const sex: Sql = limits.sex === 'unknown' ? sql`TRUE` : sql`ch.sex IN (${limits.sex}, 'other', 'unknown')`;
  const { rows } = await db.query<FeatureRow>(
    sql`${FEATURE_SELECT}
         WHERE c.status = 'open' AND NOT c.exercise AND c.last_seen_at <= ${limits.foundAt} AND ${sex}
           AND ((ch.date_of_birth > ${dateOnly(limits.bornAfter)}::date AND ch.date_of_birth <= ${dateOnly(limits.bornBy)}::date)
             OR (ch.date_of_birth IS NULL
                 AND c.last_seen_at - make_interval(years => ch.estimated_age + 1) < ${limits.bornBy}::timestamptz
                 AND c.last_seen_at - make_interval(years => ch.estimated_age) > ${limits.bornAfter}::timestamptz))`,
  );
  return rows.map(features);
}

/** Episodes of candidates under review: what a reviewer compares, who the child is, and whether the actor reaches it. */
export type CaseSideRow = FeatureRow &
  Row<'cases', 'sensitive' | 'jurisdiction_id' | 'last_seen_place'> &
  Row<'children', 'given_names' | 'family_name'> & {
    owning_organisation_code: string;
    owning_organisation_name: string;
    reachable: boolean;
  };

export async function caseSidesForReview(db: Queryable, actor: Actor, caseIds: readonly string[]): Promise<Map<string, CaseSideRow>> {
  if (caseIds.length === 0) return new Map();
  const { rows } = await db.query<CaseSideRow>(
    sql`SELECT c.id, c.reference, c.status, c.exercise, ch.sex, ch.date_of_birth, ch.estimated_age, ch.height_cm, ch.build, ch.hair_colour,
               ch.eye_colour, ch.distinguishing_marks, c.clothing, c.circumstances, c.last_seen_at, c.last_seen_lon, c.last_seen_lat,
               c.last_seen_place, c.sensitive, c.jurisdiction_id, ch.given_names, ch.family_name, o.code AS owning_organisation_code,
               o.name AS owning_organisation_name,               (${caseReach(actor, 'c')}) AS reachable
          FROM cases c JOIN children ch ON ch.id = c.child_id JOIN (${organisationNameRows()}) o ON o.id = c.owning_organisation_id
         WHERE c.id = ANY(${caseIds}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The ids of open episodes, to compose: `x.case_id IN (${openCaseIds()})`. */
export function openCaseIds(): Sql {
  return sql`SELECT c.id FROM cases c WHERE c.status = 'open'`;
}
