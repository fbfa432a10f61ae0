// Payloads of the return home interviews API, one schema each, shared by the server and the console.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalUnion } from '../http/schema-types.ts';
import { EXPLOITATION_SIGNS, INTERVIEW_STATUSES, PULL_FACTORS, PUSH_FACTORS, REFERRALS } from './vocabulary.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const Codes = <T extends readonly string[]>(values: T) => Type.Array(literalUnion(values), { maxItems: values.length, uniqueItems: true });

export const InterviewStatusSchema = literalUnion(INTERVIEW_STATUSES);

export const InterviewParams = Type.Object({ interviewId: Type.String({ format: 'uuid' }) });

export const InterviewListQuery = Type.Object(
  { state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('all')], { default: 'open' })) },
  { additionalProperties: false },
);
export type InterviewListQuery = Static<typeof InterviewListQuery>;

/** A change to an interview, against the version last read. */
export const InterviewUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    status: Type.Optional(InterviewStatusSchema),
    offeredAt: Type.Optional(Instant),
    answeredAt: Type.Optional(Instant),
    interviewer: Type.Optional(Type.String({ maxLength: 200 })),
    interviewedAt: Type.Optional(Instant),
    whereabouts: Type.Optional(Type.String({ maxLength: 2000 })),
    withWhom: Type.Optional(Type.String({ maxLength: 2000 })),
    pushFactors: Type.Optional(Codes(PUSH_FACTORS)),
    pullFactors: Type.Optional(Codes(PULL_FACTORS)),
    exploitationSigns: Type.Optional(Codes(EXPLOITATION_SIGNS)),
    disclosures: Type.Optional(Type.String({ maxLength: 10000 })),
    actions: Type.Optional(Type.String({ maxLength: 5000 })),
    referrals: Type.Optional(Codes(REFERRALS)),
  },
  { additionalProperties: false },
);
export type InterviewUpdate = Static<typeof InterviewUpdate>;

const OrganisationRef = Type.Object({ code: Type.String(), name: Type.String() });

const policeFields = {
  id: Type.String(),
  caseId: Type.String(),
  caseReference: Type.String(),
  organisation: Nullable(OrganisationRef),
  status: InterviewStatusSchema,
  overdue: Type.Boolean(),
  returnedAt: Type.String(),
  requestedAt: Type.String(),
  dueAt: Type.String(),
  offeredAt: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  interviewer: Type.String(),
  interviewedAt: Nullable(Type.String()),
  whereabouts: Type.String(),
  withWhom: Type.String(),
  pushFactors: Type.Array(Type.String()),
  pullFactors: Type.Array(Type.String()),
  exploitationSigns: Type.Array(Type.String()),
  referrals: Type.Array(Type.String()),
};

/** What the police see of an interview (see police-view.ts for why these fields). */
export const PoliceInterviewView = Type.Object({ ...policeFields, view: Type.Literal('police') });
export type PoliceInterviewView = Static<typeof PoliceInterviewView>;

/** The whole interview, for the local authority that holds it. */
export const FullInterviewView = Type.Object({
  ...policeFields,
  view: Type.Literal('full'),
  child: Type.Object({ name: Type.String(), dateOfBirth: Nullable(Type.String()), age: Nullable(Type.Integer()) }),
  disclosures: Type.String(),
  actions: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type FullInterviewView = Static<typeof FullInterviewView>;

export const InterviewView = Type.Union([FullInterviewView, PoliceInterviewView]);
export type InterviewView = Static<typeof InterviewView>;

export const InterviewList = Type.Object({ items: Type.Array(InterviewView), overdue: Type.Integer() });
export type InterviewList = Static<typeof InterviewList>;

/** The interview of a case for the police, the latest of an earlier episode, and the risk answers it suggests. */
export const CaseInterviews = Type.Object({
  current: Nullable(PoliceInterviewView),
  previous: Nullable(PoliceInterviewView),
  suggestedAnswers: Type.Array(
    Type.Object({ question: Type.String(), answer: Type.Literal('yes'), source: Type.String(), detail: Type.String() }),
  ),
});
export type CaseInterviews = Static<typeof CaseInterviews>;
