// The demo's alerts, so a newcomer sees the whole lifecycle on first start: an active EXERCISE alert in
// English and Welsh (on the exercise case of a fictional child, so it lists on no public page), and an alert that was withdrawn when the child was found safe.
import type { AppDeps } from '../app-deps.ts';
import type { Actor } from '../auth/actor.ts';
import { approveAlert, createAlertDraft, submitAlert, withdrawAlert } from '../alerts/lifecycle.ts';
import type { AlertContentInput, CriteriaInput } from '../alerts/schemas.ts';
import { closeCase } from '../cases/actions.ts';
import { matchCase } from '../matching/matcher.ts';
import type { ForceRole } from './demo-cases.ts';

const MINUTE_MS = 60_000;

export interface DemoAlertLookups {
  actor(force: string, role: ForceRole): Actor;
  caseId(episodeKey: string): string;
}

const EXERCISE_CRITERIA: CriteriaInput = {
  under18: { met: true, reason: 'EXERCISE: the fictional child is recorded as 9 years old.' },
  imminentDanger: { met: true, reason: 'EXERCISE: scenario of a child seen getting into a stranger’s car by the lake.' },
  enoughInformation: { met: true, reason: 'EXERCISE: recent photo, clothing and the car are described.' },
};

const EXERCISE_CONTENTS: AlertContentInput[] = [
  {
    language: 'en',
    headline: 'EXERCISE: Child Rescue Alert for Sam Exercise in Llandrindod Wells',
    description:
      'This is an exercise of the Child Rescue Alert system, with a fictional child. Sam Exercise, 9, was last seen by the lake in Llandrindod Wells. In the scenario he got into a dark blue hatchback with an unknown man.',
    instruction: 'EXERCISE ONLY. In a real alert: if you see him, call 999 immediately. Do not approach.',
    contact: 'Exercise: no action needed.',
    smsText:
      'EXERCISE Child Rescue Alert: Sam Exercise, 9, Llandrindod Wells lake, dark blue hatchback. In a real alert call 999. No action needed.',
    broadcastText: 'EXERCISE: Child Rescue Alert test for Sam Exercise, 9, Llandrindod Wells. No action needed.',
  },
  {
    language: 'cy',
    headline: 'YMARFER: Rhybudd Achub Plentyn i Sam Exercise yn Llandrindod',
    description:
      'Ymarfer o system Rhybudd Achub Plentyn yw hwn, gyda phlentyn ffug. Gwelwyd Sam Exercise, 9, ddiwethaf ger y llyn yn Llandrindod. Yn y senario aeth i gar glas tywyll gyda dyn dieithr.',
    instruction: 'YMARFER YN UNIG. Mewn rhybudd go iawn: os gwelwch ef, ffoniwch 999 ar unwaith. Peidiwch â mynd ato.',
    contact: 'Ymarfer: dim angen gweithredu.',
    smsText: 'YMARFER Rhybudd Achub Plentyn: Sam Exercise, 9, llyn Llandrindod. Mewn rhybudd go iawn ffoniwch 999. Dim angen gweithredu.',
    broadcastText: 'YMARFER: Rhybudd Achub Plentyn i Sam Exercise, 9, Llandrindod Wells. Dim angen gweithredu.',
  },
];

const WITHDRAWN_CRITERIA: CriteriaInput = {
  under18: { met: true, reason: 'The case records her as 15 years old.' },
  imminentDanger: { met: true, reason: 'Seen on the promenade getting into a car with an older man not known to the family; low mood.' },
  enoughInformation: { met: true, reason: 'Recent photo, clothing and the car colour are known.' },
};

type AlertSeedDeps = Pick<AppDeps, 'db' | 'media' | 'clock'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

/**
 * The steps that raise the demo alerts, each at its time, to run in order with the case steps (the
 * caller stops the clock at `at`). Case ids are looked up when a step runs, after the case exists.
 */
export function demoAlertSteps(now: Date, lookups: DemoAlertLookups): { at: Date; run(deps: AlertSeedDeps): Promise<void> }[] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE_MS);
  const investigator = () => lookups.actor('dyfed-powys', 'investigator');
  const approver = () => lookups.actor('dyfed-powys', 'approver');
  let withdrawnId = '';
  let exerciseId = '';
  return [
    // Withdrawn: raised in the night for Cerys in Aberystwyth, withdrawn when she was found safe.
    {
      at: ago(11 * 60),
      run: async (deps) => {
        withdrawnId = await createAlertDraft(deps, investigator(), { caseId: lookups.caseId('cerys'), criteria: WITHDRAWN_CRITERIA });
      },
    },
    { at: ago(11 * 60 - 5), run: (deps) => submitAlert(deps, investigator(), withdrawnId) },
    { at: ago(11 * 60 - 12), run: (deps) => approveAlert(deps, approver(), withdrawnId, 'Approved by the duty superintendent') },
    {
      at: ago(8 * 60),
      run: (deps) => withdrawAlert(deps, investigator(), withdrawnId, 'found_safe', 'Found safe at a friend’s house in Penparcau'),
    },
    {
      at: ago(8 * 60 - 1),
      run: async (deps) => {
        await closeCase(
          deps,
          investigator(),
          lookups.caseId('cerys'),
          'found_safe',
          'Found safe at a friend’s house; return interview booked.',
        );
        // A closed episode leaves the candidates, as after the API.
        await matchCase(deps.db, lookups.caseId('cerys'), deps.clock());
      },
    },
    // Active exercise, on the exercise case of a fictional child in Llandrindod Wells, in English and Welsh.
    {
      at: ago(100),
      run: async (deps) => {
        exerciseId = await createAlertDraft(deps, investigator(), {
          caseId: lookups.caseId('exercise'),
          capStatus: 'Exercise',
          criteria: EXERCISE_CRITERIA,
          contents: EXERCISE_CONTENTS,
          vehicle: 'EXERCISE: dark blue hatchback',
        });
      },
    },
    { at: ago(95), run: (deps) => submitAlert(deps, investigator(), exerciseId) },
    { at: ago(90), run: (deps) => approveAlert(deps, approver(), exerciseId, 'Exercise approved by the duty superintendent') },
  ];
}
