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
    // A share discloses only its fields, through the shared-case view (shared-view.ts), never the whole case.
    case 'shared':
      return sql`FALSE`;
    case 'none':
      return sql`FALSE`;
  }
}

/** The ids of the cases the actor reaches, for other domains: `x.case_id IN (${reachableCaseIds(actor)})`. */
export function reachableCaseIds(actor: Actor): Sql {
  return sql`SELECT c.id FROM cases c WHERE ${caseReach(actor, 'c')}`;
}

/** The ids of the cases the actor reaches, narrowed to one child or one case when given. */
export function reachableCaseIdsOf(actor: Actor, only: { childId?: string; caseId?: string }): Sql {
  const narrow = [only.childId ? sql` AND c.child_id = ${only.childId}` : sql``, only.caseId ? sql` AND c.id = ${only.caseId}` : sql``];
  return sql`SELECT c.id FROM cases c WHERE ${caseReach(actor, 'c')}${narrow[0]!}${narrow[1]!}`;
}
