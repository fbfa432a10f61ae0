// What the dispatch API answers, one schema per payload: validated and published by src/dispatch/routes.ts,
// and read by the staff console (web/src/dispatch) through the types below. Pure, with no Node imports,
// so the console's type checking can follow it; the console imports types only, so none of this is bundled.
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion, literals } from '../http/schema-types.ts';
import { CHANNELS } from '../channels/names.ts';

export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const ChannelProgressView = Type.Object({
  channel: literalUnion(CHANNELS),
  // Every delivery written for the alert on this channel (all its messages and re-issues).
  targeted: Type.Integer(),
  // Waiting for their first attempt or a retry, or being sent now.
  queued: Type.Integer(),
  sent: Type.Integer(),
  delivered: Type.Integer(),
  failed: Type.Integer(),
  deadLettered: Type.Integer(),
  dropped: Type.Integer(),
  firstSentAt: Nullable(Type.String()),
  lastSentAt: Nullable(Type.String()),
  // From approval to the first and (so far) last message out, in milliseconds.
  msToFirst: Type.Union([Type.Integer(), Type.Null()]),
  msToLast: Type.Union([Type.Integer(), Type.Null()]),
});
/** How far an alert has reached on one channel. */
export type ChannelProgress = Static<typeof ChannelProgressView>;

/** What the public were sent: the appeal, an update of it, a re-issue, and the notice that it ended. */
export const NOTICES = ['alert', 'update', 'reissue', 'found', 'withdrawn'] as const;
export type DispatchNotice = (typeof NOTICES)[number];

export const PeopleView = Type.Object({
  channel: Type.Union([...literals(CHANNELS), Type.Null()], { description: 'null: on any channel' }),
  // Different people with a message of this notice on this channel (one person may have several: a re-issue, two updates).
  targeted: Type.Integer(),
  // Different people it was sent to (sent or delivered) at least once.
  reached: Type.Integer(),
});
export type PeopleFigures = Static<typeof PeopleView>;

export const NoticeProgressView = Type.Object({
  notice: literalUnion(NOTICES),
  // When its first message was published (approval for the appeal, withdrawal for the found notice): its times count from here.
  startedAt: Nullable(Type.String()),
  fanoutPending: Type.Integer(),
  // Messages: one per person, channel and issue.
  channels: Type.Array(ChannelProgressView),
  // People: per channel, and on any channel (channel null, last). Counted from the deliveries, so on a live
  // stream they may lag the message figures by a few seconds; empty where they were not counted.
  people: Type.Array(PeopleView),
});
export type NoticeProgress = Static<typeof NoticeProgressView>;

export const ProgressView = Type.Object({
  alertId: Type.String(),
  approvedAt: Nullable(Type.String()),
  // Fan-out jobs not yet finished: while there are some, "targeted" is still growing.
  fanoutPending: Type.Integer(),
  // Every notice together (what `forgetmenot dispatch status` draws).
  channels: Type.Array(ChannelProgressView),
  // Each notice on its own, in the order above; only those with anything queued or sent.
  notices: Type.Array(NoticeProgressView),
  // When the appeal ended (withdrawn, or expired), or null while it runs.
  endedAt: Nullable(Type.String()),
  endedHow: Type.Union([Type.Literal('withdrawn'), Type.Literal('expired'), Type.Null()]),
  // Ended, and nothing more to send: these are the final figures and the live stream ends.
  final: Type.Boolean(),
});
export type DispatchProgress = Static<typeof ProgressView>;

export const ReissueView = Type.Object({
  schedule: Type.Union([
    Type.Object({
      everyMinutes: Type.Integer(),
      untilAt: Type.String(),
      nextAt: Nullable(Type.String()),
      issuesDone: Type.Integer(),
      stoppedAt: Nullable(Type.String()),
    }),
    Type.Null(),
  ]),
  runs: Type.Array(
    Type.Object({
      issue: Type.Integer(),
      messageIdentifier: Type.String(),
      queuedAt: Type.String(),
      state: Type.String(),
      targeted: Type.Integer(),
      finishedAt: Nullable(Type.String()),
    }),
  ),
});
export type ReissueView = Static<typeof ReissueView>;

export const TimelineView = Type.Object({
  alertId: Type.String(),
  approvedAt: Nullable(Type.String()),
  bucketSeconds: Type.Integer({ description: 'Width of each step, in seconds from approval' }),
  lastSeconds: Type.Integer({ description: 'The end of the last step drawn: a step with no point before it had nothing out' }),
  points: Type.Array(
    Type.Object({
      notice: literalUnion(NOTICES),
      channel: literalUnion(CHANNELS),
      atSeconds: Type.Integer({ description: 'End of the step, in seconds from approval' }),
      out: Type.Integer({ description: 'Messages of this notice out on this channel (sent or delivered) by then, in all' }),
    }),
  ),
});
export type DispatchTimeline = Static<typeof TimelineView>;

export const InboxItem = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  address: Type.String(),
  subject: Nullable(Type.String()),
  body: Type.String(),
  createdAt: Type.String(),
});
export type InboxItem = Static<typeof InboxItem>;

export const InboxPage = Type.Object({
  label: Type.String(),
  channels: Type.Array(Type.String()),
  items: Type.Array(InboxItem),
});
export type InboxPage = Static<typeof InboxPage>;
