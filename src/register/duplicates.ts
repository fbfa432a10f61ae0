// Is this child already recorded? While an officer types a new child's details, the register's children whose
// name matches (across scripts and spellings, as the register search does), ranked with the date of birth and
// sex beside the name, each with the reasons in words. Only what the register search shows, under the same
// sensitive-case rule; every check is audited with the children and cases it showed, never what was typed.
import type { Actor } from '../auth/actor.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Database, Queryable } from '../db/database.ts';
import { showsIdentity } from '../cases/disclosure.ts';
import { registerCandidates, type RegisterCandidate, type RegisterFilters } from '../cases/register-store.ts';
import { ageOn } from '../cases/store.ts';
import { Problem } from '../http/problem.ts';
import { nameKeys } from './names/index.ts';
import type { LikelyDuplicate, LikelyDuplicatesRequest } from './schemas.ts';
import { bestPer, resultOf } from './search.ts';
import { explained, nameReason, type ExplainedReason } from './reasons.ts';
import { contactsByOrganisationCode, NO_CONTACT } from '../orgs/contact.ts';

/** A name at least this alike is the same name (another script, spelling, accents or order; a diminutive). */
export const STRONG_NAME_SCORE = 0.9;
// Ages recorded as estimates are rough: children within this many years of the typed age are considered.
const AGE_BAND = 2;
const SHOWN = 10;
const DAY_MS = 86_400_000;

const WEIGHTS = { name: 0.6, birth: 0.3, sex: 0.1 };

interface Agreement {
  value: number;
  reason?: ExplainedReason;
}

type Typed = LikelyDuplicatesRequest;

function typedAge(typed: Typed, now: Date): number | null {
  return ageOn(typed.dateOfBirth ?? null, typed.estimatedAge ?? null, now);
}

function sameBirthdayOtherWay(a: string, b: string): boolean {
  const [ay, am, ad] = a.split('-');
  const [by, bm, bd] = b.split('-');
  return ay === by && am === bd && ad === bm;
}

/** The dates of birth if both are known; else how the ages compare (an estimated age is all some records have). */
function birthAgreement(typed: Typed, row: RegisterCandidate, now: Date): Agreement & { sameDate: boolean } {
  const given = typed.dateOfBirth ?? null;
  if (given && row.date_of_birth) {
    if (given === row.date_of_birth) return { value: 1, reason: explained('birth-same', {}, 'Same date of birth'), sameDate: true };
    const days = Math.round(Math.abs(Date.parse(`${given}T00:00:00Z`) - Date.parse(`${row.date_of_birth}T00:00:00Z`)) / DAY_MS);
    if (days <= 31)
      return {
        value: 0.6,
        reason: explained('birth-days-apart', { days }, `Born ${days} ${days === 1 ? 'day' : 'days'} from the date of birth given`),
        sameDate: false,
      };
    if (sameBirthdayOtherWay(given, row.date_of_birth))
      return {
        value: 0.6,
        reason: explained('birth-day-month-swapped', {}, 'Date of birth with the day and month the other way round'),
        sameDate: false,
      };
    if (given.slice(5) === row.date_of_birth.slice(5))
      return { value: 0.5, reason: explained('birth-same-birthday', {}, 'Same birthday in another year'), sameDate: false };
  }
  const mine = typedAge(typed, now);
  const theirs = ageOn(row.date_of_birth, row.estimated_age, now);
  if (mine === null || theirs === null) return { value: 0, sameDate: false };
  const apart = Math.abs(mine - theirs);
  if (apart === 0) return { value: 0.4, reason: explained('age-same', {}, 'Same age'), sameDate: false };
  return {
    value: apart === 1 ? 0.25 : 0,
    reason: explained('age-years-apart', { years: apart }, `Ages ${apart} ${apart === 1 ? 'year' : 'years'} apart`),
    sameDate: false,
  };
}

/** A sex not known on either side says nothing either way; a different one counts against. */
function sexAgreement(typed: Typed, row: RegisterCandidate): Agreement & { differs: boolean } {
  if (!typed.sex || typed.sex === 'unknown' || row.sex === 'unknown') return { value: 0.5, differs: false };
  if (typed.sex === row.sex) return { value: 1, reason: explained('sex-same', {}, 'Same sex'), differs: false };
  return {
    value: 0,
    reason: explained('sex-differs', { recorded: row.sex, typed: typed.sex }, `Recorded as ${row.sex}, not ${typed.sex}`),
    differs: true,
  };
}

function ageFilters(typed: Typed, now: Date): RegisterFilters {
  const age = typedAge(typed, now);
  return age === null ? {} : { ageFrom: Math.max(0, age - AGE_BAND), ageTo: age + AGE_BAND };
}

/**
 * The likely duplicates of a child typed so far, one per child, best first. A child is shown by an episode the
 * actor reaches if there is one, so the answer can offer that child's id for a new episode.
 */
async function likelyDuplicates(
  db: Queryable,
  actor: Actor,
  typed: Typed,
  reason: string | null,
  now: Date,
): Promise<{ result: LikelyDuplicate; caseId: string; childId: string }[]> {
  const name = `${typed.givenNames} ${typed.familyName}`;
  const candidates = await registerCandidates(db, actor, nameKeys(name), {
    filters: ageFilters(typed, now),
    includeSensitive: showsIdentity({ sensitive: true }, reason),
    now,
  });
  const contacts = await contactsByOrganisationCode(
    db,
    candidates.map((row) => row.force_code),
  );
  const reached = new Set(candidates.filter((row) => row.reachable).map((row) => row.child_id));
  const reachableFirst = [...candidates.filter((row) => row.reachable), ...candidates.filter((row) => !row.reachable)];
  return bestPer(name, reachableFirst, (row) => row.child_id, reachableFirst.length)
    .map((entry) => {
      const row = entry.item;
      const birth = birthAgreement(typed, row, now);
      const sex = sexAgreement(typed, row);
      const score = WEIGHTS.name * entry.score + WEIGHTS.birth * birth.value + WEIGHTS.sex * sex.value;
      const reasons = [...entry.reasons.map(nameReason), birth.reason, sex.reason].filter((reason) => reason !== undefined);
      const result: LikelyDuplicate = {
        ...resultOf(row, score, reasons, contacts.get(row.force_code) ?? NO_CONTACT, now),
        nameScore: Math.round(entry.score * 1000) / 1000,
        strong: entry.score >= STRONG_NAME_SCORE && birth.sameDate && !sex.differs,
        childId: reached.has(row.child_id) ? row.child_id : null,
      };
      return { result, caseId: row.id, childId: row.child_id };
    })
    .sort((a, b) => b.result.score - a.result.score)
    .slice(0, SHOWN);
}

/** Which of the typed details were given (never their values), for the audit entry. */
function detailsGiven(typed: Typed): string[] {
  return (['givenNames', 'familyName', 'dateOfBirth', 'estimatedAge', 'sex'] as const).filter(
    (field) => typed[field] !== undefined && typed[field] !== null,
  );
}

/**
 * The likely duplicates of a child about to be recorded, audited in the same transaction with the children and
 * cases shown. `when` says what asked: the form as the officer types, or recording the case.
 */
export async function checkLikelyDuplicates(
  db: Database,
  actor: Actor,
  typed: Typed,
  reason: string | null,
  now: Date,
  when: 'typing' | 'recording' = 'typing',
): Promise<LikelyDuplicate[]> {
  return db.transaction(async (tx) => {
    const found = await likelyDuplicates(tx, actor, typed, reason, now);
    // Recording checks every new child: only a check that showed something is worth an entry there.
    if (when === 'typing' || found.length > 0) {
      await appendAudit(
        tx,
        {
          ...auditActor(actor),
          action: 'register.duplicate_check',
          subjectType: 'register',
          reason,
          details: {
            when,
            given: detailsGiven(typed),
            results: found.length,
            childIds: found.map((item) => item.childId),
            caseIds: found.map((item) => item.caseId),
          },
        },
        now,
      );
    }
    return found.map((item) => item.result);
  });
}

/**
 * Refuses (409, `likely-duplicate`) to record a new child when the same child seems to be recorded already: the
 * same name, the same date of birth and no other sex. The officer then records a new episode of that child, or
 * says this is a different child (`confirmedNewChild`).
 */
export async function refuseLikelyDuplicate(db: Database, actor: Actor, typed: Typed, reason: string | null, now: Date): Promise<void> {
  const strong = (await checkLikelyDuplicates(db, actor, typed, reason, now, 'recording')).filter((item) => item.strong);
  if (strong.length === 0) return;
  throw new Problem(
    409,
    'likely-duplicate',
    'This child may already be recorded',
    `${strong.length === 1 ? 'A child' : `${strong.length} children`} with the same name and date of birth ${strong.length === 1 ? 'is' : 'are'} already recorded. Record a new episode of that child (childId), or say this is a different child (confirmedNewChild: true).`,
    { members: { candidates: strong } },
  );
}
