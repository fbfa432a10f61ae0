// The demo's return home interviews, written by Oxfordshire's caseworker as the API would: Tyler's first return
// interview held (its signs of criminal exploitation feed his third episode's risk assessment), his second
// offered and overdue. Interviews are asked for by closing the episodes (src/interviews/actions.ts).
import type { Actor } from '../auth/actor.ts';
import { updateInterview } from '../interviews/actions.ts';
import type { InterviewUpdate } from '../interviews/schemas.ts';
import { findInterview, interviewIdOfCase } from '../interviews/store.ts';
import { sql } from '../db/sql.ts';
import type { AppDeps } from '../app-deps.ts';
import { DEMO_EPISODES } from './demo-cases.ts';
import { DEMO_ARCHIVED_EPISODES } from './demo-retention.ts';

const HOUR_MS = 3_600_000;

interface DemoInterviewStep {
  episode: string;
  /** Hours after the episode closed. */
  afterHours: number;
  change: Omit<InterviewUpdate, 'version'>;
}

export const DEMO_INTERVIEW_STEPS: DemoInterviewStep[] = [
  // Years ago: offered the morning after, and declined.
  { episode: 'jade-archived', afterHours: 18, change: { status: 'offered' } },
  { episode: 'jade-archived', afterHours: 30, change: { status: 'declined' } },
  { episode: 'owen-archived', afterHours: 16, change: { status: 'offered' } },
  { episode: 'owen-archived', afterHours: 40, change: { status: 'declined' } },
  { episode: 'tyler-1', afterHours: 20, change: { status: 'offered' } },
  { episode: 'tyler-1', afterHours: 22, change: { status: 'accepted' } },
  {
    episode: 'tyler-1',
    afterHours: 46,
    change: {
      status: 'completed',
      interviewer: 'Joanne Fisher, independent return interviewer',
      whereabouts: 'A flat in Oxford (Blackbird Leys) and a car park near the station',
      withWhom: 'Two older males he knows as "Dee" and "Kai", one about 20',
      pushFactors: ['placement_breakdown'],
      pullFactors: ['older_associates', 'money_or_gifts'],
      exploitationSigns: ['criminal', 'county_lines'],
      disclosures: 'Says he was given a phone and £50 to "hold things" and that he owes money. Frightened to say more. (Demo text.)',
      actions: 'Strategy discussion requested; placement review brought forward; mentoring offered. (Demo text.)',
      referrals: ['childrens_social_care', 'police', 'national_referral_mechanism'],
    },
  },
  // Offered the day after he came back, never held: overdue.
  { episode: 'tyler-2', afterHours: 26, change: { status: 'offered' } },
];

/** When each step runs, and what it does. */
export function demoInterviewSteps(now: Date, caseIdOf: (episode: string) => string, caseworker: () => Actor) {
  return DEMO_INTERVIEW_STEPS.map((step) => {
    const episode = [...DEMO_ARCHIVED_EPISODES, ...DEMO_EPISODES].find((candidate) => candidate.key === step.episode);
    if (!episode?.closed) throw new Error(`demo seed: interview for an episode that does not close (${step.episode})`);
    const closedAt = now.getTime() - episode.lastSeenHoursAgo * HOUR_MS + episode.closed.afterHours * HOUR_MS;
    const at = new Date(closedAt + step.afterHours * HOUR_MS);
    if (at > now) throw new Error(`demo seed: interview step for ${step.episode} in the future`);
    return {
      at,
      async run(deps: Pick<AppDeps, 'db' | 'clock'>) {
        const id = await interviewIdOfCase(deps.db, caseIdOf(step.episode));
        if (!id) throw new Error(`demo seed: no interview was asked for ${step.episode}`);
        const row = (await findInterview(deps.db, id, sql`TRUE`))!;
        await updateInterview(deps, caseworker(), id, { ...step.change, version: row.version });
      },
    };
  });
}
