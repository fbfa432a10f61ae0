// Re-issue of a long-term appeal's kit to partners' webhooks: on a schedule (every 30 minutes for 24 hours
// unless set otherwise, within KIT_REISSUE_LIMITS), each issue is a signed Standard Webhooks event
// "appeal.kit" to every organisation webhook, with the kit in the webhook's language (image and QR links, a
// post per network) and the address of the whole kit; a withdrawal stops the schedule and sends
// "appeal.withdrawn" to every partner that had the kit. Long-term appeals are never exercises (an exercise
// case cannot publish one), so nothing of an exercise can reach partners this way.
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { requireAppeal } from '../appeals/actions.ts';
import { appealPublicPath } from '../appeals/pfif-record.ts';
import { findAppeal } from '../appeals/store.ts';
import type { ChannelAdapter, NoticeContent, SendOutcome } from '../channels/channel.ts';
import type { Database } from '../db/database.ts';
import { conflict } from '../http/problem.ts';
import { isSiteLanguage } from '../i18n/i18n.ts';
import { partnerWebhookIds, partnerWebhookTargets } from '../subscribers/organisation-webhooks.ts';
import { kitInLanguage } from './kit.ts';
import {
  claimKitSends,
  dueKitSchedules,
  kitIssueTallies,
  kitSchedule,
  lockDueKitSchedule,
  queueKitSends,
  recordKitIssue,
  recordKitSend,
  stopKitSchedule,
  upsertKitSchedule,
  type KitSendOutcome,
  type KitSendRow,
} from './reissue-store.ts';

export const KIT_REISSUE_LIMITS = { minEveryMinutes: 15, maxEveryMinutes: 1440, maxForHours: 168 } as const;
export const KIT_REISSUE_DEFAULTS = { everyMinutes: 30, forHours: 24 } as const;

type KitDeps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

export interface KitReissueView {
  schedule: { everyMinutes: number; untilAt: string; nextAt: string | null; issuesDone: number; stoppedAt: string | null } | null;
  issues: { event: 'kit' | 'withdrawn'; issue: number; queuedAt: string; partners: number; delivered: number; failed: number }[];
}

export async function kitReissueView(deps: KitDeps, actor: Actor, appealId: string): Promise<KitReissueView> {
  await requireAppeal(deps.db, actor, appealId);
  const schedule = await kitSchedule(deps.db, appealId);
  const issues = await kitIssueTallies(deps.db, appealId);
  return {
    schedule: schedule
      ? {
          everyMinutes: schedule.every_minutes,
          untilAt: schedule.until_at.toISOString(),
          nextAt: schedule.stopped_at ? null : schedule.next_at.toISOString(),
          issuesDone: schedule.issues_done,
          stoppedAt: schedule.stopped_at?.toISOString() ?? null,
        }
      : null,
    issues: issues.map((issue) => ({ ...issue, queuedAt: issue.queuedAt.toISOString() })),
  };
}

/** Starts (or replaces) the schedule: the first issue goes at once, the next every `everyMinutes` until `forHours` are up. */
export async function setKitReissue(
  deps: KitDeps,
  actor: Actor,
  appealId: string,
  input: { everyMinutes: number; forHours: number },
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const appeal = await requireAppeal(tx, actor, appealId, true);
    if (appeal.state !== 'published') throw conflict('This appeal has been withdrawn: its kit is no longer sent.');
    const untilAt = new Date(now.getTime() + input.forHours * 3_600_000);
    await upsertKitSchedule(tx, { appealId, everyMinutes: input.everyMinutes, untilAt, nextAt: now, createdBy: actor.userId, now });
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'appeal.kit_reissue_scheduled',
        subjectType: 'long_term_appeal',
        subjectId: appealId,
        details: { everyMinutes: input.everyMinutes, until: untilAt.toISOString() },
      },
      now,
    );
  });
}

export async function stopKitReissue(deps: KitDeps, actor: Actor, appealId: string): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await requireAppeal(tx, actor, appealId, true);
    await stopKitSchedule(tx, appealId, now);
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'appeal.kit_reissue_stopped', subjectType: 'long_term_appeal', subjectId: appealId },
      now,
    );
  });
}

/**
 * Queues the issues that are due, one transaction per schedule with SKIP LOCKED so two workers never queue the
 * same issue; a schedule whose appeal was withdrawn, or whose time is up, stops. Returns how many were queued.
 */
export async function runDueKitIssues(db: Database, clock: () => Date): Promise<number> {
  const now = clock();
  let queued = 0;
  for (const appealId of await dueKitSchedules(db, now)) {
    queued += await db.transaction(async (tx) => {
      const schedule = await lockDueKitSchedule(tx, appealId, now);
      if (!schedule) return 0;
      const appeal = await findAppeal(tx, appealId);
      if (appeal?.state !== 'published' || schedule.next_at > schedule.until_at) {
        await stopKitSchedule(tx, appealId, now);
        return 0;
      }
      const issue = schedule.issues_done + 1;
      await queueKitSends(tx, { appealId, event: 'kit', issue, subscriberIds: await partnerWebhookIds(tx), now });
      // The timetable is kept; issues missed while nothing ran are not all sent at once.
      let next = schedule.next_at.getTime() + schedule.every_minutes * 60_000;
      while (next <= now.getTime()) next += schedule.every_minutes * 60_000;
      await recordKitIssue(tx, appealId, issue, new Date(next), now);
      return 1;
    });
  }
  return queued;
}

const SEND_BATCH = 50;
const LEASE_MS = 60_000;

function backoffMs(attempts: number): number {
  return Math.min(10 * 60_000, 2 ** attempts * 1000) * (0.75 + Math.random() * 0.5);
}

function outcomeOf(result: SendOutcome, attempts: number, maxAttempts: number, now: Date): KitSendOutcome {
  if (result.status === 'delivered' || result.status === 'sent') return { state: 'delivered' };
  if (result.status === 'failed') return { state: 'failed', error: result.error };
  if (attempts >= maxAttempts) return { state: 'dead', error: result.error };
  return { state: 'retrying', error: result.error, dueAt: new Date(now.getTime() + (result.retryAfterMs ?? backoffMs(attempts))) };
}

/** The event one send carries, or undefined when it is no longer to go (a kit of an appeal since withdrawn). */
async function contentOf(deps: KitDeps, send: KitSendRow, language: string): Promise<NoticeContent | undefined> {
  const { publicUrl } = deps.config;
  const appeal = await findAppeal(deps.db, send.appeal_id);
  if (!appeal) return undefined;
  const url = `${publicUrl}${appealPublicPath(appeal.slug)}`;
  const base = { language, status: 'Actual' as const, html: '', sms: '', url, occurredAt: send.occurred_at };
  if (send.event === 'withdrawn') {
    const text = 'This appeal has ended: please take down your posts of it and stop sharing it.';
    return {
      ...base,
      subject: text,
      text,
      webhookType: 'appeal.withdrawn',
      webhookData: {
        slug: appeal.slug,
        url,
        withdrawnAt: appeal.withdrawn_at?.toISOString() ?? send.occurred_at.toISOString(),
        takeDown: true,
      },
    };
  }
  if (appeal.state !== 'published') return undefined;
  const kit = kitInLanguage(publicUrl, appeal, isSiteLanguage(language) ? language : 'en');
  return {
    ...base,
    subject: kit.posts[0]!.text,
    text: kit.posts[0]!.text,
    webhookType: 'appeal.kit',
    webhookData: { slug: appeal.slug, url, issue: send.issue, version: appeal.version, kitUrl: `${url}/kit.json`, kit },
  };
}

/** Sends the due events through the webhook adapter and records each outcome; returns how many were tried. */
export async function sendDueKitEvents(deps: KitDeps, adapter: ChannelAdapter): Promise<number> {
  const claimed = await claimKitSends(deps.db, deps.clock(), SEND_BATCH, LEASE_MS);
  if (claimed.length === 0) return 0;
  const targets = await partnerWebhookTargets(deps.db, [...new Set(claimed.map((send) => send.subscriber_id))], deps.clock());
  const contents = new Map<string, NoticeContent | undefined>();
  await Promise.all(
    claimed.map(async (send) => {
      const target = targets.get(send.subscriber_id);
      // The same event to every partner of one language is one content: the adapter serialises it once.
      const key = `${send.appeal_id}:${send.event}:${send.issue}:${target?.language ?? ''}`;
      if (target && !contents.has(key)) contents.set(key, await contentOf(deps, send, target.language));
      const content = contents.get(key);
      if (!target || !content) return recordKitSend(deps.db, send.id, { state: 'dropped' }, deps.clock());
      const result = await adapter.send({
        key: `appeal-kit-${send.appeal_id}-${send.event}-${send.issue}-${send.subscriber_id}`,
        deliveryId: String(send.id),
        notice: send.event === 'withdrawn' ? 'withdrawn' : 'reissue',
        address: target.url,
        webhookSecret: target.secret,
        ...(target.previousSecret ? { previousWebhookSecret: target.previousSecret } : {}),
        content,
      });
      await recordKitSend(deps.db, send.id, outcomeOf(result, send.attempts, deps.config.dispatchMaxAttempts, deps.clock()), deps.clock());
    }),
  );
  return claimed.length;
}
