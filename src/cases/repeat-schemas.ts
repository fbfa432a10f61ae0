// Payloads of the repeat-missing list and of a new episode's starting answers, shared by the server and the console.
import { Type, type Static } from '@sinclair/typebox';
import { RiskLevelSchema } from './schemas.ts';

export const RepeatMissingList = Type.Object({
  windowDays: Type.Integer(),
  threshold: Type.Integer(),
  items: Type.Array(
    Type.Object({
      childId: Type.String(),
      // Null when one of the child's episodes is sensitive and no reason was given (X-Access-Reason).
      childName: Type.Union([Type.String(), Type.Null()]),
      episodesIn90Days: Type.Integer(),
      lastEpisode: Type.Object({
        caseId: Type.String(),
        reference: Type.String(),
        lastSeenAt: Type.String(),
        status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
        area: Type.Object({ code: Type.String(), name: Type.String() }),
      }),
    }),
  ),
});
export type RepeatMissingList = Static<typeof RepeatMissingList>;

export const ChildParams = Type.Object({ childId: Type.String({ format: 'uuid' }) });

export const NextEpisodeStart = Type.Object({
  childId: Type.String(),
  lastEpisode: Type.Object({ caseId: Type.String(), reference: Type.String(), lastSeenAt: Type.String() }),
  // The last episode's latest answers, offered for the officer to confirm (or change) on the new episode.
  answers: Type.Array(
    Type.Object({
      question: Type.String(),
      questionText: Type.String(),
      answer: Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('unknown')]),
      detail: Type.String(),
      source: Type.String(),
    }),
  ),
  // Episodes in the 90 days up to now, counting the new one: three or more raise the suggested risk.
  episodesIn90Days: Type.Integer(),
  suggestedLevel: RiskLevelSchema,
});
export type NextEpisodeStart = Static<typeof NextEpisodeStart>;
