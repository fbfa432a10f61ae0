// Which return home interviews an actor reaches, and how much of each they see. The local authority asked for an
// interview holds it whole; the police reach the interviews of the cases they reach (`reachableCaseIds`), in the
// police view. Role grants themselves are in auth/roles.ts.
import type { Actor } from '../auth/actor.ts';
import { ROLE_GRANTS } from '../auth/roles.ts';
import { reachableCaseIds } from '../cases/reach.ts';
import { sql, type Sql } from '../db/sql.ts';

/** The condition on a `return_interviews` row (alias `i`) that holds when the actor may read it. */
export function interviewReach(actor: Actor): Sql {
  if (ROLE_GRANTS[actor.role].caseScope === 'shared') return sql`i.organisation_id = ${actor.organisationId}`;
  return sql`i.case_id IN (${reachableCaseIds(actor)})`;
}

/** The whole interview for the organisation that holds it; the police view for everyone else. */
export function interviewViewFor(actor: Actor, interview: { organisation_id: string | null }): 'full' | 'police' {
  return interview.organisation_id !== null && interview.organisation_id === actor.organisationId ? 'full' : 'police';
}
