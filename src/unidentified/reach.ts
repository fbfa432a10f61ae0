// Which records of unidentified people and remains a role reaches, as SQL: a force reaches the records it owns,
// the national centre every record. Every query that returns a record, or something of one (its marks, its
// photos), is limited by this. The grants themselves are in auth/roles.ts.
import type { Actor } from '../auth/actor.ts';
import { ROLE_GRANTS } from '../auth/roles.ts';
import { AccessRefused } from '../cases/disclosure.ts';
import { raw, sql, type Sql } from '../db/sql.ts';
import { notFound } from '../http/problem.ts';

/** The condition on an `unidentified_people` row (under `alias`) that holds when the actor may reach it. */
export function unidentifiedReach(actor: Actor, alias: 'u'): Sql {
  const record = raw(alias);
  switch (ROLE_GRANTS[actor.role].caseScope) {
    case 'national':
      return sql`TRUE`;
    case 'jurisdiction':
      return sql`${record}.owning_organisation_id = ${actor.organisationId}`;
    // Local authorities and charities are never shown these records, nor is anyone without a case scope.
    case 'shared':
    case 'none':
      return sql`FALSE`;
  }
}

/** Out of reach or not there: the same 404 either way, audited as a refusal (cases/disclosure.ts). */
export function unidentifiedOutOfReach(unidentifiedId: string): AccessRefused {
  return new AccessRefused(notFound('That record'), 'unidentified', unidentifiedId, 'out_of_reach');
}

/** The ids of the records the actor reaches, for other domains: `x.unidentified_id IN (${reachableUnidentifiedIds(actor)})`. */
export function reachableUnidentifiedIds(actor: Actor): Sql {
  return sql`SELECT u.id FROM unidentified_people u WHERE ${unidentifiedReach(actor, 'u')}`;
}
