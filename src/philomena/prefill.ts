// A profile turned into a new case: the child as the profile describes them, what the writer knows written into
// the circumstances for the officer, and the answers to the standard risk questions the profile can give.
import { RISK_QUESTIONS } from '../cases/risk.ts';
import type { NewCaseRequest } from '../cases/schemas.ts';
import { invalid } from '../http/problem.ts';
import type { ProfileCaseRequest } from './schemas.ts';
import type { ProfileRow, WaitingReportRow } from './store.ts';

type RiskAnswers = NonNullable<NewCaseRequest['riskAnswers']>;

const CIRCUMSTANCES_LIMIT = 10_000;

/** The profile's sections in the order an officer reads them at first report; empty sections left out. */
function profileNotes(row: ProfileRow): string {
  const sections: [string, string][] = [
    ['Description', row.description],
    ['Associates', row.associates.join('; ')],
    ['Places frequented', row.places.join('; ')],
    ['Phones and online accounts', row.phones_and_accounts.join('; ')],
    ['Medical needs', row.medical_needs],
    ['Medication', row.medication],
    ['Placement', row.placement],
    ['Carers’ contacts', row.carer_contacts.join('; ')],
    ['Previous episodes', row.previous_episodes],
  ];
  const lines = sections.filter(([, text]) => text.trim() !== '').map(([title, text]) => `${title}: ${text.trim()}`);
  return [`From the Philomena profile kept by ${row.owner_name}:`, ...lines].join('\n');
}

/**
 * The risk answers the profile gives: the writer's own, and those its sections imply where the writer gave
 * none (a placement: looked after; medical needs or medication; earlier episodes: missing before).
 */
export function profileRiskAnswers(row: ProfileRow, earlierEpisodes: number): RiskAnswers {
  const source = `Philomena profile (${row.owner_name})`;
  const answers: RiskAnswers = row.risk_answers.map((a) => ({
    question: a.question,
    answer: a.answer,
    ...(a.detail ? { detail: a.detail } : {}),
    source,
  }));
  const given = new Set(answers.map((a) => a.question));
  const implied = (question: string, holds: boolean, detail: string) => {
    if (holds && !given.has(question)) answers.push({ question, answer: 'yes', detail, source });
  };
  implied('in_care', row.placement.trim() !== '', 'Placement recorded in the profile');
  implied('medical_needs', row.medical_needs.trim() !== '' || row.medication.trim() !== '', 'Medical needs or medication in the profile');
  implied('missing_before', earlierEpisodes > 0 || row.previous_episodes.trim() !== '', 'Earlier episodes in the profile or the register');
  const order = new Map(RISK_QUESTIONS.map((q, i) => [q.id, i]));
  return answers.sort((a, b) => (order.get(a.question) ?? 99) - (order.get(b.question) ?? 99));
}

export function caseFromProfile(
  row: ProfileRow,
  body: ProfileCaseRequest,
  report: WaitingReportRow | undefined,
  earlierEpisodes: number,
): NewCaseRequest {
  const lastSeen =
    body.lastSeen ??
    (report && {
      at: report.last_seen_at.toISOString(),
      lon: report.last_seen_lon,
      lat: report.last_seen_lat,
      place: report.last_seen_place,
    });
  if (!lastSeen)
    throw invalid('/body/lastSeen', 'give when and where the child was last seen: no carer’s report is waiting', { code: 'required' });
  const told = body.circumstances ?? report?.circumstances ?? '';
  const circumstances = [told.trim(), profileNotes(row)]
    .filter((part) => part !== '')
    .join('\n\n')
    .slice(0, CIRCUMSTANCES_LIMIT);
  const riskAnswers = profileRiskAnswers(row, earlierEpisodes);
  const episode = {
    lastSeen,
    circumstances,
    clothing: body.clothing ?? report?.clothing ?? '',
    ...(riskAnswers.length > 0 ? { riskAnswers } : {}),
  };
  if (row.child_id) return { childId: row.child_id, ...episode };
  return {
    child: {
      givenNames: row.given_names,
      familyName: row.family_name,
      knownAs: row.known_as,
      dateOfBirth: row.date_of_birth,
      sex: row.sex,
      heightCm: row.height_cm,
      build: row.build,
      hairColour: row.hair_colour,
      eyeColour: row.eye_colour,
      distinguishingMarks: row.distinguishing_marks,
      languages: row.languages,
    },
    ...(body.confirmedNewChild ? { confirmedNewChild: true } : {}),
    ...episode,
  };
}
