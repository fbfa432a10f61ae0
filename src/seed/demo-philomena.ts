// The demo's Philomena profiles, written by Oxfordshire's children's services for the police of Thames Valley:
// Kayla, placed in a children's home in Banbury, who has never gone missing and whose review is a week overdue;
// and Tyler, whose three episodes this month put him on the repeat-missing list, written once his case was shared.
import type { AppDeps } from '../app-deps.ts';
import type { Actor } from '../auth/actor.ts';
import { createProfile } from '../philomena/actions.ts';
import { ukDate } from '../i18n/dates.ts';
import type { NewProfileRequest } from '../philomena/schemas.ts';

const DAY_MS = 86_400_000;

export interface DemoPhilomenaLookups {
  caseworker: () => Actor;
  childId: (childKey: string) => string | undefined;
}

const day = (now: Date, days: number) => ukDate(new Date(now.getTime() + days * DAY_MS));

function kayla(now: Date): NewProfileRequest {
  return {
    givenNames: 'Kayla',
    familyName: 'Morgan',
    dateOfBirth: day(now, -(14 * 365 + 120)),
    sex: 'female',
    heightCm: 160,
    build: 'slim',
    hairColour: 'long, dark brown, usually tied up',
    eyeColour: 'brown',
    distinguishingMarks: 'Small star tattoo behind the left ear',
    languages: ['en'],
    description: 'Wears a black puffer jacket and white trainers; carries a pink phone in a glitter case.',
    associates: [
      'Mum, Lisa Morgan (contact supervised)',
      'Friend from school, Chloe, who lives in Bicester',
      'Older male known as “Deano”',
    ],
    places: ['Castle Quay shopping centre, Banbury', 'Banbury bus station', 'Mum’s flat, Blackbird Leys, Oxford'],
    phonesAndAccounts: ['07700 900456', 'Instagram: kaylam_x', 'Snapchat: kay.m2011'],
    medicalNeeds: 'Type 1 diabetes',
    medication: 'Insulin pen, twice daily; needs it within 12 hours',
    placement: 'Cherwell House children’s home, Banbury, since September',
    carerContacts: ['Cherwell House duty phone 01632 960404 (24 hours)', 'Social worker: Joanne Fisher, Oxfordshire CC'],
    previousEpisodes: 'None recorded; has stayed out late twice since the placement began.',
    riskAnswers: [
      { question: 'exploitation', answer: 'unknown', detail: 'An older male has been seen collecting her from school' },
      { question: 'online_contact', answer: 'yes', detail: 'New contacts on Snapchat the home does not know' },
    ],
    photosReviewBy: day(now, 60),
    nextReviewOn: day(now, 7),
    areaCode: 'thames-valley',
  };
}

function tyler(now: Date, childId: string | undefined): NewProfileRequest {
  return {
    givenNames: 'Tyler James',
    familyName: 'Brooks',
    knownAs: 'TJ',
    dateOfBirth: day(now, -(15 * 365 + 260)),
    sex: 'male',
    heightCm: 172,
    build: 'thin',
    hairColour: 'brown, shaved at the sides',
    eyeColour: 'hazel',
    distinguishingMarks: 'Scar through the right eyebrow; tattoo of a date on the left forearm',
    languages: ['en'],
    description: 'Usually in a black tracksuit and a grey cap; rides a black BMX.',
    associates: ['Older youths at the Kidlington skate park', 'Cousin, Jordan Brooks, in Reading'],
    places: ['Kidlington skate park', 'Oxford railway station', 'Reading, around the Oracle'],
    phonesAndAccounts: ['07700 900789 (often changes number)'],
    placement: 'Foster placement in Kidlington since January',
    carerContacts: ['Foster carers, the Hendersons: 01632 960505'],
    previousEpisodes: 'Three episodes in the last month; each time found in Reading.',
    riskAnswers: [{ question: 'exploitation', answer: 'yes', detail: 'County lines concern raised at the last strategy meeting' }],
    nextReviewOn: day(now, 28),
    areaCode: 'thames-valley',
    ...(childId ? { childId } : {}),
  };
}

/** Kayla's profile written a fortnight ago for review a week later (now overdue); Tyler's this morning. */
export function demoPhilomenaSteps(
  now: Date,
  lookups: DemoPhilomenaLookups,
): { at: Date; run(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<void> }[] {
  return [
    {
      at: new Date(now.getTime() - 14 * DAY_MS),
      run: async (deps) => void (await createProfile(deps, lookups.caseworker(), kayla(deps.clock()))),
    },
    {
      // After his third episode was shared with the council, so the profile links to the register's child.
      at: new Date(now.getTime() - 6 * 3_600_000),
      run: async (deps) => void (await createProfile(deps, lookups.caseworker(), tyler(deps.clock(), lookups.childId('tyler')))),
    },
  ];
}
