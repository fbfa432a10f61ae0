// Payloads of the Philomena profiles API, one schema each, shared by the server and the console.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LastSeen, RiskLevelSchema, SexSchema, SharePurposeSchema } from '../cases/schemas.ts';
import { PROFILE_SHARE_FIELDS } from '../cases/share-fields.ts';
import { literalUnion } from '../http/schema-types.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ maxLength });
const Entries = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 30 });
const CalendarDate = Type.String({ format: 'date' });
const LanguageTag = Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', maxLength: 35 });

/** An answer to one of the standard risk questions that the writer can give before any episode. */
export const ProfileRiskAnswer = Type.Object(
  {
    question: Type.String({ maxLength: 50 }),
    answer: Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('unknown')]),
    detail: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
export type ProfileRiskAnswer = Static<typeof ProfileRiskAnswer>;

const profileFields = {
  givenNames: Type.String({ minLength: 1, maxLength: 100 }),
  familyName: Type.String({ minLength: 1, maxLength: 100 }),
  knownAs: Type.Optional(Nullable(Text(100))),
  dateOfBirth: CalendarDate,
  sex: SexSchema,
  heightCm: Type.Optional(Nullable(Type.Integer({ minimum: 30, maximum: 250 }))),
  build: Type.Optional(Nullable(Text(100))),
  hairColour: Type.Optional(Nullable(Text(100))),
  eyeColour: Type.Optional(Nullable(Text(100))),
  distinguishingMarks: Type.Optional(Nullable(Text(2000))),
  languages: Type.Optional(Type.Array(LanguageTag, { maxItems: 10 })),
  description: Type.Optional(Text(5000)),
  associates: Type.Optional(Entries),
  places: Type.Optional(Entries),
  phonesAndAccounts: Type.Optional(Entries),
  medicalNeeds: Type.Optional(Text(5000)),
  medication: Type.Optional(Text(5000)),
  placement: Type.Optional(Text(2000)),
  carerContacts: Type.Optional(Entries),
  previousEpisodes: Type.Optional(Text(5000)),
  riskAnswers: Type.Optional(Type.Array(ProfileRiskAnswer, { maxItems: 20 })),
  photosReviewBy: Type.Optional(Nullable(CalendarDate)),
  nextReviewOn: CalendarDate,
};

export const NewProfileRequest = Type.Object(
  {
    ...profileFields,
    // The force area whose police read the profile (where the child lives or is placed).
    areaCode: Type.String({ minLength: 1, maxLength: 50 }),
    // The register's child, when the child has been missing before and the writer knows the case.
    childId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type NewProfileRequest = Static<typeof NewProfileRequest>;

export const ProfilePatch = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...Type.Partial(Type.Object(profileFields)).properties },
  { additionalProperties: false },
);
export type ProfilePatch = Static<typeof ProfilePatch>;

export const ReviewRequest = Type.Object(
  {
    nextReviewOn: CalendarDate,
    photosReviewBy: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);
export type ReviewRequest = Static<typeof ReviewRequest>;

/** A carer reporting the child of a profile missing: the police of the area pick it up. */
export const MissingReportRequest = Type.Object(
  { lastSeen: LastSeen, circumstances: Type.Optional(Text(10_000)), clothing: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export type MissingReportRequest = Static<typeof MissingReportRequest>;

/**
 * The police making the case from the profile in one action. Without `lastSeen` the waiting carer's report
 * gives it; `confirmedNewChild` answers the likely-duplicate check for a profile with no register child yet.
 */
export const ProfileCaseRequest = Type.Object(
  {
    lastSeen: Type.Optional(LastSeen),
    circumstances: Type.Optional(Text(10_000)),
    clothing: Type.Optional(Text(2000)),
    confirmedNewChild: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProfileCaseRequest = Static<typeof ProfileCaseRequest>;

export const ProfileCaseAnswer = Type.Object({ caseId: Type.String(), reference: Type.String(), suggestedLevel: RiskLevelSchema });

export const ProfileParams = Type.Object({ profileId: Type.String({ format: 'uuid' }) });

export const ProfileListQuery = Type.Object(
  {
    // Only the profiles whose review (or photos' review) is due today or earlier: the writers' reminder.
    overdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

const OrganisationRef = Type.Object({ code: Type.String(), name: Type.String() });

const WaitingReport = Type.Object({
  id: Type.String(),
  lastSeen: Type.Object({ at: Type.String(), lon: Type.Number(), lat: Type.Number(), place: Type.String() }),
  circumstances: Type.String(),
  clothing: Type.String(),
  reportedAt: Type.String(),
  reportedBy: Type.String(),
});

/** A recent photo of the child on a profile: the day it was taken (as the writer gave it) and when it was added. */
export const ProfilePhotoView = Type.Object({
  id: Type.String(),
  caption: Type.String(),
  takenOn: Nullable(Type.String()),
  width: Type.Integer(),
  height: Type.Integer(),
  createdAt: Type.String(),
  urls: Type.Object({ thumb: Type.String(), page: Type.String(), full: Type.String() }),
});
export type ProfilePhotoView = Static<typeof ProfilePhotoView>;

export const ProfilePhotoParams = Type.Object({ profileId: Type.String({ format: 'uuid' }), photoId: Type.String({ format: 'uuid' }) });
export const ProfilePhotoVariantParams = Type.Object({
  profileId: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
  variant: Type.Union([Type.Literal('thumb'), Type.Literal('page'), Type.Literal('full')]),
});

export const ProfileShareFieldSchema = literalUnion(PROFILE_SHARE_FIELDS);

/** Sharing a profile with need-to-know, as a case is shared: the agency, the purpose, the fields, the end. */
export const ProfileShareRequest = Type.Object(
  {
    organisationCode: Type.String({ minLength: 1, maxLength: 50 }),
    reason: Type.String({ minLength: 5, maxLength: 2000 }),
    purpose: SharePurposeSchema,
    /** The groups of fields disclosed; the purpose's template when left out ("other" must name them). */
    fields: Type.Optional(Type.Array(ProfileShareFieldSchema, { minItems: 1, maxItems: PROFILE_SHARE_FIELDS.length, uniqueItems: true })),
    /** When the share ends; the purpose's template length when left out. */
    endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type ProfileShareRequest = Static<typeof ProfileShareRequest>;

export const ProfileShareParams = Type.Object({
  profileId: Type.String({ format: 'uuid' }),
  organisationCode: Type.String({ minLength: 1, maxLength: 50 }),
});

/** A share of the profile, as its writer sees it. */
export const ProfileShareView = Type.Object({
  organisationCode: Type.String(),
  organisationName: Type.String(),
  purpose: SharePurposeSchema,
  fields: Type.Array(ProfileShareFieldSchema),
  reason: Type.String(),
  sharedAt: Type.String(),
  endsAt: Type.String(),
  ended: Type.Boolean(),
});

export const ProfileView = Type.Object({
  id: Type.String(),
  owningOrganisation: OrganisationRef,
  area: OrganisationRef,
  childId: Nullable(Type.String()),
  givenNames: Type.String(),
  familyName: Type.String(),
  knownAs: Nullable(Type.String()),
  dateOfBirth: Type.String(),
  sex: SexSchema,
  heightCm: Nullable(Type.Integer()),
  build: Nullable(Type.String()),
  hairColour: Nullable(Type.String()),
  eyeColour: Nullable(Type.String()),
  distinguishingMarks: Nullable(Type.String()),
  languages: Type.Array(Type.String()),
  description: Type.String(),
  associates: Type.Array(Type.String()),
  places: Type.Array(Type.String()),
  phonesAndAccounts: Type.Array(Type.String()),
  medicalNeeds: Type.String(),
  medication: Type.String(),
  placement: Type.String(),
  carerContacts: Type.Array(Type.String()),
  previousEpisodes: Type.String(),
  // The register's episodes of the child the reader reaches (police), newest first.
  episodes: Type.Array(Type.Object({ caseId: Type.String(), reference: Type.String(), lastSeenAt: Type.String(), status: Type.String() })),
  riskAnswers: Type.Array(
    Type.Object({ question: Type.String(), questionText: Type.String(), answer: Type.String(), detail: Type.String() }),
  ),
  // Recent photos, the most recent first; photosReviewBy is when the writer should check they still look like the child.
  photos: Type.Array(ProfilePhotoView),
  photosReviewBy: Nullable(Type.String()),
  nextReviewOn: Type.String(),
  reviewOverdue: Type.Boolean(),
  lastReviewedAt: Nullable(Type.String()),
  waitingReport: Nullable(WaitingReport),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  // The profile's shares with other agencies (for its writer; empty for other readers).
  shares: Type.Array(ProfileShareView),
  // What the reader may do: write and review it (its writer), report the child missing (writer), make the case (police).
  canWrite: Type.Boolean(),
  canMakeCase: Type.Boolean(),
});
export type ProfileView = Static<typeof ProfileView>;

export const ProfileSummary = Type.Object({
  id: Type.String(),
  childName: Type.String(),
  age: Type.Integer(),
  owningOrganisation: OrganisationRef,
  area: OrganisationRef,
  nextReviewOn: Type.String(),
  photosReviewBy: Nullable(Type.String()),
  reviewOverdue: Type.Boolean(),
  reportedMissing: Type.Boolean(),
});
export const ProfileList = Type.Object({ today: Type.String(), items: Type.Array(ProfileSummary) });
export type ProfileList = Static<typeof ProfileList>;

/** The profiles shared with the reader's agency now: the child named only when the share names the identity. */
export const SharedProfileList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      childName: Nullable(Type.String()),
      owningOrganisation: OrganisationRef,
      purpose: SharePurposeSchema,
      fields: Type.Array(ProfileShareFieldSchema),
      sharedAt: Type.String(),
      endsAt: Type.String(),
    }),
  ),
});
export type SharedProfileList = Static<typeof SharedProfileList>;

/** A profile as an agency it was shared with sees it: only the groups of fields its share names. */
export const SharedProfileView = Type.Object({
  id: Type.String(),
  owningOrganisation: OrganisationRef,
  share: Type.Object({
    purpose: SharePurposeSchema,
    reason: Type.String(),
    fields: Type.Array(ProfileShareFieldSchema),
    sharedAt: Type.String(),
    endsAt: Type.String(),
  }),
  identity: Type.Optional(
    Type.Object({
      givenNames: Type.String(),
      familyName: Type.String(),
      knownAs: Nullable(Type.String()),
      dateOfBirth: Type.String(),
      sex: SexSchema,
    }),
  ),
  description: Type.Optional(
    Type.Object({
      heightCm: Nullable(Type.Integer()),
      build: Nullable(Type.String()),
      hairColour: Nullable(Type.String()),
      eyeColour: Nullable(Type.String()),
      distinguishingMarks: Nullable(Type.String()),
      languages: Type.Array(Type.String()),
      description: Type.String(),
    }),
  ),
  photos: Type.Optional(Type.Array(ProfilePhotoView)),
  contacts: Type.Optional(
    Type.Object({ associates: Type.Array(Type.String()), places: Type.Array(Type.String()), phonesAndAccounts: Type.Array(Type.String()) }),
  ),
  medical: Type.Optional(Type.Object({ medicalNeeds: Type.String(), medication: Type.String() })),
  placement: Type.Optional(Type.Object({ placement: Type.String(), carerContacts: Type.Array(Type.String()) })),
  history: Type.Optional(Type.Object({ previousEpisodes: Type.String() })),
  risk: Type.Optional(
    Type.Array(Type.Object({ question: Type.String(), questionText: Type.String(), answer: Type.String(), detail: Type.String() })),
  ),
});
export type SharedProfileView = Static<typeof SharedProfileView>;

/** The agencies a profile may be shared with (local authorities, charities, police forces). */
export const ShareRecipientList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
});
export type ShareRecipientList = Static<typeof ShareRecipientList>;

/** The areas a writer may give a profile: those its organisation works in. */
export const ProfileAreaList = Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) });
export type ProfileAreaList = Static<typeof ProfileAreaList>;
