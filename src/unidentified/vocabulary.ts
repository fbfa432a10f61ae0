// The fixed words of an unidentified person's description. Plain constants (no schema library), so a console
// can offer exactly these, and so the matcher compares words rather than free text. Cases keep build, hair and
// eyes as free text, so the matcher maps a case's words onto these lists, not the other way round.
import type { SEXES } from '../cases/vocabulary.ts';

export const UNIDENTIFIED_KINDS = ['living', 'remains'] as const;
export type UnidentifiedKind = (typeof UNIDENTIFIED_KINDS)[number];

// Only open records change; identified and closed are where a record ends (a mistake is a new record).
export const UNIDENTIFIED_STATUSES = ['open', 'identified', 'closed'] as const;
export type UnidentifiedStatus = (typeof UNIDENTIFIED_STATUSES)[number];

// The cases' words for sex, less "other": what is observed of someone found, or "unknown" (which matches any).
export const UNIDENTIFIED_SEXES = ['female', 'male', 'unknown'] as const satisfies readonly (typeof SEXES)[number][];
export type UnidentifiedSex = (typeof UNIDENTIFIED_SEXES)[number];

export const BUILDS = ['slight', 'slim', 'medium', 'stocky', 'heavy'] as const;
export const HAIR_COLOURS = ['black', 'dark_brown', 'brown', 'light_brown', 'blonde', 'red', 'grey', 'white', 'dyed', 'none'] as const;
export const EYE_COLOURS = ['brown', 'hazel', 'green', 'blue', 'grey', 'other'] as const;
export type Build = (typeof BUILDS)[number];
export type HairColour = (typeof HAIR_COLOURS)[number];
export type EyeColour = (typeof EYE_COLOURS)[number];

export const MARK_KINDS = ['mark', 'scar', 'tattoo', 'piercing', 'birthmark'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

// Where on the body, left and right as the person's own: a scar on the left forearm matches only the left forearm.
export const BODY_LOCATIONS = [
  'head',
  'face',
  'left_ear',
  'right_ear',
  'neck',
  'left_shoulder',
  'right_shoulder',
  'chest',
  'abdomen',
  'upper_back',
  'lower_back',
  'left_upper_arm',
  'right_upper_arm',
  'left_forearm',
  'right_forearm',
  'left_wrist',
  'right_wrist',
  'left_hand',
  'right_hand',
  'groin',
  'buttocks',
  'left_thigh',
  'right_thigh',
  'left_knee',
  'right_knee',
  'left_lower_leg',
  'right_lower_leg',
  'left_ankle',
  'right_ankle',
  'left_foot',
  'right_foot',
  'other',
] as const;
export type BodyLocation = (typeof BODY_LOCATIONS)[number];
