// Pulling partners' PFIF feeds on a schedule: persons then notes (then the alerts they offer us), page by page from the cursor stored for each
// partner, each page imported record by record (src/exchange/inbound.ts) before its cursor is saved, so a
// crash repeats at most one page, which imports as unchanged.
import type { AppDeps } from '../app-deps.ts';
import { importPfifDocument, type ImportReport } from './inbound.ts';
import { importAlertFeedPage } from './alert-inbound.ts';
import { relayStatusesFor } from './alert-outbound.ts';
import { anyPulledPartner, pulledPartners, saveAlertCursor, saveCursors, type PartnerRow } from './partners.ts';
import type { ScheduledJob } from '../wake/scheduler.ts';

export const PULL_PAGE_SIZE = 500;
/** Pages read from one feed in one pull, so one busy partner cannot hold the others up for long. */
const MAX_PAGES_PER_PULL = 1000;
export const PULL_INTERVAL_MS = 20_000;

type PullDeps = Pick<AppDeps, 'db' | 'clock'>;

export interface PullReport extends ImportReport {
  partner: string;
  pages: number;
}

function feedPageUrl(feedUrl: string, kind: 'persons' | 'notes' | 'alerts', cursor: string | null): string {
  const url = new URL(`${feedUrl.replace(/\/+$/, '')}/${kind}`);
  url.searchParams.set('max_results', String(PULL_PAGE_SIZE));
  if (cursor) url.searchParams.set('cursor', cursor);
  return url.toString();
}

async function pullFeed(
  deps: PullDeps,
  partner: PartnerRow,
  kind: 'persons' | 'notes',
  start: string | null,
  total: PullReport,
): Promise<string | null> {
  let cursor = start;
  for (let page = 0; page < MAX_PAGES_PER_PULL; page++) {
    const response = await fetch(feedPageUrl(partner.feed_url!, kind, cursor), {
      headers: { 'x-partner-key': partner.feed_key ?? '', accept: 'application/xml' },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`partner ${partner.code}: the ${kind} feed answered ${response.status}`);
    const document = await response.text();
    addReport(total, await importPfifDocument(deps.db, partner, document, deps.clock()));
    // X-Next-Cursor: the position after this page's last record; a Link rel="next" only when more may follow.
    const next = response.headers.get('x-next-cursor');
    if (next) {
      cursor = next;
      await saveCursors(
        deps.db,
        partner.id,
        kind === 'persons' ? { person: cursor, note: partner.note_cursor } : { person: partner.person_cursor, note: cursor },
        deps.clock(),
      );
    }
    if (!next || !/rel="next"/.test(response.headers.get('link') ?? '')) break;
  }
  return cursor;
}

function addReport(total: PullReport, report: ImportReport): void {
  total.pages++;
  total.accepted += report.accepted;
  total.unchanged += report.unchanged;
  total.refused += report.refused;
  total.withdrawn += report.withdrawn;
  total.refusals.push(...report.refusals.slice(0, 100));
}

/**
 * Pulls the partner's Child Rescue Alerts (the CAP messages it offers us, beside its PFIF feeds) from the
 * stored cursor. A partner site without an alert feed answers 404: nothing to pull, not a failure.
 */
async function pullAlertFeed(deps: PullDeps, partner: PartnerRow, total: PullReport): Promise<void> {
  let cursor = partner.alert_cursor;
  for (let page = 0; page < MAX_PAGES_PER_PULL; page++) {
    const response = await fetch(feedPageUrl(partner.feed_url!, 'alerts', cursor), {
      headers: { 'x-partner-key': partner.feed_key ?? '', accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 404) return;
    if (!response.ok) throw new Error(`partner ${partner.code}: the alerts feed answered ${response.status}`);
    const text = await response.text();
    let items: unknown[];
    try {
      const body: unknown = JSON.parse(text);
      items = typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : [];
    } catch {
      items = [];
      total.refusals.push({ recordId: null, index: 0, kind: 'document', reason: 'the alerts feed answered something other than JSON' });
      total.refused++;
    }
    addReport(total, await importAlertFeedPage(deps.db, partner, items, deps.clock()));
    const next = response.headers.get('x-next-cursor');
    if (next) {
      cursor = next;
      await saveAlertCursor(deps.db, partner.id, cursor, deps.clock());
    }
    if (!next || !/rel="next"/.test(response.headers.get('link') ?? '')) break;
  }
}

/** Pulls one partner's person and note feeds (and its alerts, when alerts are exchanged with it) from its stored cursors to their ends. */
export async function pullPartner(deps: PullDeps, partner: PartnerRow): Promise<PullReport> {
  const total: PullReport = { partner: partner.code, pages: 0, accepted: 0, unchanged: 0, refused: 0, withdrawn: 0, refusals: [] };
  const person = await pullFeed(deps, partner, 'persons', partner.person_cursor, total);
  partner.person_cursor = person;
  const note = await pullFeed(deps, partner, 'notes', partner.note_cursor, total);
  await saveCursors(deps.db, partner.id, { person, note }, deps.clock());
  if (relayStatusesFor(partner).length > 0) await pullAlertFeed(deps, partner, total);
  return total;
}

/** Pulls every partner with a feed; one partner failing does not stop the others. */
export async function pullAllPartners(deps: PullDeps, onError: (partner: string, error: unknown) => void): Promise<PullReport[]> {
  const reports: PullReport[] = [];
  for (const partner of await pulledPartners(deps.db)) {
    try {
      reports.push(await pullPartner(deps, partner));
    } catch (error) {
      onError(partner.code, error);
    }
  }
  return reports;
}

/**
 * The pulls as a job of the scheduler (src/wake/scheduler.ts): every `intervalMs` while a partner has a feed
 * (a found note at a partner withdraws the appeal here within a minute); with none, nothing is scheduled
 * until a partner's feed is set, which wakes the scheduler.
 */
export function partnerPullJob(
  deps: PullDeps,
  onError: (partner: string, error: unknown) => void,
  intervalMs = PULL_INTERVAL_MS,
): ScheduledJob {
  let lastPullAt: number | undefined;
  return {
    name: 'partner feed pulls',
    async nextDue(now) {
      if (!(await anyPulledPartner(deps.db))) return null;
      return new Date(lastPullAt === undefined ? now.getTime() : lastPullAt + intervalMs);
    },
    async run(now) {
      lastPullAt = now.getTime();
      await pullAllPartners(deps, onError);
    },
  };
}
