// Child Rescue Alert figures for analysts: alerts asked for and approved month by month, the time a second
// officer took to approve, the people each alert reached, the sightings it brought and how the episodes behind
// them ended. Alerts are few (a handful a year), so each is read whole and counted here; the figures come from
// the modules that own them (alerts, dispatch, triage, and this module's episode facts). Same reach and
// disclosure control as every profile.
import type { AppDeps } from '../app-deps.ts';
import { alertsRequestedBetween, type AlertForFigures } from '../alerts/figures.ts';
import type { Actor } from '../auth/actor.ts';
import { peopleReached } from '../dispatch/progress.ts';
import { sightingCountsOfAlerts } from '../triage/store.ts';
import { OUTCOME_CODES } from './codes.ts';
import { monthsBetween } from './dimensions.ts';
import type { ControlledCount } from './disclosure-control.ts';
import { auditProfileRead, areaFor, controlled, periodOf, periodWindow, profileNotes, type ProfileArea } from './profiles.ts';
import { outcomesOfCases } from './profile-store.ts';
import type { AlertFiguresAnswer, ProfileFilters } from './schemas.ts';
import { ukLocalParts } from './uk-time.ts';

/** The median of whole minutes, or null for none. */
export function medianMinutes(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}

const minutesToApproval = (alert: AlertForFigures) =>
  alert.approved_at ? Math.max(0, Math.round((alert.approved_at.getTime() - alert.requested_at.getTime()) / 60_000)) : null;

interface MonthFigures {
  requested: number;
  approved: number;
  minutes: number[];
  peopleReached: number;
  sightings: number;
}

/** Real alerts asked for in the period's UK months, in the area: read a day either side, then kept by UK month. */
async function alertsOfPeriod(db: AppDeps['db'], period: { from: string; to: string }, area: ProfileArea): Promise<AlertForFigures[]> {
  const { start, end } = periodWindow(period);
  const alerts = await alertsRequestedBetween(db, start, end, area.jurisdictionIds);
  return alerts.filter((alert) => {
    const month = ukLocalParts(alert.requested_at).month.slice(0, 7);
    return month >= period.from && month <= period.to;
  });
}

async function figuresByMonth(db: AppDeps['db'], months: string[], alerts: AlertForFigures[]): Promise<Map<string, MonthFigures>> {
  const byMonth = new Map<string, MonthFigures>(
    months.map((month) => [month, { requested: 0, approved: 0, minutes: [], peopleReached: 0, sightings: 0 }]),
  );
  const sightings = await sightingCountsOfAlerts(
    db,
    alerts.map((alert) => alert.id),
  );
  for (const alert of alerts) {
    const figures = byMonth.get(ukLocalParts(alert.requested_at).month.slice(0, 7))!;
    figures.requested += 1;
    figures.sightings += sightings.get(alert.id) ?? 0;
    const minutes = minutesToApproval(alert);
    if (minutes === null) continue;
    figures.approved += 1;
    figures.minutes.push(minutes);
    const reached = (await peopleReached(db, alert.id)).get('alert')?.find((entry) => entry.channel === null)?.reached ?? 0;
    figures.peopleReached += reached;
  }
  return byMonth;
}

const shownMedian = (count: ControlledCount, minutes: number[]) => (count.withheld ? null : medianMinutes(minutes));

export async function buildAlertFigures(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  filters: ProfileFilters,
): Promise<AlertFiguresAnswer> {
  const now = deps.clock();
  const period = periodOf(filters, now);
  const area = await areaFor(deps.db, actor, filters.force);
  const months = monthsBetween(period.from, period.to);
  const alerts = await alertsOfPeriod(deps.db, period, area);
  const byMonth = await figuresByMonth(deps.db, months, alerts);
  const rows = months.map((month) => byMonth.get(month)!);
  const requested = controlled(
    area,
    rows.map((row) => row.requested),
  );
  const approved = controlled(
    area,
    rows.map((row) => row.approved),
  );
  const approvedAlerts = alerts.filter((alert) => alert.approved_at !== null);
  const outcomes = await outcomesOfCases(
    deps.db,
    approvedAlerts.map((alert) => alert.case_id),
  );
  const outcomeCounts = OUTCOME_CODES.map(
    (code) => approvedAlerts.filter((alert) => (outcomes.get(alert.case_id) ?? 'not_found_yet') === code).length,
  );
  const outcomeGroup = controlled(area, outcomeCounts);
  await auditProfileRead(deps, actor, 'alerts', { ...period, area: area.label }, now);
  const allMinutes = rows.flatMap((row) => row.minutes);
  return {
    ...period,
    area: area.label,
    filters: {},
    disclosure: area.exact ? 'exact' : 'controlled',
    includesSynthetic: false,
    notes: profileNotes(area, false, ALERT_NOTE),
    months: months.map((month, i) => ({
      month,
      requested: requested.cells[i]!,
      approved: approved.cells[i]!,
      medianMinutesToApproval: shownMedian(approved.cells[i]!, rows[i]!.minutes),
      peopleReached: rows[i]!.peopleReached,
      sightings: rows[i]!.sightings,
    })),
    total: {
      requested: requested.total,
      approved: approved.total,
      medianMinutesToApproval: shownMedian(approved.total, allMinutes),
      peopleReached: rows.reduce((sum, row) => sum + row.peopleReached, 0),
      sightings: rows.reduce((sum, row) => sum + row.sightings, 0),
    },
    outcomes: OUTCOME_CODES.map((value, i) => ({ value, alerts: outcomeGroup.cells[i]! })),
  };
}

export const ALERT_NOTE =
  'Child Rescue Alerts are counted in the UK month they were asked for; exercises and tests are never counted. Time to approval runs from the request to the second officer’s approval. People reached are the different people the alert itself reached on any channel, not its updates or re-issues. Outcomes are of the episodes behind approved alerts.';
