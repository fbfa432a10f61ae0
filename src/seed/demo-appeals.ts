// The demo's long-term appeal and partner site. Tyler, looked after by Oxfordshire County Council and missing
// for the third time in four weeks, gets a long-term appeal with the council's consent recorded, shown in the
// public gallery "Missing for longer" with his photo; and a neighbouring country's national site is a partner
// that may receive a few person fields (its key is shown to nobody: the national coordinator gives it a new one
// from the console's partner sites screen when the exchange starts).
import type { AppDeps } from '../app-deps.ts';
import { addAppealPhoto, publishAppeal } from '../appeals/actions.ts';
import { ukDate } from '../i18n/dates.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Actor } from '../auth/actor.ts';
import { latestChildPhotoIds } from '../cases/appeal-photos.ts';
import { createPartner } from '../exchange/partners.ts';

type StepDeps = Pick<AppDeps, 'db' | 'media' | 'clock'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DemoAppealLookups {
  approver: () => Actor;
  caseId: (episodeKey: string) => string;
  childId: (childKey: string) => string | undefined;
}

export const DEMO_PARTNER = {
  code: 'ie-demo',
  name: 'Neighbouring national site (demo)',
  personFields: ['sex', 'age', 'description', 'photo_url'],
} as const;

export function demoAppealSteps(now: Date, lookups: DemoAppealLookups): { at: Date; run(deps: StepDeps): Promise<void> }[] {
  // After Tyler's third episode was recorded, photographed and shared with the council (see demo-cases.ts).
  const publishedAt = new Date(now.getTime() - 20 * HOUR_MS);
  return [
    {
      at: new Date(now.getTime() - 29 * DAY_MS),
      async run(deps) {
        await deps.db.transaction(async (tx) => {
          const partner = await createPartner(tx, { ...DEMO_PARTNER, personFields: [...DEMO_PARTNER.personFields] }, deps.clock());
          await appendAudit(
            tx,
            {
              actorId: null,
              actor: 'demo seed',
              action: 'exchange.partner_added',
              subjectType: 'pfif_partner',
              subjectId: partner.id,
              details: { code: DEMO_PARTNER.code, personFields: DEMO_PARTNER.personFields },
            },
            deps.clock(),
          );
        });
      },
    },
    {
      at: publishedAt,
      async run(deps) {
        const appealId = await publishAppeal(deps, lookups.approver(), {
          caseId: lookups.caseId('tyler-3'),
          consent: { basis: 'local_authority', givenBy: 'Oxfordshire County Council (corporate parent)' },
          reviewDueOn: ukDate(new Date(publishedAt.getTime() + 90 * DAY_MS)),
          country: 'GB',
          contents: [
            {
              language: 'en',
              headline: 'Have you seen Tyler? Missing from Banbury (demo appeal)',
              description:
                'Tyler, 15, was last seen at Banbury railway station boarding a train towards Reading. He may be in Reading or Oxford. If you see him, call 999; with information, call 101. This is a demonstration appeal about a fictional child.',
            },
            {
              language: 'pl',
              headline: 'Czy widziałeś Tylera? Zaginął w Banbury (apel demonstracyjny)',
              description:
                'Tyler, 15 lat, był ostatnio widziany na stacji kolejowej w Banbury, wsiadając do pociągu w kierunku Reading. Jeśli go zobaczysz, zadzwoń pod 999; z informacjami — pod 101. To apel demonstracyjny o fikcyjnym dziecku.',
            },
          ],
        });
        const [photoId] = await latestChildPhotoIds(deps.db, lookups.childId('tyler')!, 1);
        if (photoId) await addAppealPhoto(deps, lookups.approver(), appealId, { photoId, kind: 'photo' });
      },
    },
  ];
}
