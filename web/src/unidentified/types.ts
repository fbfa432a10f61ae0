// What the unidentified people API takes and answers, typed by its own schemas (src/unidentified/schemas.ts),
// and the words and limits of a description, imported from where the server keeps them.
export type {
  Mark,
  NewUnidentifiedRequest,
  PhotoView as Photo,
  UnidentifiedList as UnidentifiedListPage,
  UnidentifiedPatch,
  UnidentifiedView,
} from '../../../src/unidentified/schemas.ts';
export { UNIDENTIFIED_LIMITS } from '../../../src/unidentified/schemas.ts';
export {
  BODY_LOCATIONS,
  BUILDS,
  EYE_COLOURS,
  HAIR_COLOURS,
  MARK_KINDS,
  UNIDENTIFIED_KINDS,
  UNIDENTIFIED_SEXES,
  UNIDENTIFIED_STATUSES,
} from '../../../src/unidentified/vocabulary.ts';
export type { Organisation } from '../../../src/orgs/schemas.ts';
