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
import { findPartnerByKey, type PartnerRow } from '../exchange/partners.ts';
import { ROLE_GRANTS, roleAllows, type Permission } from './roles.ts';
import { findLiveSession, SESSION_COOKIE, type SessionPolicy, type SessionRow } from './sessions.ts';

/**
 * - a permission: a fully signed-in member of staff whose role grants it;
 * - 'staff': any fully signed-in member of staff;
 * - 'sign-in-flow': a session part-way through signing in (second factor pending) or a full one;
 * - 'partner': a partner site with its key (X-Partner-Key), for the PFIF exchange feeds;
 * - 'public': anyone.
 */
export type RouteAccess = Permission | 'staff' | 'sign-in-flow' | 'partner' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionRow | null;
    partner: PartnerRow | null;
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

/** A partner site by its key; staff credentials do not open a partner's feed (its field permissions would not apply). */
async function resolvePartner(request: FastifyRequest, deps: AccessDeps): Promise<PartnerRow> {
  const key = request.headers['x-partner-key'];
  if (typeof key !== 'string' || key === '') throw unauthorised('Send your partner key in the X-Partner-Key header.');
  const partner = await findPartnerByKey(deps.db, key);
  if (!partner) throw unauthorised('That partner key is unknown or revoked.');
  return partner;
}

/** The partner of a request on a 'partner' route. */
export function partnerOf(request: FastifyRequest): PartnerRow {
  if (!request.partner) throw unauthorised();
  return request.partner;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function installAccessControl(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('partner', null);
  app.addHook('onRequest', (request, _reply, done) => {
    // Public routes (the pages a national surge hits) pass without a promise.
    const access = request.routeOptions.config.access;
    if (request.is404 || access === 'public') return done();
    if (access === undefined) return done(forbidden('This route is closed: it declares no access rule.'));
    checkAccess(request, access).then(() => done(), done);
  });

  async function checkAccess(request: FastifyRequest, access: Exclude<RouteAccess, 'public'>): Promise<void> {
    if (access === 'partner') {
      request.partner = await resolvePartner(request, deps);
      return;
    }
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
 * Which Philomena profiles the actor reaches, and whether they may write them:
 * - a local authority writes its own profiles and reads those of its areas (a care provider's child placed there);
 * - a care provider writes and reads its own profiles;
 * - a police force reads the profiles of its areas; the national centre reads every profile;
 * - anyone else (a charity, a partner company) reaches none.
 */
export type PhilomenaReach =
  { kind: 'writer'; organisationId: string; readsAreas: string[] } | { kind: 'police'; jurisdictionIds: string[] } | { kind: 'national' };

export function philomenaReach(actor: Actor, permission: 'philomena:read' | 'philomena:write'): PhilomenaReach {
  const refuse = () => forbidden(`Your role (${ROLE_GRANTS[actor.role].label}) does not allow ${permission}.`);
  if (!roleAllows(actor.role, permission)) throw refuse();
  switch (actor.organisationKind) {
    case 'local_authority':
      return { kind: 'writer', organisationId: actor.organisationId, readsAreas: actor.jurisdictionIds };
    case 'care_provider':
      return { kind: 'writer', organisationId: actor.organisationId, readsAreas: [] };
    case 'police_force':
      if (permission === 'philomena:write') throw forbidden('Profiles are written by the local authority or the care provider.');
      return { kind: 'police', jurisdictionIds: actor.jurisdictionIds };
    case 'national_centre':
      if (permission === 'philomena:write') throw forbidden('Profiles are written by the local authority or the care provider.');
      return { kind: 'national' };
    default:
      throw forbidden('Philomena profiles are for local authorities, care providers and the police.');
  }
}

/**
 * Whose repeat-missing list the actor sees: a force and a local authority the children whose episodes lie in
 * their areas (the agenda of their joint meetings), the national centre every child; no one else.
 */
export type RepeatReach = { national: true } | { national: false; jurisdictionIds: string[] };

export function repeatReach(actor: Actor): RepeatReach {
  if (!roleAllows(actor.role, 'repeat:read')) throw forbidden(`Your role (${ROLE_GRANTS[actor.role].label}) does not allow repeat:read.`);
  if (actor.organisationKind === 'national_centre') return { national: true };
  if (actor.organisationKind === 'police_force' || actor.organisationKind === 'local_authority')
    return { national: false, jurisdictionIds: actor.jurisdictionIds };
  throw forbidden('The repeat-missing list is for the police and the local authority.');
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
