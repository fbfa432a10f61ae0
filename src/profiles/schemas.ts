// The payloads of problem profiles. Answers carry counts and codes only: no record, name or reference.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalUnion as literals } from '../http/schema-types.ts';
import { AGE_BANDS, DIMENSIONS, INTERVIEW_CODES, RISK_CODES, SEX_CODES, YES_NO_UNKNOWN } from './codes.ts';

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'A month, YYYY-MM (UK local time)' });

const filterFields = {
  from: Type.Optional(Type.Unsafe<string>({ ...Month, description: 'First month of the period (default: 12 months to `to`)' })),
  to: Type.Optional(Type.Unsafe<string>({ ...Month, description: 'Last month of the period, included (default: this month)' })),
  force: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'A force area’s code' })),
  sex: Type.Optional(literals(SEX_CODES)),
  ageBand: Type.Optional(literals(AGE_BANDS)),
  inCare: Type.Optional(literals(YES_NO_UNKNOWN)),
  exploitation: Type.Optional(literals(YES_NO_UNKNOWN)),
  repeat: Type.Optional(literals(['yes', 'no'] as const)),
  risk: Type.Optional(literals(RISK_CODES)),
  returnInterview: Type.Optional(literals(INTERVIEW_CODES)),
};

export const ProfileQuery = Type.Object({ dimension: literals(DIMENSIONS), ...filterFields }, { additionalProperties: false });
export type ProfileQuery = Static<typeof ProfileQuery>;

export const TrendQuery = Type.Object(filterFields, { additionalProperties: false });

export const AlertFiguresQuery = Type.Object(
  { from: filterFields.from, to: filterFields.to, force: filterFields.force },
  { additionalProperties: false },
);
export type TrendQuery = Static<typeof TrendQuery>;
export type ProfileFilters = TrendQuery;

const Count = Type.Object({
  count: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  withheld: Type.Boolean({ description: 'Fewer than 5, or withheld so that a total does not reveal a figure of fewer than 5' }),
});

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const commonAnswer = {
  from: Type.String(),
  to: Type.String(),
  // The area counted: every force, or the areas of the reader's organisation, narrowed by `force`.
  area: Type.String({ description: 'national, or the codes of the force areas counted' }),
  filters: Type.Record(Type.String(), Type.String()),
  disclosure: literals(['exact', 'controlled'] as const),
  includesSynthetic: Type.Boolean({ description: 'Whether fictional synthetic history is among the figures' }),
  notes: Type.Array(Type.String()),
};

export const ProfileAnswer = Type.Object({
  dimension: literals(DIMENSIONS),
  ...commonAnswer,
  rows: Type.Array(Type.Object({ value: Type.String(), label: Nullable(Type.String()), episodes: Count, children: Count })),
  total: Type.Object({ episodes: Count, children: Count }),
});
export type ProfileAnswer = Static<typeof ProfileAnswer>;

export const TrendAnswer = Type.Object({
  ...commonAnswer,
  months: Type.Array(
    Type.Object({ month: Type.String(), episodes: Count, children: Count, yearBefore: Type.Object({ episodes: Count, children: Count }) }),
  ),
  total: Type.Object({ episodes: Count, children: Count }),
  totalYearBefore: Type.Object({ episodes: Count, children: Count }),
});
export type TrendAnswer = Static<typeof TrendAnswer>;

export const ForceList = Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) });

/** Child Rescue Alerts over a period, month by month: how many, how fast approved, how many people reached. */
export const AlertFiguresAnswer = Type.Object({
  ...commonAnswer,
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      requested: Count,
      approved: Count,
      medianMinutesToApproval: Nullable(
        Type.Integer({ description: 'From the request to the second officer’s approval; null with none approved, or withheld' }),
      ),
      peopleReached: Type.Integer({ description: 'Different people the alert itself reached, on any channel' }),
      sightings: Type.Integer({ description: 'Sightings the public sent in about these alerts' }),
    }),
  ),
  total: Type.Object({
    requested: Count,
    approved: Count,
    medianMinutesToApproval: Nullable(Type.Integer()),
    peopleReached: Type.Integer(),
    sightings: Type.Integer(),
  }),
  outcomes: Type.Array(Type.Object({ value: Type.String(), alerts: Count }), {
    description: 'How the episodes behind the approved alerts ended, or not_found_yet',
  }),
});
export type AlertFiguresAnswer = Static<typeof AlertFiguresAnswer>;

/** Who would receive an alert today, by force area and channel, and channels confirmed month by month. */
export const ReachFiguresAnswer = Type.Object({
  ...commonAnswer,
  channels: Type.Array(Type.String(), { description: 'The channels of every byChannel list, in order' }),
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), byChannel: Type.Array(Count), subscribers: Count })),
  total: Type.Object({ byChannel: Type.Array(Count), subscribers: Count }),
  signUps: Type.Array(Type.Object({ month: Type.String(), byChannel: Type.Array(Count) })),
  signUpTotal: Type.Array(Count),
});
export type ReachFiguresAnswer = Static<typeof ReachFiguresAnswer>;
