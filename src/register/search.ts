// A name search of the national register: candidates from every force through the name keys' indexes, ranked
// here with the reasons as codes and in words, and each answered with only what a force needs to recognise the child.
// The search and which cases it showed are audited in the same transaction as the read.
import type { Actor } from '../auth/actor.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { showsIdentity } from '../cases/disclosure.ts';
import { registerCandidates, type RegisterCandidate } from '../cases/register-store.ts';
import { ageOn } from '../cases/store.ts';
import { nameKeys, rankNames, type RankedName } from './names/index.ts';
import { contactsByOrganisationCode, NO_CONTACT } from '../orgs/contact.ts';
import type { OrganisationContact } from '../orgs/schemas.ts';
import { nameReason, type ExplainedReason } from './reasons.ts';
import type { RegisterResult, RegisterSearchQuery } from './schemas.ts';

/**
 * Ranked once per name a child goes by; each case (or child: `groupOf`) is kept once, under its best-matching
 * name. The candidates come most recent case first among equals, so a child is shown by its latest episode.
 */
export function bestPer(
  query: string,
  candidates: RegisterCandidate[],
  groupOf: (row: RegisterCandidate) => string,
  limit: number,
): RankedName<RegisterCandidate>[] {
  const ranked = rankNames(query, candidates, (row) => row.matched_name, { limit: candidates.length });
  const seen = new Set<string>();
  return ranked.filter((entry) => !seen.has(groupOf(entry.item)) && seen.add(groupOf(entry.item))).slice(0, limit);
}

/**
 * What the register shows of a candidate: the case and photo linked only where the actor reaches the case, and
 * the owning force's contact for whoever does not.
 */
export function resultOf(
  row: RegisterCandidate,
  score: number,
  reasons: ExplainedReason[],
  contact: OrganisationContact,
  now: Date,
): RegisterResult {
  const caseUrl = `/api/v1/cases/${row.id}`;
  return {
    score: Math.round(score * 1000) / 1000,
    reasons: reasons.map((reason) => reason.text),
    reasonCodes: reasons.map(({ code, params }) => ({ code, params })),
    matchedName: row.matched_name,
    names: { givenNames: row.given_names, familyName: row.family_name, knownAs: row.known_as, aliases: row.aliases },
    age: ageOn(row.date_of_birth, row.estimated_age, now),
    sex: row.sex,
    description: {
      heightCm: row.height_cm,
      build: row.build,
      hairColour: row.hair_colour,
      eyeColour: row.eye_colour,
      distinguishingMarks: row.distinguishing_marks,
    },
    force: { code: row.force_code, name: row.force_name, contact },
    status: row.status,
    riskLevel: row.risk_level,
    reportedAt: row.reported_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    sensitive: row.sensitive,
    case: row.reachable ? { id: row.id, reference: row.reference, url: caseUrl } : null,
    photoUrl: row.reachable && row.photo_id ? `${caseUrl}/photos/${row.photo_id}/thumb` : null,
  };
}

/**
 * Searches the register by name. Sensitive cases take part only when a reason was given (their match alone
 * would say who they are about); the reason, the filters (never the name searched for), how many results and
 * which cases were shown go to the audit log.
 */
export async function searchRegister(
  db: Database,
  actor: Actor,
  query: RegisterSearchQuery,
  reason: string | null,
  now: Date,
): Promise<RegisterResult[]> {
  const { name, limit = 20, ...filters } = query;
  return db.transaction(async (tx) => {
    const candidates = await registerCandidates(tx, actor, nameKeys(name), {
      filters,
      includeSensitive: showsIdentity({ sensitive: true }, reason),
      now,
    });
    const shown = bestPer(name, candidates, (row) => row.id, limit);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'register.search',
        subjectType: 'register',
        reason,
        details: { filters: { ...filters, name: 'given' }, results: shown.length, caseIds: shown.map((entry) => entry.item.id) },
      },
      now,
    );
    const contacts = await contactsByOrganisationCode(
      tx,
      shown.map((entry) => entry.item.force_code),
    );
    return shown.map((entry) =>
      resultOf(entry.item, entry.score, entry.reasons.map(nameReason), contacts.get(entry.item.force_code) ?? NO_CONTACT, now),
    );
  });
}
