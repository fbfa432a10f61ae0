// Payloads of sharing with need-to-know: a shared case as its recipient sees it, what recipients add, and the
// disclosure register. One schema each, shared by the server and the console.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LOG_CATEGORIES } from '../audit/disclosure-log.ts';
import { ContributionCategorySchema, SharedCaseView } from '../cases/schemas.ts';
import { literalUnion } from '../http/schema-types.ts';
import { PoliceInterviewView } from '../interviews/schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ContributionRequest = Type.Object(
  { category: ContributionCategorySchema, text: Type.String({ minLength: 3, maxLength: 5000 }) },
  { additionalProperties: false },
);
export type ContributionRequest = Static<typeof ContributionRequest>;

/** What an agency added, with its source: the organisation and the person. */
export const ContributionView = Type.Object({
  id: Type.String(),
  category: ContributionCategorySchema,
  text: Type.String(),
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  addedBy: Type.String(),
  addedAt: Type.String(),
});
export type ContributionView = Static<typeof ContributionView>;
export const ContributionList = Type.Object({ items: Type.Array(ContributionView) });
export type ContributionList = Static<typeof ContributionList>;

/** A shared case for its recipient: the shared fields, the police view of the return interview if shared, and what the recipient added. */
export const SharedCaseAnswer = Type.Composite([
  SharedCaseView,
  Type.Object({ returnInterview: Type.Optional(Nullable(PoliceInterviewView)), contributions: Type.Array(ContributionView) }),
]);
export type SharedCaseAnswer = Static<typeof SharedCaseAnswer>;

export const LogCategorySchema = literalUnion(LOG_CATEGORIES);

export const RegisterQuery = Type.Object(
  {
    childId: Type.Optional(Type.String({ format: 'uuid' })),
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    /** One agency: what was disclosed to it and what its staff did. */
    organisationCode: Type.Optional(Type.String({ maxLength: 50 })),
    category: Type.Optional(LogCategorySchema),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    /** Include the case owner's own views (consultations); left out by default, as the case audit trail holds them. */
    ownViews: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type RegisterQuery = Static<typeof RegisterQuery>;

export const RegisterEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  category: LogCategorySchema,
  action: Type.String(),
  // The case the entry is about, or the Philomena profile (profileId) when it is about a profile.
  caseId: Nullable(Type.String()),
  caseReference: Nullable(Type.String()),
  profileId: Nullable(Type.String()),
  // The register's child, when known (a profile not yet linked to an episode has none).
  childId: Nullable(Type.String()),
  /** The agency disclosed to (disclosures) or whose member of staff acted (everything else). */
  agency: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  otherAgency: Type.Boolean(),
  actor: Type.String(),
  reason: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  fields: Type.Array(Type.String()),
});
export type RegisterEntry = Static<typeof RegisterEntry>;

export const RegisterAnswer = Type.Object({ items: Type.Array(RegisterEntry), truncated: Type.Boolean() });
export type RegisterAnswer = Static<typeof RegisterAnswer>;
