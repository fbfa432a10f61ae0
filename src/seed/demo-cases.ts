// The fictional children and missing episodes of the demo. Every name, person and event here is invented;
// the towns are real, so the maps and the routing to forces look right. Times are relative to the moment
// of seeding, and texts avoid clock times and weekdays so they stay true whenever the demo is loaded.
import type { ChildInput, OUTCOMES } from '../cases/schemas.ts';
import type { RiskLevel } from '../cases/risk.ts';
import type { SharePurpose } from '../cases/share-fields.ts';
import type { DemoPlaceKey, ForceCode } from './demo-places.ts';
import type { AvatarLooks } from './demo-photos.ts';

export interface DemoChild {
  key: string;
  details: Omit<ChildInput, 'dateOfBirth' | 'estimatedAge'>;
  /** Age on the day of seeding: whole years, and days since the last birthday (the date of birth follows). */
  age: { years: number; days: number };
  looks: AvatarLooks;
}

export interface DemoRiskAnswer {
  question: string;
  answer: 'yes' | 'no' | 'unknown';
  source: string;
  detail?: string;
}

/** Who in the owning force does something: the investigating officer, or the senior officer. */
export type ForceRole = 'investigator' | 'approver';

export interface DemoEpisode {
  key: string;
  childKey: string;
  /** The force that owns the case; its investigator records it. */
  force: ForceCode;
  place: DemoPlaceKey;
  /** Where in the town, as the report would put it. */
  spot: string;
  lastSeenHoursAgo: number;
  /** From last seen to the report (the recording of the case). */
  reportedAfterMinutes: number;
  circumstances: string;
  clothing: string;
  vehicle?: string;
  suspect?: string;
  sensitive?: boolean;
  /** An exercise: a fictional child recorded for practising alerts, never a real episode. */
  exercise?: boolean;
  risk: { answers: DemoRiskAnswer[]; level: RiskLevel; gradedBy: ForceRole; rationale: string };
  photoCaption: string;
  share?: { organisationCode: string; reason: string; purpose: SharePurpose; afterMinutes: number };
  closed?: { outcome: (typeof OUTCOMES)[number]; notes: string; afterHours: number };
}

export const DEMO_CHILDREN: DemoChild[] = [
  {
    key: 'cerys',
    details: {
      givenNames: 'Cerys Angharad',
      familyName: 'Bowen',
      sex: 'female',
      heightCm: 160,
      build: 'slim',
      hairColour: 'dark brown, long, usually in a ponytail',
      eyeColour: 'green',
      distinguishingMarks: 'Freckles across the nose; small scar on the left eyebrow',
      languages: ['cy', 'en'],
    },
    age: { years: 14, days: 212 },
    looks: { skinTone: 'fair', hairStyle: 'ponytail', topColour: '#222222', freckles: true },
  },
  {
    key: 'osian',
    details: {
      givenNames: 'Osian',
      familyName: 'Rees',
      sex: 'male',
      heightCm: 138,
      build: 'slight',
      hairColour: 'blonde, short',
      eyeColour: 'blue',
      distinguishingMarks: 'Autistic; may not answer to his name and may run if approached quickly or called loudly',
      languages: ['cy', 'en'],
    },
    age: { years: 10, days: 41 },
    looks: { skinTone: 'fair', hairStyle: 'short', topColour: '#2e7d32' },
  },
  {
    key: 'maja',
    details: {
      givenNames: 'Maja',
      familyName: 'Nowak',
      sex: 'female',
      heightCm: 165,
      build: 'medium',
      hairColour: 'light brown, shoulder length',
      eyeColour: 'blue',
      distinguishingMarks: 'Pierced ears; small star tattoo on the inside of the right wrist',
      languages: ['pl', 'en'],
    },
    age: { years: 15, days: 300 },
    looks: { skinTone: 'light', hairStyle: 'bob', topColour: '#c2185b' },
  },
  {
    key: 'ioana',
    details: {
      givenNames: 'Ioana',
      familyName: 'Constantin',
      sex: 'female',
      heightCm: 150,
      build: 'slim',
      hairColour: 'black, long, plaited',
      eyeColour: 'brown',
      distinguishingMarks: 'Wears glasses with red frames',
      languages: ['ro', 'en'],
    },
    age: { years: 12, days: 77 },
    looks: { skinTone: 'olive', hairStyle: 'long', topColour: '#1565c0', glasses: '#c62828' },
  },
  {
    key: 'dylan',
    details: {
      givenNames: 'Dylan',
      familyName: 'Hughes',
      sex: 'male',
      heightCm: 178,
      build: 'athletic',
      hairColour: 'ginger, short',
      eyeColour: 'blue',
      distinguishingMarks: 'Freckles; chipped front tooth',
      languages: ['cy', 'en'],
    },
    age: { years: 16, days: 150 },
    looks: { skinTone: 'fair', hairStyle: 'short', topColour: '#f9a825', freckles: true },
  },
  {
    key: 'leila',
    details: {
      givenNames: 'Leila',
      familyName: 'Mansour',
      sex: 'female',
      heightCm: 158,
      build: 'slim',
      hairColour: 'black, long',
      eyeColour: 'dark brown',
      distinguishingMarks: 'Small mole on the right cheek',
      languages: ['ar', 'en'],
    },
    age: { years: 15, days: 20 },
    looks: { skinTone: 'tan', hairStyle: 'long', topColour: '#6a1b9a' },
  },
  {
    key: 'amira',
    details: {
      givenNames: 'Amira',
      familyName: 'Haddad',
      knownAs: 'Mira',
      sex: 'female',
      heightCm: 122,
      build: 'small',
      hairColour: 'dark brown, curly, shoulder length',
      eyeColour: 'brown',
      distinguishingMarks: 'Gap between her front teeth; birthmark on the back of the left hand',
      languages: ['ar', 'en'],
    },
    age: { years: 7, days: 95 },
    looks: { skinTone: 'olive', hairStyle: 'curly', topColour: '#f06292' },
  },
  {
    key: 'tyler',
    details: {
      givenNames: 'Tyler James',
      familyName: 'Brooks',
      knownAs: 'TJ',
      sex: 'male',
      heightCm: 172,
      build: 'thin',
      hairColour: 'brown, shaved at the sides',
      eyeColour: 'hazel',
      distinguishingMarks: 'Scar through the right eyebrow; tattoo of a date on the left forearm',
      languages: ['en'],
    },
    age: { years: 15, days: 260 },
    looks: { skinTone: 'light', hairStyle: 'buzz', topColour: '#263238' },
  },
  {
    key: 'zofia',
    details: {
      givenNames: 'Zofia',
      familyName: 'Kowalczyk',
      sex: 'female',
      heightCm: 163,
      build: 'slim',
      hairColour: 'blonde, long',
      eyeColour: 'grey',
      distinguishingMarks: 'Braces on her top teeth',
      languages: ['pl', 'en'],
    },
    age: { years: 14, days: 130 },
    looks: { skinTone: 'fair', hairStyle: 'long', topColour: '#90caf9' },
  },
  {
    key: 'andrei',
    details: {
      givenNames: 'Andrei',
      familyName: 'Popescu',
      sex: 'male',
      heightCm: 181,
      build: 'stocky',
      hairColour: 'black, short',
      eyeColour: 'brown',
      distinguishingMarks: 'None known',
      languages: ['ro', 'en'],
    },
    age: { years: 16, days: 340 },
    looks: { skinTone: 'light', hairStyle: 'short', topColour: '#b71c1c' },
  },
  {
    key: 'yusuf',
    details: {
      givenNames: 'Yusuf',
      familyName: 'Rahman',
      sex: 'male',
      heightCm: 155,
      build: 'medium',
      hairColour: 'black, short and curly',
      eyeColour: 'dark brown',
      distinguishingMarks: 'Black glasses; type 1 diabetes: wears a glucose sensor on the back of the left arm',
      languages: ['en', 'bn'],
    },
    age: { years: 13, days: 180 },
    looks: { skinTone: 'brown', hairStyle: 'curly', topColour: '#0d47a1', glasses: '#2b2b2b' },
  },
  {
    key: 'emily',
    details: {
      givenNames: 'Emily Rose',
      familyName: 'Clarke',
      sex: 'female',
      heightCm: 152,
      build: 'slim',
      hairColour: 'auburn, in a bun',
      eyeColour: 'blue',
      distinguishingMarks: 'Freckles; pierced ears',
      languages: ['en'],
    },
    age: { years: 12, days: 250 },
    looks: { skinTone: 'fair', hairStyle: 'bun', topColour: '#00897b', freckles: true },
  },
  // The child of the demo's exercise: made up for practising alerts, and named so nobody could take it for real.
  {
    key: 'exercise',
    details: {
      givenNames: 'Sam',
      familyName: 'Exercise',
      knownAs: 'Fictional child',
      sex: 'male',
      heightCm: 135,
      build: 'slight',
      hairColour: 'brown, short',
      eyeColour: 'brown',
      distinguishingMarks: 'None: a fictional child for exercises only',
      languages: ['cy', 'en'],
    },
    age: { years: 9, days: 100 },
    looks: { skinTone: 'olive', hairStyle: 'short', topColour: '#1565c0' },
  },
];

const CARE_HOME = 'care home manager';

export const DEMO_EPISODES: DemoEpisode[] = [
  // A high-risk case that meets the Child Rescue Alert criteria: a young child believed taken.
  {
    key: 'amira',
    childKey: 'amira',
    force: 'thames-valley',
    place: 'slough',
    spot: 'Playground in Salt Hill Park, Bath Road, Slough',
    lastSeenHoursAgo: 2.5,
    reportedAfterMinutes: 15,
    circumstances:
      'Playing in the playground with her brother (16), who turned away to take a phone call. A witness saw a man lead a girl matching her ' +
      'description to the Bath Road car park and put her in a car, which drove off towards the A4 westbound. The family speak Arabic at home.',
    clothing: 'Pink padded coat with a fur-trimmed hood, purple leggings, white trainers with lights in the soles, small rainbow backpack',
    vehicle: 'Silver hatchback, possibly a Vauxhall Corsa, partial registration beginning "KX6"',
    suspect: 'White man, about 40, tall and thin, stubble, grey beanie hat, dark padded jacket',
    risk: {
      answers: [
        {
          question: 'abduction',
          answer: 'yes',
          source: 'witness (999 call)',
          detail: 'Saw a man lift a crying girl into a silver hatchback',
        },
        { question: 'vulnerable_age', answer: 'yes', source: 'mother', detail: 'Aged 7' },
        { question: 'out_of_character', answer: 'yes', source: 'mother', detail: 'Never wanders off; stays close to her brother' },
        { question: 'reporter_concerned', answer: 'yes', source: 'brother (16)' },
        {
          question: 'domestic_abuse',
          answer: 'no',
          source: 'mother',
          detail: 'Parents separated on good terms; father contacted in Birmingham, she is not with him',
        },
        { question: 'medical_needs', answer: 'no', source: 'mother' },
        { question: 'missing_before', answer: 'no', source: 'mother' },
      ],
      level: 'high',
      gradedBy: 'approver',
      rationale:
        'Aged 7 and believed taken by an unknown man in a car: in imminent danger of serious harm. Meets the Child Rescue Alert criteria ' +
        '(under 18, imminent danger, enough description of the child, suspect and vehicle for the public to help).',
    },
    photoCaption: 'Photo from her mother, taken this month (demo illustration)',
  },
  // A child in care who goes missing again and again: three episodes, the last one shared with the council.
  {
    key: 'tyler-1',
    childKey: 'tyler',
    force: 'thames-valley',
    place: 'banbury',
    spot: 'Castle Quay shopping centre, Banbury',
    lastSeenHoursAgo: 26 * 24 + 5,
    reportedAfterMinutes: 240,
    circumstances:
      'Lives in a children’s home in Banbury (placed by Oxfordshire County Council two months ago). Did not return by the agreed time; ' +
      'staff searched the usual places before reporting, as his missing-from-care protocol asks.',
    clothing: 'Black puffer jacket, grey tracksuit, black trainers with a white sole, black cap',
    risk: {
      answers: [
        { question: 'in_care', answer: 'yes', source: CARE_HOME },
        {
          question: 'reporter_concerned',
          answer: 'yes',
          source: CARE_HOME,
          detail: 'Seen getting into cars with older youths outside the home',
        },
        { question: 'missing_before', answer: 'no', source: CARE_HOME, detail: 'Not since this placement began' },
        { question: 'exploitation', answer: 'unknown', source: 'social worker (Oxfordshire County Council)' },
        { question: 'substance_misuse', answer: 'unknown', source: CARE_HOME },
      ],
      level: 'medium',
      gradedBy: 'investigator',
      rationale: 'The answers suggest low; graded medium because of the new placement and the older youths in cars.',
    },
    photoCaption: 'Photo held by the children’s home (demo illustration)',
    closed: {
      outcome: 'returned_of_own_accord',
      notes: 'Walked back into the home the next morning; would not say where he had been. Return interview offered.',
      afterHours: 16,
    },
  },
  {
    key: 'tyler-2',
    childKey: 'tyler',
    force: 'thames-valley',
    place: 'banbury',
    spot: 'Banbury bus station, Bridge Street',
    lastSeenHoursAgo: 11 * 24 + 2,
    reportedAfterMinutes: 180,
    circumstances: 'Left the children’s home after tea saying he was going to the shop; seen on CCTV boarding a bus towards Oxford.',
    clothing: 'Black puffer jacket, grey tracksuit, white trainers',
    risk: {
      answers: [
        { question: 'missing_before', answer: 'yes', source: CARE_HOME, detail: 'Second time in two weeks' },
        { question: 'in_care', answer: 'yes', source: CARE_HOME },
        {
          question: 'exploitation',
          answer: 'yes',
          source: 'social worker (Oxfordshire County Council)',
          detail: 'Criminal exploitation (county lines) raised at a strategy meeting',
        },
        { question: 'substance_misuse', answer: 'unknown', source: CARE_HOME },
      ],
      level: 'high',
      gradedBy: 'approver',
      rationale: 'Repeat missing from care with concerns of criminal exploitation: high.',
    },
    photoCaption: 'Photo held by the children’s home (demo illustration)',
    closed: {
      outcome: 'found_safe',
      notes:
        'Found by officers at a flat in Oxford during a welfare check, with cash and a second phone. Intelligence submitted; safeguarding referral made.',
      afterHours: 30,
    },
  },
  {
    key: 'tyler-3',
    childKey: 'tyler',
    force: 'thames-valley',
    place: 'banbury',
    spot: 'Banbury railway station, Station Approach',
    lastSeenHoursAgo: 30,
    reportedAfterMinutes: 120,
    circumstances:
      'Seen on station CCTV boarding a train towards Reading with two older males. Phone switched off since. Third episode in four weeks.',
    clothing: 'Navy North Face jacket, black tracksuit bottoms, black trainers, black cross-body bag',
    suspect: 'Two males, about 19 to 22, one with a red puffer jacket and a face covering',
    risk: {
      answers: [
        { question: 'missing_before', answer: 'yes', source: CARE_HOME, detail: 'Third time in four weeks' },
        { question: 'in_care', answer: 'yes', source: CARE_HOME },
        {
          question: 'exploitation',
          answer: 'yes',
          source: 'social worker (Oxfordshire County Council)',
          detail: 'Found last time with cash and a second phone',
        },
        { question: 'reporter_concerned', answer: 'yes', source: CARE_HOME, detail: 'Left with older males not known to staff' },
        { question: 'substance_misuse', answer: 'unknown', source: CARE_HOME },
        { question: 'mental_health', answer: 'no', source: 'social worker (Oxfordshire County Council)' },
      ],
      level: 'high',
      gradedBy: 'approver',
      rationale: 'Third episode in four weeks, left with older males, criminal exploitation suspected: high. Transport police informed.',
    },
    photoCaption: 'Recent photo from the children’s home (demo illustration)',
    share: {
      organisationCode: 'oxfordshire-cc',
      reason:
        'Looked-after child placed by Oxfordshire County Council; third episode in four weeks. For the strategy meeting and the return interview.',
      purpose: 'strategy_meeting',
      afterMinutes: 360,
    },
  },
  // Sexual exploitation concerns: the case is marked sensitive, so every view asks for a reason.
  {
    key: 'zofia',
    childKey: 'zofia',
    force: 'thames-valley',
    place: 'reading',
    spot: 'Broad Street, Reading town centre',
    lastSeenHoursAgo: 20,
    reportedAfterMinutes: 180,
    circumstances:
      'Left home saying she was going to revise at a friend’s; the friend has not seen her. Her mother found messages on an old tablet ' +
      'between Zofia and an adult she met online, arranging to meet in Reading town centre. Her phone has been off since.',
    clothing: 'Cream puffer jacket, black skirt, black tights, white platform trainers, small black shoulder bag',
    vehicle: 'Possibly a black Audi (the contact says he drives one); no registration',
    suspect: 'Known to her online as "Jay"; says he is 19, believed older. Account details passed to the online child exploitation team.',
    sensitive: true,
    risk: {
      answers: [
        { question: 'online_contact', answer: 'yes', source: 'mother', detail: 'Messages with an adult she met online, arranging to meet' },
        { question: 'exploitation', answer: 'yes', source: 'mother', detail: 'Messages contain gifts and promises of money' },
        { question: 'out_of_character', answer: 'yes', source: 'mother' },
        { question: 'reporter_concerned', answer: 'yes', source: 'mother' },
        { question: 'missing_before', answer: 'no', source: 'mother' },
        { question: 'mental_health', answer: 'no', source: 'mother' },
      ],
      level: 'high',
      gradedBy: 'approver',
      rationale: 'Online grooming with an arranged meeting: risk of child sexual exploitation. Case marked sensitive.',
    },
    photoCaption: 'School photo supplied by her mother (demo illustration)',
  },
  {
    key: 'yusuf',
    childKey: 'yusuf',
    force: 'thames-valley',
    place: 'highWycombe',
    spot: 'Frogmoor, High Wycombe',
    lastSeenHoursAgo: 10,
    reportedAfterMinutes: 120,
    circumstances:
      'Left home after an argument about his games console being taken away. Has type 1 diabetes: his insulin pen is at home and he will need his next dose within about 12 hours.',
    clothing: 'Blue school blazer, white shirt, black trousers, black backpack with a football keyring',
    risk: {
      answers: [
        {
          question: 'medical_needs',
          answer: 'yes',
          source: 'mother',
          detail: 'Type 1 diabetes; insulin twice a day; can become very unwell within a day without it',
        },
        { question: 'out_of_character', answer: 'yes', source: 'mother' },
        { question: 'reporter_concerned', answer: 'yes', source: 'mother' },
        { question: 'missing_before', answer: 'no', source: 'mother' },
        { question: 'online_contact', answer: 'no', source: 'father' },
      ],
      level: 'medium',
      gradedBy: 'investigator',
      rationale: 'Medium for now; re-grade to high if he is not found before his next insulin dose is due.',
    },
    photoCaption: 'Photo from his father’s phone (demo illustration)',
  },
  {
    key: 'andrei',
    childKey: 'andrei',
    force: 'thames-valley',
    place: 'miltonKeynes',
    spot: 'centre:mk, Midsummer Boulevard, Milton Keynes',
    lastSeenHoursAgo: 16,
    reportedAfterMinutes: 600,
    circumstances:
      'Did not come home after football training; texted his sister that he was "staying at a mate’s". Did the same once last year.',
    clothing: 'Red football training top, black shorts, black hoodie, blue sports bag',
    risk: {
      answers: [
        { question: 'missing_before', answer: 'yes', source: 'father', detail: 'Once last year, stayed with a friend' },
        { question: 'reporter_concerned', answer: 'no', source: 'father', detail: 'No specific worry; wants to know he is safe' },
        { question: 'out_of_character', answer: 'no', source: 'father' },
        { question: 'exploitation', answer: 'no', source: 'football coach' },
        { question: 'substance_misuse', answer: 'no', source: 'father' },
      ],
      level: 'low',
      gradedBy: 'investigator',
      rationale: 'Aged 16, believed to be with a friend from the team, as once before. Calls to teammates’ families under way.',
    },
    photoCaption: 'Team photo crop supplied by his father (demo illustration)',
  },
  {
    key: 'emily',
    childKey: 'emily',
    force: 'thames-valley',
    place: 'oxford',
    spot: 'Cornmarket Street, Oxford',
    lastSeenHoursAgo: 50,
    reportedAfterMinutes: 90,
    circumstances: 'Went into town with two friends after school and did not come home; her phone went straight to voicemail.',
    clothing: 'Green school jumper, grey skirt, black coat, black shoes',
    risk: {
      answers: [
        { question: 'reporter_concerned', answer: 'yes', source: 'father', detail: 'Always texts if she will be late' },
        { question: 'out_of_character', answer: 'unknown', source: 'father' },
        { question: 'missing_before', answer: 'no', source: 'father' },
      ],
      level: 'low',
      gradedBy: 'investigator',
      rationale: 'Believed to be with two school friends in the city centre; friends’ parents being called.',
    },
    photoCaption: 'Photo supplied by her father (demo illustration)',
    closed: {
      outcome: 'found_safe',
      notes: 'Found safe with her friends at a cinema in the city centre; her phone battery had died. Taken home by officers.',
      afterHours: 5,
    },
  },
  // Dyfed-Powys.
  {
    key: 'osian',
    childKey: 'osian',
    force: 'dyfed-powys',
    place: 'llandrindodWells',
    spot: 'The lake, Llandrindod Wells',
    lastSeenHoursAgo: 3,
    reportedAfterMinutes: 25,
    circumstances:
      'Walked away from his family at the lake while they were feeding the ducks. He is autistic and drawn to water and trains; he may hide, and may run if called loudly.',
    clothing: 'Green waterproof jacket, blue jeans, red wellington boots; ear defenders left behind',
    risk: {
      answers: [
        { question: 'vulnerable_age', answer: 'yes', source: 'father', detail: 'Aged 10, autistic' },
        {
          question: 'weather_environment',
          answer: 'yes',
          source: 'father',
          detail: 'Lake and woodland close by; light going and temperature falling',
        },
        { question: 'medical_needs', answer: 'yes', source: 'father', detail: 'Autism; cannot always say where he is or what he needs' },
        { question: 'missing_before', answer: 'yes', source: 'father', detail: 'Wandered off twice at school, found within minutes' },
        { question: 'abduction', answer: 'no', source: 'father' },
      ],
      level: 'high',
      gradedBy: 'approver',
      rationale:
        'Aged 10, autistic, near open water as it gets dark and cold: high. Search of the lake shore and woodland; drone requested.',
    },
    photoCaption: 'Photo from his father’s phone, taken today (demo illustration)',
  },
  {
    key: 'cerys',
    childKey: 'cerys',
    force: 'dyfed-powys',
    place: 'aberystwyth',
    spot: 'The promenade near the pier, Aberystwyth',
    lastSeenHoursAgo: 14,
    reportedAfterMinutes: 90,
    circumstances:
      'Left home without her coat after an argument with her mother about her phone. A friend saw her on the promenade near the pier late in the evening.',
    clothing: 'Black hoodie with a white logo, grey joggers, white trainers; no coat',
    risk: {
      answers: [
        { question: 'out_of_character', answer: 'yes', source: 'mother', detail: 'Has never stayed out overnight' },
        { question: 'reporter_concerned', answer: 'yes', source: 'mother' },
        { question: 'weather_environment', answer: 'yes', source: 'mother', detail: 'Cold and wet on the seafront; no coat' },
        {
          question: 'mental_health',
          answer: 'unknown',
          source: 'friend',
          detail: 'Has seemed low since her exams; no talk of self-harm that the friend knows of',
        },
        { question: 'missing_before', answer: 'no', source: 'mother' },
      ],
      level: 'medium',
      gradedBy: 'investigator',
      rationale:
        'Out of character, out overnight without a coat by the sea: medium. Coastguard informed; re-grade if the low mood is confirmed.',
    },
    photoCaption: 'Photo from her mother’s phone (demo illustration)',
  },
  {
    key: 'leila',
    childKey: 'leila',
    force: 'dyfed-powys',
    place: 'newtown',
    spot: 'Riverside path by the Long Bridge, Newtown',
    lastSeenHoursAgo: 7,
    reportedAfterMinutes: 60,
    circumstances:
      'Did not come home from school. A classmate saw her walking alone along the river path. Her father speaks little English: use an Arabic interpreter with the family.',
    clothing: 'Black school blazer, grey trousers, purple scarf, black backpack',
    risk: {
      answers: [
        { question: 'out_of_character', answer: 'yes', source: 'father (through an interpreter)' },
        {
          question: 'reporter_concerned',
          answer: 'yes',
          source: 'father (through an interpreter)',
          detail: 'Quiet and withdrawn for some weeks',
        },
        { question: 'bullying', answer: 'yes', source: 'head of year', detail: 'Name-calling online and at school reported last month' },
        { question: 'mental_health', answer: 'unknown', source: 'head of year', detail: 'Referred to the school counsellor last term' },
        { question: 'missing_before', answer: 'no', source: 'father (through an interpreter)' },
      ],
      level: 'medium',
      gradedBy: 'investigator',
      rationale:
        'Out of character, with bullying and possible low mood: medium. Search of the riverside; school counsellor to be spoken to.',
    },
    photoCaption: 'School photo (demo illustration)',
  },
  {
    key: 'maja',
    childKey: 'maja',
    force: 'dyfed-powys',
    place: 'haverfordwest',
    spot: 'Haverfordwest bus station, Cartlett Road',
    lastSeenHoursAgo: 9,
    reportedAfterMinutes: 240,
    circumstances:
      'Left a note saying she had gone to see her boyfriend (17) in Milford Haven and would be back tomorrow. Her mother has no address for him; Maja’s phone goes to voicemail.',
    clothing: 'Pink hoodie, blue denim jacket, black leggings, white trainers',
    risk: {
      answers: [
        { question: 'reporter_concerned', answer: 'yes', source: 'mother', detail: 'Does not know where the boyfriend lives' },
        { question: 'out_of_character', answer: 'no', source: 'mother', detail: 'Has stayed out late before, always came home' },
        { question: 'online_contact', answer: 'no', source: 'mother', detail: 'Boyfriend goes to her college' },
        { question: 'missing_before', answer: 'no', source: 'mother' },
      ],
      level: 'low',
      gradedBy: 'investigator',
      rationale: 'Believed to be with a boyfriend of similar age known to the family; left a note. College asked for an address.',
    },
    photoCaption: 'Photo supplied by her mother (demo illustration)',
  },
  {
    key: 'ioana',
    childKey: 'ioana',
    force: 'dyfed-powys',
    place: 'carmarthen',
    spot: 'Lammas Street, Carmarthen',
    lastSeenHoursAgo: 76,
    reportedAfterMinutes: 120,
    circumstances: 'Did not come home from school; last seen walking along Lammas Street with a classmate.',
    clothing: 'Navy school jumper, grey skirt, purple raincoat, red glasses',
    risk: {
      answers: [
        { question: 'reporter_concerned', answer: 'yes', source: 'mother' },
        { question: 'out_of_character', answer: 'unknown', source: 'mother', detail: 'First time she has not come straight home' },
        { question: 'missing_before', answer: 'no', source: 'mother' },
        { question: 'medical_needs', answer: 'no', source: 'mother' },
      ],
      level: 'low',
      gradedBy: 'investigator',
      rationale: 'Believed to be with a classmate; the school is finding the classmate’s address.',
    },
    photoCaption: 'School photo (demo illustration)',
    closed: {
      outcome: 'found_safe',
      notes: 'Found safe at a classmate’s house in Carmarthen; she had gone there without telling her parents. Return interview arranged.',
      afterHours: 6,
    },
  },
  {
    key: 'dylan',
    childKey: 'dylan',
    force: 'dyfed-powys',
    place: 'brecon',
    spot: 'The Bulwark, Brecon',
    lastSeenHoursAgo: 98,
    reportedAfterMinutes: 300,
    circumstances: 'Went out with friends and did not come home; his phone is off. Friends’ parents think the group went camping.',
    clothing: 'Grey fleece, black jeans, walking boots, green rucksack',
    risk: {
      answers: [
        { question: 'reporter_concerned', answer: 'no', source: 'mother', detail: 'Thinks he is camping with friends' },
        { question: 'missing_before', answer: 'no', source: 'mother' },
        { question: 'weather_environment', answer: 'unknown', source: 'mother', detail: 'Dry but cold overnight' },
        { question: 'substance_misuse', answer: 'no', source: 'mother' },
      ],
      level: 'no_apparent',
      gradedBy: 'investigator',
      rationale: 'Aged 16 and believed camping with friends; no concerns raised. Review in the morning.',
    },
    photoCaption: 'Photo supplied by his mother (demo illustration)',
    closed: {
      outcome: 'returned_of_own_accord',
      notes: 'Came home in the morning: had been camping by Llangorse Lake and his phone battery died.',
      afterHours: 15,
    },
    share: {
      organisationCode: 'runaway-helpline',
      reason: 'Independent return interview, with the family’s agreement.',
      purpose: 'charity_support',
      afterMinutes: 17 * 60,
    },
  },
  // The exercise: a case recorded as an exercise, for the demo's exercise alert.
  {
    key: 'exercise',
    childKey: 'exercise',
    force: 'dyfed-powys',
    place: 'llandrindodWells',
    spot: 'EXERCISE: the lake, Llandrindod Wells',
    // Recorded, graded and photographed before the exercise alert is drafted (100 minutes ago).
    lastSeenHoursAgo: 3,
    reportedAfterMinutes: 20,
    circumstances: 'EXERCISE scenario: seen getting into a dark blue hatchback with an unknown man by the lake.',
    clothing: 'EXERCISE: blue coat, jeans',
    vehicle: 'EXERCISE: dark blue hatchback',
    exercise: true,
    risk: {
      answers: [
        { question: 'abduction', answer: 'yes', source: 'exercise scenario', detail: 'EXERCISE: taken by an unknown man' },
        { question: 'vulnerable_age', answer: 'yes', source: 'exercise scenario', detail: 'EXERCISE: aged 9' },
        { question: 'reporter_concerned', answer: 'yes', source: 'exercise scenario' },
      ],
      level: 'high',
      gradedBy: 'approver',
      rationale: 'EXERCISE: scenario of an abduction by car, graded high to practise a Child Rescue Alert.',
    },
    photoCaption: 'EXERCISE: drawn illustration of a fictional child',
  },
];
