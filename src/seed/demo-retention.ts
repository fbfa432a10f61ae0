// Two of the demo's children went missing years ago, once each, and were found within a day; their latest
// episode closed more than six years before the seeding, so the national centre's Retention page has records
// due for review (keep on a ground, or let go). Recorded, graded, photographed and closed through the same
// staff actions as every other episode, with the clock set to the time; each child declined the return
// interview Oxfordshire offered (demo-interviews.ts), so nothing about them is left open.
import type { DemoChild, DemoEpisode } from './demo-cases.ts';

const HOURS_PER_YEAR = 365 * 24;

export const DEMO_ARCHIVED_CHILDREN: DemoChild[] = [
  {
    key: 'owen',
    details: {
      givenNames: 'Owen',
      familyName: 'Parry',
      sex: 'male',
      heightCm: 150,
      build: 'slim',
      hairColour: 'light brown, short',
      eyeColour: 'blue',
      languages: ['en', 'cy'],
    },
    // Thirteen when he went missing, seven years and two months before the seeding.
    age: { years: 20, days: 140 },
    looks: { skinTone: 'fair', hairStyle: 'short', topColour: '#1565c0' },
  },
  {
    key: 'jade',
    details: {
      givenNames: 'Jade',
      familyName: 'Whitmore',
      sex: 'female',
      heightCm: 158,
      build: 'medium',
      hairColour: 'blonde, shoulder length',
      eyeColour: 'hazel',
      languages: ['en'],
    },
    // Fifteen when she went missing, eight years before the seeding.
    age: { years: 23, days: 30 },
    looks: { skinTone: 'fair', hairStyle: 'long', topColour: '#6a1b9a' },
  },
];

export const DEMO_ARCHIVED_EPISODES: DemoEpisode[] = [
  {
    key: 'owen-archived',
    childKey: 'owen',
    force: 'thames-valley',
    place: 'banbury',
    spot: 'Banbury railway station',
    lastSeenHoursAgo: 7 * HOURS_PER_YEAR + 60 * 24,
    reportedAfterMinutes: 180,
    circumstances: 'Left home after an argument about school; took his bike. Had not gone missing before.',
    clothing: 'Blue hoodie, grey joggers, black trainers',
    risk: {
      answers: [
        { question: 'missing_before', answer: 'no', source: 'mother' },
        { question: 'out_of_character', answer: 'yes', source: 'mother' },
        { question: 'reporter_concerned', answer: 'yes', source: 'mother', detail: 'Upset after the argument' },
      ],
      level: 'low',
      gradedBy: 'investigator',
      rationale: 'Aged 13, believed to have gone to a friend’s house after an argument; no other concern.',
    },
    photoCaption: 'School photograph supplied by his mother (demo illustration)',
    closed: {
      outcome: 'returned_of_own_accord',
      notes: 'Came home that evening; had cycled to a friend’s house in Bodicote.',
      afterHours: 9,
    },
  },
  {
    key: 'jade-archived',
    childKey: 'jade',
    force: 'thames-valley',
    place: 'reading',
    spot: 'Broad Street, Reading',
    lastSeenHoursAgo: 8 * HOURS_PER_YEAR,
    reportedAfterMinutes: 240,
    circumstances: 'Did not come home from a friend’s birthday party; her phone was switched off.',
    clothing: 'Purple coat, blue jeans, white trainers',
    risk: {
      answers: [
        { question: 'missing_before', answer: 'no', source: 'father' },
        { question: 'out_of_character', answer: 'yes', source: 'father' },
        { question: 'substance_misuse', answer: 'unknown', source: 'father' },
      ],
      level: 'medium',
      gradedBy: 'approver',
      rationale: 'Out of character and phone off overnight; aged 15.',
    },
    photoCaption: 'Photograph supplied by her father (demo illustration)',
    closed: { outcome: 'found_safe', notes: 'Found safe at a friend’s flat the next morning.', afterHours: 14 },
  },
];
