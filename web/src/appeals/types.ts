// What the long-term appeals API answers and accepts, typed by its own schemas (src/appeals/schemas.ts), and the
// fixed values the console offers, imported from where the server keeps them.
export type { AppealList, AppealView, ChangeAppealRequest, PublishAppealRequest } from '../../../src/appeals/schemas.ts';
export { APPEAL_LIMITS, APPEAL_PHOTO_KINDS, CONSENT_BASES, WITHDRAWAL_REASONS } from '../../../src/appeals/schemas.ts';

/** Where the public reads the appeal, and its photos (the newest has the highest position). */
export const appealPagePath = (slug: string) => `/missing/${encodeURIComponent(slug)}`;
export const appealPhotoPath = (slug: string, position: number) => `${appealPagePath(slug)}/photos/${position + 1}.jpg`;
