// Applying the schedule: each automatic rule deletes or anonymises what is past its period, in batches that
// each commit with an audit entry holding only the kind, the count and the cutoff. Review rules only count.
// Run by `forgetmenot retention run`, by an administrator in the console, and once a day by `serve`'s scheduler.
import type { AppDeps } from '../app-deps.ts';
import { appendAudit, type AuditEntry } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import type { MediaStore } from '../media/media-store.ts';
import { cutoffOf, RETENTION_RULES, type RetentionAction, type RetentionRule } from './schedule.ts';
import { periodSettings } from './store.ts';
import type { ScheduledJob } from '../wake/scheduler.ts';

const BATCH = 500;
// A run stops after this many batches of one rule and leaves the rest to the next run, so that it never holds
// the database for long; the next run is a day later, or at once from the console or the command.
const MAX_BATCHES = 200;

export interface ScheduleEntry {
  kind: string;
  action: RetentionAction;
  defaultDays: number;
  periodDays: number;
  changedAt: Date | null;
  from: string;
  source: string;
  judgement: boolean;
  cutoff: Date;
  due: number;
}

/** The schedule as it applies now: each rule's period (an administrator's, or the default), cutoff and how many are due. */
export async function currentSchedule(db: Queryable, now: Date): Promise<ScheduleEntry[]> {
  const settings = await periodSettings(db);
  const entries: ScheduleEntry[] = [];
  for (const rule of RETENTION_RULES) {
    const setting = settings.get(rule.kind);
    const periodDays = setting?.period_days ?? rule.defaultDays;
    const cutoff = cutoffOf(periodDays, now);
    entries.push({
      kind: rule.kind,
      action: rule.action,
      defaultDays: rule.defaultDays,
      periodDays,
      changedAt: setting?.updated_at ?? null,
      from: rule.from,
      source: rule.source,
      judgement: rule.judgement,
      cutoff,
      due: await rule.countDue(db, cutoff, now),
    });
  }
  return entries;
}

export interface RunResult {
  kind: string;
  action: RetentionAction;
  cutoff: Date;
  done: number;
  /** More remained when the run stopped (MAX_BATCHES). */
  more: boolean;
}

type RunDeps = Pick<AppDeps, 'db' | 'media' | 'clock'>;
type Who = Pick<AuditEntry, 'actorId' | 'actor' | 'ip'>;

async function removeFiles(media: MediaStore, keys: readonly string[]): Promise<void> {
  // A file already gone is no reason to stop: the rows are what matter, and they are committed.
  await Promise.all(keys.map((key) => media.remove(key).catch(() => undefined)));
}

async function applyRule(deps: RunDeps, rule: RetentionRule, cutoff: Date, who: Who): Promise<RunResult> {
  const apply = rule.applyBatch!;
  let total = 0;
  for (let batches = 0; batches < MAX_BATCHES; batches++) {
    const at = deps.clock();
    const { done, mediaKeys } = await deps.db.transaction(async (tx) => {
      const result = await apply(tx, cutoff, BATCH);
      if (result.done > 0) {
        await appendAudit(
          tx,
          {
            ...who,
            action: 'retention.applied',
            subjectType: 'retention',
            subjectId: rule.kind,
            details: { kind: rule.kind, action: rule.action, records: result.done, cutoff: cutoff.toISOString() },
          },
          at,
        );
      }
      return result;
    });
    await removeFiles(deps.media, mediaKeys);
    total += done;
    if (done < BATCH) return { kind: rule.kind, action: rule.action, cutoff, done: total, more: false };
  }
  return { kind: rule.kind, action: rule.action, cutoff, done: total, more: true };
}

/** Applies every automatic rule once; review rules are left to reviewers. */
export async function runRetention(deps: RunDeps, who: Who): Promise<RunResult[]> {
  const now = deps.clock();
  const settings = await periodSettings(deps.db);
  const results: RunResult[] = [];
  for (const rule of RETENTION_RULES) {
    if (!rule.applyBatch) continue;
    const cutoff = cutoffOf(settings.get(rule.kind)?.period_days ?? rule.defaultDays, now);
    results.push(await applyRule(deps, rule, cutoff, who));
  }
  return results;
}

const SYSTEM: Who = { actorId: null, actor: 'system', ip: null };
const DAY_MS = 86_400_000;

/** The next 02:30 UTC (a quiet hour) after `now`. */
export function nextRetentionRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 2, 30));
  if (next.getTime() <= now.getTime()) next.setTime(next.getTime() + DAY_MS);
  return next;
}

/** The schedule applied once a day at 02:30 UTC, as a job of the scheduler (src/wake/scheduler.ts). */
export function retentionJob(deps: RunDeps): ScheduledJob {
  let nextAt: Date | undefined;
  return {
    name: 'retention schedule',
    nextDue(now) {
      nextAt ??= nextRetentionRun(now);
      return Promise.resolve(nextAt);
    },
    async run(now) {
      // The next run is set first: a failed run waits for the next night rather than repeating all day.
      nextAt = nextRetentionRun(now);
      await runRetention(deps, SYSTEM);
    },
  };
}
