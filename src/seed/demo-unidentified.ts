// People found whom nobody has yet named, recorded by the demo forces: a young girl found alone west of Slough
// an hour after Amira was taken there (so the review queue has a plausible candidate to show), and remains
// that match no demo child.
import type { NewUnidentifiedRequest } from '../unidentified/schemas.ts';
import type { DemoPlaceKey, ForceCode } from './demo-places.ts';

export interface DemoUnidentified {
  key: string;
  force: ForceCode;
  place: DemoPlaceKey;
  /** How far from the town's centre, in degrees, so the point is not the town's own. */
  offset: { lon: number; lat: number };
  foundHoursAgo: number;
  record: Omit<NewUnidentifiedRequest, 'found' | 'owningOrganisationCode'> & { spot: string };
}

export const DEMO_UNIDENTIFIED: DemoUnidentified[] = [
  {
    key: 'girl-at-services',
    force: 'thames-valley',
    place: 'reading',
    offset: { lon: -0.04, lat: -0.02 },
    foundHoursAgo: 1,
    record: {
      kind: 'living',
      spot: 'Reading services, M4 westbound, by the toilets',
      sex: 'female',
      ageMin: 6,
      ageMax: 8,
      heightMinCm: 115,
      heightMaxCm: 128,
      build: 'slight',
      hairColour: 'dark_brown',
      eyeColour: 'brown',
      marks: [{ kind: 'birthmark', bodyLocation: 'left_hand', description: 'Brown mark on the back of the hand' }],
      clothing: 'Pink padded coat with a hood, purple leggings, trainers with lights in the soles',
      belongings: 'Small rainbow backpack with a colouring book',
      notes: 'Found alone and crying by a member of staff; speaks little English and has not said her name.',
    },
  },
  {
    key: 'remains-by-river',
    force: 'dyfed-powys',
    place: 'carmarthen',
    offset: { lon: 0.03, lat: 0.01 },
    foundHoursAgo: 20,
    record: {
      kind: 'remains',
      spot: 'Bank of the River Tywi below the town',
      sex: 'male',
      ageMin: 35,
      ageMax: 60,
      heightMinCm: 170,
      heightMaxCm: 185,
      clothing: 'Remnants of a dark waxed jacket',
      notes: 'Found by anglers; long in the water. Dental and DNA samples taken by the pathologist.',
    },
  },
];
