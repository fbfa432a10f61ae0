// Which cases a role reaches, as SQL: every query that returns a case, or something hanging from one (an
// alert, a submission's appeal), is limited by these. The grants themselves are in auth/roles.ts.
import type { Actor } from '../auth/actor.ts';
import { ROLE_GRANTS } from '../auth/roles.ts';
import { raw, sql, type Sql } from '../db/sql.ts';

/** The condition on a `cases` row (under `alias`) that holds when the actor may reach it. */
export function caseReach(actor: Actor, alias: 'c'): Sql {
  const cases = raw(alias);
  switch (ROLE_GRANTS[actor.role].caseScope) {
    case 'national':
      return sql`TRUE`;
    case 'jurisdiction':
      return sql`(${cases}.jurisdiction_id = ANY(${actor.jurisdictionIds}::uuid[]) OR ${cases}.owning_organisation_id = ${actor.organisationId})`;
    case 'shared':
      return sql`EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = ${cases}.id AND s.organisation_id = ${actor.organisationId} AND s.revoked_at IS NULL)`;
    case 'none':
      return sql`FALSE`;
  }
}

/** The ids of the cases the actor reaches, for other domains: `x.case_id IN (${reachableCaseIds(actor)})`. */
export function reachableCaseIds(actor: Actor): Sql {
  return sql`SELECT c.id FROM cases c WHERE ${caseReach(actor, 'c')}`;
}
