// The national register's payloads: a name search across every force, and what each result may show.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RiskLevelSchema, SexSchema } from '../cases/schemas.ts';
import { OrganisationContact } from '../orgs/schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const RegisterSearchQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    sex: Type.Optional(SexSchema),
    ageFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    ageTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    force: Type.Optional(Type.String({ maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type RegisterSearchQuery = Static<typeof RegisterSearchQuery>;

const RegisterResult = Type.Object({
  score: Type.Number({ minimum: 0, maximum: 1 }),
  // Why the name matched, in words an officer can check ("Konstantin is Константин in Latin letters").
  reasons: Type.Array(Type.String()),
  matchedName: Type.String(),
  names: Type.Object({
    givenNames: Type.String(),
    familyName: Type.String(),
    knownAs: Nullable(Type.String()),
    aliases: Type.Array(Type.String()),
  }),
  age: Nullable(Type.Integer()),
  sex: SexSchema,
  description: Type.Object({
    heightCm: Nullable(Type.Integer()),
    build: Nullable(Type.String()),
    hairColour: Nullable(Type.String()),
    eyeColour: Nullable(Type.String()),
    distinguishingMarks: Nullable(Type.String()),
  }),
  // The owning force: the one to contact about the child.
  force: Type.Object({ code: Type.String(), name: Type.String(), contact: OrganisationContact }),
  status: Type.String(),
  riskLevel: Nullable(RiskLevelSchema),
  reportedAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  sensitive: Type.Boolean(),
  // Only where the searcher already reaches the case: its reference, link and photo.
  case: Type.Union([Type.Object({ id: Type.String(), reference: Type.String(), url: Type.String() }), Type.Null()]),
  photoUrl: Nullable(Type.String()),
});
export type RegisterResult = Static<typeof RegisterResult>;

export const RegisterSearchAnswer = Type.Object({ items: Type.Array(RegisterResult) });
export type RegisterSearchAnswer = Static<typeof RegisterSearchAnswer>;
