import { Problem } from '../http/problem.ts';
import type { UserRow } from './accounts.ts';
import type { Role } from './roles.ts';

/** The signed-in member of staff behind a request, as every access decision sees them. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationKind: string;
  /** The areas of the actor's organisation and the areas within them (a force's area; a country and its force areas). */
  jurisdictionIds: string[];
  /** Signed in with a second factor in this session (API tokens never count as one). */
  secondFactor: boolean;
  via: 'session' | 'token';
  sessionId: string | null;
  ip: string;
}

/** The actor an account acts as; `via` and `sessionId` say how it signed in. */
export function actorFromUser(
  user: UserRow,
  how: { via: 'session' | 'token'; sessionId: string | null; secondFactor: boolean; ip: string },
): Actor {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisation_id,
    organisationKind: user.organisation_kind,
    jurisdictionIds: user.jurisdiction_ids,
    ...how,
  };
}

export function auditActor(actor: Actor) {
  return { actorId: actor.userId, actor: actor.email, ip: actor.ip };
}

/**
 * For acts that change what a live appeal reaches (renewing it, re-issuing it): a person in a session signed in
 * with their second factor. An API token alone, or a session without the second factor, is refused.
 */
export function requireSecondFactorSession(actor: Actor, what: string): void {
  if (!actor.secondFactor) {
    throw new Problem(
      403,
      'second-factor-required',
      'Second factor required',
      `${what} needs a session signed in with your authenticator code; API tokens cannot do it.`,
    );
  }
}
