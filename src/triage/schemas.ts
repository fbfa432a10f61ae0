// What the triage API answers, one schema per payload: validated and published by src/triage/routes.ts,
// and read by the staff console (web/src/reports, web/src/sightings) through the types below. Pure, with
// no Node imports, so the console's type checking can follow it; the console imports types only, so none
// of this is bundled.
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion } from '../http/schema-types.ts';
import { SUBMISSION_STATUSES } from './statuses.ts';

export { NEXT_STATUSES, SUBMISSION_STATUSES, type SubmissionStatus } from './statuses.ts';

export const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number>>(schema: T) => Type.Union([schema, Type.Null()]);
export const Status = literalUnion(SUBMISSION_STATUSES);
export const Kind = Type.Union([Type.Literal('sighting'), Type.Literal('report')]);
export type SubmissionKind = Static<typeof Kind>;

/** The gazetteer place nearest a submission's point, named on its card: "near Rhayader". */
export const NearPlace = Type.Object({
  name: Type.String(),
  km: Type.Number({ description: 'From the point to the place, rounded to 0.1 km' }),
});
export type NearPlace = Static<typeof NearPlace>;

// What a queue shows: no contact details, so browsing a queue discloses nobody.
export const ListItem = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  kind: Kind,
  alertId: Nullable(Type.String()),
  category: Nullable(Type.String()),
  seenAt: Nullable(Type.String()),
  receivedAt: Type.String(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  placeText: Nullable(Type.String()),
  placeUnrecognised: Type.Boolean({
    description: 'A place was typed that the gazetteer does not know: the words were kept, with no point, for staff to place',
  }),
  nearPlace: Type.Union([NearPlace, Type.Null()]),
  description: Type.String(),
  jurisdictionCode: Nullable(Type.String()),
  queue: Type.String(),
  priority: Type.Number(),
  exercise: Type.Boolean({ description: 'About an exercise or a test alert: listed after every real submission' }),
  clusterId: Nullable(Type.String()),
  status: Status,
  hasContact: Type.Boolean(),
  noScript: Type.Boolean({
    description: 'Sent from a browser without JavaScript: no proof of work was solved, so a smaller allowance applied',
  }),
  attachmentCount: Type.Integer(),
  updatedAt: Type.String(),
  reach: Type.Union([Type.Literal('queue'), Type.Literal('seen_in_area')], {
    description:
      'Why the reader reaches it: in a queue of theirs, or a sighting seen in their force area (routed to them, though another force owns the appeal)',
  }),
});
export const ListView = Type.Object({ items: Type.Array(ListItem), nextCursor: Nullable(Type.String()) });
export const QueuesView = Type.Object({
  items: Type.Array(
    Type.Object({ queue: Type.String(), jurisdictionName: Nullable(Type.String()), newCount: Type.Integer(), openCount: Type.Integer() }),
  ),
});

/**
 * The appeal a sighting was sent about, as the reader may know it: the child's name, the case's reference and
 * the appeal's headline only for a reader who reaches the case, and for a sensitive case only with a stated
 * reason (the rule of src/cases/disclosure.ts). A force told of the sighting only because it was seen in its
 * area does not reach the case: it gets the appeal's state and, while the appeal is live, the address of its
 * public page (an address that does not name the child), and nothing of the child.
 */
export const SubmissionAppeal = Type.Object({
  alertId: Type.String(),
  state: Type.Union([Type.Literal('live'), Type.Literal('ended'), Type.Literal('not_public')], {
    description: 'live: on the public site now; ended: withdrawn or expired; not_public: never published',
  }),
  caseReference: Nullable(Type.String({ description: 'Only for a reader who reaches the case' })),
  childName: Nullable(Type.String({ description: 'Only when the reader reaches the case and the sensitive-case rule allows' })),
  title: Nullable(Type.String({ description: "The appeal's first headline, under the same rule as the child's name" })),
  publicUrl: Nullable(Type.String({ description: 'The public appeal page while the appeal is live' })),
  caseReach: Type.Boolean({ description: "The reader reaches the appeal's case, so may open the alert" }),
  identityWithheld: Type.Boolean(),
});
export type SubmissionAppeal = Static<typeof SubmissionAppeal>;

export const DetailView = Type.Intersect([
  ListItem,
  Type.Object({
    appeal: Type.Union([SubmissionAppeal, Type.Null()]),
    details: Type.Record(Type.String(), Type.Unknown()),
    contact: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) }),
    attachments: Type.Array(
      Type.Object({
        id: Type.String(),
        contentType: Type.String(),
        bytes: Type.Integer(),
        sha256: Type.String(),
        createdAt: Type.String(),
      }),
    ),
    notes: Type.Array(
      Type.Object({
        id: Type.Integer(),
        by: Type.String(),
        status: Nullable(Type.String()),
        queue: Nullable(Type.String()),
        note: Type.String(),
        createdAt: Type.String(),
      }),
    ),
  }),
]);
export type SubmissionListItem = Static<typeof ListItem>;
export type SubmissionPage = Static<typeof ListView>;
export type QueueSummary = Static<typeof QueuesView>['items'][number];
export type SubmissionDetailView = Static<typeof DetailView>;

export const TriageView = Type.Object({ id: Type.String(), status: Status, queue: Type.String(), updatedAt: Type.String() });
export type TriageResult = Static<typeof TriageView>;

export const SightingsCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
      properties: Type.Object({
        id: Type.String(),
        reference: Type.String(),
        seenAt: Nullable(Type.String()),
        receivedAt: Type.String(),
        priority: Type.Number(),
        exercise: Type.Boolean(),
        status: Status,
        clusterId: Nullable(Type.String()),
        nearPlace: Type.Union([NearPlace, Type.Null()]),
      }),
    }),
  ),
});
export type SightingsCollection = Static<typeof SightingsCollection>;
export type SightingFeature = SightingsCollection['features'][number];

/** A high-priority arrival, sent to staff as a server-sent event on /api/v1/submissions/events. */
export interface SubmissionEvent {
  id: string;
  reference: string;
  kind: string;
  queue: string;
  priority: number;
  exercise: boolean;
  alertId: string | null;
  receivedAt: string;
}
