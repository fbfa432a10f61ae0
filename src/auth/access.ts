// Access control, in one place that every route goes through. A route states what it needs in its
// `config.access`; a route that states nothing is closed. Case-level reach (which cases a role may see)
// is the SQL condition `caseReach`, used by every query that returns a case.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/database.ts';
import { forbidden, Problem, unauthorised } from '../http/problem.ts';
import { findUserById } from './accounts.ts';
import { actorFromUser, type Actor } from './actor.ts';
import { findUserIdByToken } from './api-tokens.ts';
import { ROLE_GRANTS, roleAllows, type Permission } from './roles.ts';
import { findLiveSession, SESSION_COOKIE, type SessionPolicy, type SessionRow } from './sessions.ts';

/**
 * - a permission: a fully signed-in member of staff whose role grants it;
 * - 'staff': any fully signed-in member of staff;
 * - 'sign-in-flow': a session part-way through signing in (second factor pending) or a full one;
 * - 'public': anyone.
 */
export type RouteAccess = Permission | 'staff' | 'sign-in-flow' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionRow | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AccessDeps {
  db: Queryable;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
}

async function resolveActor(request: FastifyRequest, deps: AccessDeps): Promise<{ actor: Actor; session: SessionRow | null } | undefined> {
  const now = deps.clock();
  const authorization = request.headers.authorization;
  let userId: string | undefined;
  let session: SessionRow | null = null;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorised('The Authorization header must be "Bearer <token>".');
    userId = await findUserIdByToken(deps.db, match[1]!, now);
    if (!userId) throw unauthorised('That API token is unknown or revoked.');
  } else {
    const cookieValue = request.cookies[SESSION_COOKIE];
    if (!cookieValue) return undefined;
    session = (await findLiveSession(deps.db, cookieValue, now, deps.sessionPolicy)) ?? null;
    if (!session) throw unauthorised('Your session has ended; sign in again.');
    userId = session.user_id;
  }
  const user = await findUserById(deps.db, userId);
  if (!user || user.disabled_at) throw unauthorised('This account is disabled.');
  const actor = actorFromUser(user, {
    via: session ? 'session' : 'token',
    sessionId: session?.id ?? null,
    secondFactor: session?.second_factor_at != null,
    ip: request.ip,
  });
  return { actor, session };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function installAccessControl(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', (request, _reply, done) => {
    // Public routes (the pages a national surge hits) pass without a promise.
    const access = request.routeOptions.config.access;
    if (request.is404 || access === 'public') return done();
    if (access === undefined) return done(forbidden('This route is closed: it declares no access rule.'));
    checkAccess(request, access).then(() => done(), done);
  });

  async function checkAccess(request: FastifyRequest, access: Exclude<RouteAccess, 'public'>): Promise<void> {
    const resolved = await resolveActor(request, deps);
    if (!resolved) throw unauthorised();
    const { actor, session } = resolved;
    request.actor = actor;
    request.session = session;

    if (session && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrf_token)) {
        throw new Problem(403, 'csrf', 'Missing or wrong CSRF token', 'Send the X-CSRF-Token header given when you signed in.');
      }
    }
    if (access === 'sign-in-flow') return;
    if (session && session.stage !== 'active') {
      throw new Problem(
        401,
        'second-factor-required',
        'Second factor required',
        'Finish signing in with the code from your authenticator app.',
      );
    }
    if (access === 'staff') return;
    if (!roleAllows(actor.role, access)) {
      throw forbidden(`Your role (${ROLE_GRANTS[actor.role].label}) does not allow ${access}.`);
    }
  }
}

/** The actor of a request on a route that is not public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorised();
  return request.actor;
}

/**
 * Which episodes a problem profile may count for the actor, and whether its figures leave exact: the national
 * centre counts every force, exactly; anyone else counts the areas of their organisation (a force's area and the
 * areas within it), with small numbers controlled (src/profiles/disclosure-control.ts).
 */
export type ProfileReach = { national: true; exact: true } | { national: false; exact: false; jurisdictionIds: string[] };

export function profileReach(actor: Actor): ProfileReach {
  if (!roleAllows(actor.role, 'profile:read')) throw forbidden(`Your role (${ROLE_GRANTS[actor.role].label}) does not allow profile:read.`);
  if (actor.organisationKind === 'national_centre') return { national: true, exact: true };
  return { national: false, exact: false, jurisdictionIds: actor.jurisdictionIds };
}

/**
 * Retention and subject access act on every force's records at once, so they belong to the national centre (its
 * data protection office): an administrator of a force, whose role carries the permission, is refused here.
 */
export function nationalCentreOnly(actor: Actor, permission: Permission): void {
  if (!roleAllows(actor.role, permission)) throw forbidden(`Your role (${ROLE_GRANTS[actor.role].label}) does not allow ${permission}.`);
  if (actor.organisationKind !== 'national_centre') {
    throw forbidden('Retention and subject access requests are handled by the national centre, for every force at once.');
  }
}
