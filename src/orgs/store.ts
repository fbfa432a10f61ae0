// Organisations (forces, the national centre, local authorities, charities, partner companies) and which
// jurisdictions (areas, owned by geo) they answer for.
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import {
  jurisdictionIdsByCode,
  jurisdictionNameRows,
  jurisdictionsByIds,
  jurisdictionsWithin,
  listJurisdictionRecords,
  type JurisdictionRow,
} from '../geo/jurisdictions-store.ts';
import { changedContact, contactOf, NO_CONTACT } from './contact.ts';
import type { OrganisationContact } from './schemas.ts';

export const ORGANISATION_KINDS = [
  'police_force',
  'national_centre',
  'local_authority',
  'charity',
  'partner_company',
  'foreign_national_centre',
  'care_provider',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export async function insertOrganisation(
  db: Queryable,
  organisation: { code: string; name: string; kind: OrganisationKind; jurisdictionIds: string[]; contact?: OrganisationContact },
): Promise<string> {
  const { desk, phone, email } = organisation.contact ?? NO_CONTACT;
  const { rows } = await db.query<Row<'organisations', 'id'>>(
    sql`INSERT INTO organisations (code, name, kind, contact_desk, contact_phone, contact_email)
        VALUES (${organisation.code}, ${organisation.name}, ${organisation.kind}, ${desk}, ${phone}, ${email}) RETURNING id`,
  );
  const id = rows[0]!.id;
  for (const jurisdictionId of organisation.jurisdictionIds) {
    await db.query(sql`INSERT INTO organisation_jurisdictions (organisation_id, jurisdiction_id) VALUES (${id}, ${jurisdictionId})`);
  }
  return id;
}

export type OrganisationRow = Row<'organisations', 'id' | 'code' | 'name' | 'kind'> & { kind: OrganisationKind };

export type ListedOrganisation = OrganisationRow &
  Row<'organisations', 'contact_desk' | 'contact_phone' | 'contact_email'> & { jurisdiction_codes: string[] };

export async function listOrganisations(db: Queryable): Promise<ListedOrganisation[]> {
  const { rows } = await db.query<ListedOrganisation>(
    sql`SELECT o.id, o.code, o.name, o.kind, o.contact_desk, o.contact_phone, o.contact_email,
               COALESCE(array_agg(j.code ORDER BY j.code) FILTER (WHERE j.id IS NOT NULL), '{}') AS jurisdiction_codes
          FROM organisations o
          LEFT JOIN organisation_jurisdictions oj ON oj.organisation_id = o.id
          LEFT JOIN (${jurisdictionNameRows()}) j ON j.id = oj.jurisdiction_id
         GROUP BY o.id ORDER BY o.code`,
  );
  return rows;
}

/** The organisation with this code, or undefined. */
export async function organisationByCode(db: Queryable, code: string): Promise<OrganisationRow | undefined> {
  const { rows } = await db.query<OrganisationRow>(sql`SELECT id, code, name, kind FROM organisations WHERE code = ${code}`);
  return rows[0];
}

/** Whether any organisation exists: the demo fills an empty database only. */
export async function anyOrganisationExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM organisations) AS found');
  return rows[0]!.found;
}

/** The jurisdictions the organisation answers for, countries before force areas, then by code. */
export async function jurisdictionsOfOrganisation(db: Queryable, organisationId: string): Promise<JurisdictionRow[]> {
  const { rows } = await db.query<Row<'organisation_jurisdictions', 'jurisdiction_id'>>(
    sql`SELECT jurisdiction_id FROM organisation_jurisdictions WHERE organisation_id = ${organisationId}`,
  );
  return jurisdictionsByIds(
    db,
    rows.map((row) => row.jurisdiction_id),
  );
}

/** The organisation's code, or undefined if there is no such organisation. */
export async function organisationCodeOf(db: Queryable, organisationId: string): Promise<string | undefined> {
  const { rows } = await db.query<Row<'organisations', 'code'>>(sql`SELECT code FROM organisations WHERE id = ${organisationId}`);
  return rows[0]?.code;
}

/**
 * Organisations without their areas, as a subquery (`id`, `code`, `name`, `kind`) that other domains join for
 * the names of the organisations their rows point at: `JOIN (${organisationNameRows()}) o ON o.id = c.owning_organisation_id`.
 */
export function organisationNameRows(): Sql {
  return sql`SELECT id, code, name, kind FROM organisations`;
}

/**
 * The ids of the jurisdictions an organisation (`organisationId`, a value or a column of the outer query)
 * answers for and of those within them (a country's force areas): what its staff reach.
 */
export function jurisdictionsAnsweredFor(organisationId: Sql): Sql {
  return jurisdictionsWithin(sql`SELECT jurisdiction_id FROM organisation_jurisdictions WHERE organisation_id = ${organisationId}`);
}

export interface JurisdictionSummary {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  organisationCodes: string[];
  source: string | null;
  importedAt: Date;
  replacedAt: Date | null;
}

/** Jurisdictions without their shapes, with the organisations that answer for each: for administrators. */
export async function listJurisdictionSummaries(db: Queryable): Promise<JurisdictionSummary[]> {
  const records = await listJurisdictionRecords(db);
  const { rows } = await db.query<Row<'organisation_jurisdictions', 'jurisdiction_id'> & { codes: string[] }>(
    `SELECT oj.jurisdiction_id, array_agg(o.code ORDER BY o.code) AS codes
       FROM organisation_jurisdictions oj JOIN organisations o ON o.id = oj.organisation_id
      GROUP BY oj.jurisdiction_id`,
  );
  const codes = new Map(rows.map((row) => [row.jurisdiction_id, row.codes]));
  return records.map(({ id, ...record }) => ({ ...record, organisationCodes: codes.get(id) ?? [] }));
}

export function isOrganisationKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value);
}

interface By {
  actorId: string | null;
  actor: string;
  ip?: string;
}

const ORGANISATION_CODE = /^[a-z0-9][a-z0-9-]{1,49}$/;

/** An administrator creates an organisation, with the areas it answers for. Audited. */
export async function createOrganisation(
  db: Database,
  organisation: { code: string; name: string; kind: string; jurisdictionCodes: string[]; contact?: Partial<OrganisationContact> },
  by: By,
  now: Date,
): Promise<string> {
  if (!ORGANISATION_CODE.test(organisation.code)) {
    throw invalid(
      '/body/code',
      'the code must be 2 to 50 lower-case letters, digits or "-", starting with a letter or digit (e.g. "thames-valley")',
    );
  }
  if (!isOrganisationKind(organisation.kind)) throw invalid('/body/kind', `the kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
  const name = organisation.name.trim();
  if (!name) throw invalid('/body/name', 'the name is empty');
  const kind = organisation.kind;
  const contact = changedContact(NO_CONTACT, organisation.contact ?? {});
  return db.transaction(async (tx) => {
    const { rows: taken } = await tx.query(sql`SELECT 1 FROM organisations WHERE code = ${organisation.code}`);
    if (taken.length > 0) throw conflict(`An organisation with the code "${organisation.code}" already exists.`);
    const jurisdictionIds = await jurisdictionIdsByCode(tx, organisation.jurisdictionCodes, '/body/jurisdictionCodes');
    const id = await insertOrganisation(tx, { code: organisation.code, name, kind, jurisdictionIds, contact });
    await appendAudit(
      tx,
      {
        ...by,
        action: 'organisation.created',
        subjectType: 'organisation',
        subjectId: id,
        details: { code: organisation.code, kind, jurisdictions: organisation.jurisdictionCodes },
      },
      now,
    );
    return id;
  });
}

/**
 * An administrator renames an organisation or changes its areas. Its kind does not change: the roles its
 * staff hold depend on it (a new kind is a new organisation). Audited with what changed.
 */
export async function updateOrganisation(
  db: Database,
  code: string,
  changes: { name?: string; jurisdictionCodes?: string[]; contact?: Partial<OrganisationContact> },
  by: By,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<Row<'organisations', 'id' | 'name' | 'contact_desk' | 'contact_phone' | 'contact_email'>>(
      sql`SELECT id, name, contact_desk, contact_phone, contact_email FROM organisations WHERE code = ${code} FOR UPDATE`,
    );
    const current = rows[0];
    if (!current) throw notFound(`The organisation "${code}"`);
    const changed: Record<string, unknown> = {};
    if (changes.name !== undefined) {
      const name = changes.name.trim();
      if (!name) throw invalid('/body/name', 'the name is empty');
      if (name !== current.name) {
        await tx.query(sql`UPDATE organisations SET name = ${name}, updated_at = ${now} WHERE id = ${current.id}`);
        changed.name = true;
      }
    }
    if (changes.jurisdictionCodes !== undefined) {
      const ids = await jurisdictionIdsByCode(tx, changes.jurisdictionCodes, '/body/jurisdictionCodes');
      await tx.query(
        sql`DELETE FROM organisation_jurisdictions WHERE organisation_id = ${current.id} AND NOT (jurisdiction_id = ANY(${ids}::uuid[]))`,
      );
      for (const id of ids) {
        await tx.query(
          sql`INSERT INTO organisation_jurisdictions (organisation_id, jurisdiction_id) VALUES (${current.id}, ${id}) ON CONFLICT DO NOTHING`,
        );
      }
      await tx.query(sql`UPDATE organisations SET updated_at = ${now} WHERE id = ${current.id}`);
      changed.jurisdictions = changes.jurisdictionCodes;
    }
    if (changes.contact !== undefined) {
      const before = contactOf(current);
      const after = changedContact(before, changes.contact);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        await tx.query(
          sql`UPDATE organisations SET contact_desk = ${after.desk}, contact_phone = ${after.phone}, contact_email = ${after.email},
                     updated_at = ${now} WHERE id = ${current.id}`,
        );
        changed.contact = true;
      }
    }
    if (Object.keys(changed).length === 0) return;
    await appendAudit(
      tx,
      { ...by, action: 'organisation.updated', subjectType: 'organisation', subjectId: current.id, details: { code, ...changed } },
      now,
    );
  });
}

/**
 * The local authority answering for an area (a jurisdiction it holds directly), to ask for a child's return home
 * interview; the first by code when several do, none when no local authority covers it.
 */
export async function localAuthorityOf(db: Queryable, jurisdictionId: string): Promise<OrganisationRow | undefined> {
  return (await localAuthoritiesOf(db, [jurisdictionId])).get(jurisdictionId);
}

/** `localAuthorityOf` for many areas in one statement: by jurisdiction id, areas no local authority covers left out. */
export async function localAuthoritiesOf(db: Queryable, jurisdictionIds: readonly string[]): Promise<Map<string, OrganisationRow>> {
  if (jurisdictionIds.length === 0) return new Map();
  const { rows } = await db.query<OrganisationRow & { jurisdiction_id: string }>(
    sql`SELECT DISTINCT ON (oj.jurisdiction_id) oj.jurisdiction_id, o.id, o.code, o.name, o.kind
          FROM organisations o JOIN organisation_jurisdictions oj ON oj.organisation_id = o.id
         WHERE o.kind = 'local_authority' AND oj.jurisdiction_id = ANY(${[...new Set(jurisdictionIds)]}::uuid[])
         ORDER BY oj.jurisdiction_id, o.code`,
  );
  return new Map(rows.map(({ jurisdiction_id, ...organisation }) => [jurisdiction_id, organisation]));
}

/** The local authorities holding any of these areas (or every one), by name: the rows of a profile by authority. */
export async function localAuthoritiesWithin(
  db: Queryable,
  jurisdictionIds: readonly string[] | 'all',
): Promise<Row<'organisations', 'id' | 'code' | 'name'>[]> {
  const { rows } = await db.query<Row<'organisations', 'id' | 'code' | 'name'>>(
    sql`SELECT o.id, o.code, o.name FROM organisations o WHERE o.kind = 'local_authority'
          ${
            jurisdictionIds === 'all'
              ? sql``
              : sql`AND EXISTS (SELECT 1 FROM organisation_jurisdictions oj WHERE oj.organisation_id = o.id
                                   AND oj.jurisdiction_id = ANY(${[...jurisdictionIds]}::uuid[]))`
          }
         ORDER BY o.name`,
  );
  return rows;
}
