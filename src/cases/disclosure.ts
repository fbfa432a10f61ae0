// Who the child is, and who may be told: the sensitive-case rule, in the one place every staff answer that
// names or shows a child goes through.
//
// A case marked sensitive shows the child's identity (names, aliases, date of birth and age, photos, the
// free text that describes them or where they live) only to someone who states why they need it, in the
// X-Access-Reason header; the reason is written to the audit log with what it disclosed. Without a reason:
// - opening the case, its photos, its alert or an alert draft from it is refused (428), and the refusal is audited;
// - a write (edit, risk answers, grading, close, share, an alert's edit or step) still happens, because
//   closing a case or withdrawing the alert of a child found must never wait on a form, but it answers
//   without the identity (`identityWithheld: true`); the console sends the reason it was given, so the
//   officer who gave one sees the case as before;
// - a list (case search, alerts, the approver's inbox, the sightings map's appeals) shows the row without
//   the identity, and a search by name does not match a sensitive case at all (the match itself would say
//   who the case is about), only by its reference.
// A request for a case or alert out of the actor's reach answers 404 and is audited as refused too (as is one
// for an unidentified person or remains, src/unidentified/reach.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { notFound, Problem } from '../http/problem.ts';
import type { CaseList } from './schemas.ts';
import { ageOn, type CaseSummaryRow } from './store.ts';

const REASON_HEADER = 'x-access-reason';
export const MIN_REASON_LENGTH = 5;
const MAX_REASON_LENGTH = 500;

/**
 * Header values are Latin-1 only, and officers write their reasons in Welsh, Polish, Arabic…, so the console
 * sends them percent-encoded (UTF-8); a plain reason that is not valid percent-encoding is taken as it is.
 */
function decodeReason(header: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(header)) return header;
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

/** The reason stated with a request, or null when none was given (or one too short to be a reason). */
export function reasonGiven(request: Pick<FastifyRequest, 'headers'>): string | null {
  const header = request.headers[REASON_HEADER];
  const reason = typeof header === 'string' ? decodeReason(header).trim().slice(0, MAX_REASON_LENGTH) : '';
  return reason.length >= MIN_REASON_LENGTH ? reason : null;
}

/** The rule itself: a child's identity may be shown unless the case is sensitive and no reason was given. */
export function showsIdentity(caseRow: { sensitive: boolean }, reason: string | null): boolean {
  return !caseRow.sensitive || reason !== null;
}

export type Refusal = 'reason_required' | 'out_of_reach';

/** A refused request for a case or an alert: answered as its problem, and recorded in the audit log. */
export class AccessRefused extends Problem {
  constructor(
    problem: Problem,
    readonly subjectType: 'case' | 'alert' | 'unidentified',
    readonly subjectId: string,
    readonly refusal: Refusal,
  ) {
    super(problem.status, problem.kind, problem.title, problem.detail, problem.extra);
  }
}

/** Out of reach or not there: the same 404 either way, so the answer does not say which. */
export function outOfReach(subjectType: 'case' | 'alert', subjectId: string): AccessRefused {
  return new AccessRefused(notFound(subjectType === 'case' ? 'That case' : 'That alert'), subjectType, subjectId, 'out_of_reach');
}

/**
 * For what shows the whole case (opening it, its photos, its alert, a draft filled from it): the reason when
 * the rule asks for one, else a refusal. Returns the reason given, if any, for the audit entry.
 */
export function requireReason(request: Pick<FastifyRequest, 'headers'>, caseRow: { id: string; sensitive: boolean }): string | null {
  const reason = reasonGiven(request);
  refuseWithoutReason(caseRow, reason);
  return reason;
}

/** The refusal (428) of what shows the whole case when the rule asks for a reason and none was given. */
export function refuseWithoutReason(caseRow: { id: string; sensitive: boolean }, reason: string | null): void {
  if (!showsIdentity(caseRow, reason)) {
    throw new AccessRefused(
      new Problem(
        428,
        'reason-required',
        'A reason is required',
        `This case is marked sensitive: say why you need to open it (X-Access-Reason header, at least ${MIN_REASON_LENGTH} characters).`,
      ),
      'case',
      caseRow.id,
      'reason_required',
    );
  }
}

/**
 * Refusals are often thrown inside the transaction of the request, which rolls back; so they are recorded
 * here, once the request has failed, in a transaction of their own.
 */
export function installRefusalAudit(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'clock'>): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AccessRefused) || !request.actor) return;
    const actor = request.actor;
    try {
      await deps.db.transaction((tx) =>
        appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: `${error.subjectType}.access_refused`,
            subjectType: error.subjectType,
            subjectId: error.subjectId,
            details: { refused: error.refusal, method: request.method, route: request.routeOptions.url ?? null },
          },
          deps.clock(),
        ),
      );
    } catch (failure) {
      // Only the kind of failure: the error of a database may quote the values it was given.
      request.log.error({ failure: failure instanceof Error ? failure.name : 'unknown' }, 'a refused access could not be audited');
    }
  });
}

type CaseSummary = CaseList['items'][number];

/** One row of a case list: with the child's name, age and last-seen place only when the rule allows. */
export function caseSummary(row: CaseSummaryRow, reason: string | null, now: Date): CaseSummary {
  const shown = showsIdentity(row, reason);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    childName: !shown
      ? null
      : row.known_as
        ? `${row.given_names} "${row.known_as}" ${row.family_name}`
        : `${row.given_names} ${row.family_name}`,
    age: shown ? ageOn(row.date_of_birth, row.estimated_age, now) : null,
    sex: row.sex,
    riskLevel: row.risk_level,
    owningOrganisationCode: row.owning_organisation_code,
    reportedAt: row.reported_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    lastSeenPlace: shown ? row.last_seen_place : null,
    sensitive: row.sensitive,
    exercise: row.exercise,
    repeatEpisodes: Math.max(0, row.episodes - 1),
    identityWithheld: !shown,
  };
}
