// Sign-up and reach figures for analysts: the people who would receive an alert today, by force area and by
// channel, and how many confirmed a channel each month of the period. Each chosen cell is placed in the force
// area holding its centre, so a person is counted where they asked for alerts, never at a finer place. The
// national centre sees every area exactly; a force sees its own, under the same disclosure control as profiles.
import { cellToLatLng } from 'h3-js';
import type { AppDeps } from '../app-deps.ts';
import type { Actor } from '../auth/actor.ts';
import { CHANNELS } from '../channels/channel.ts';
import { bigIntToCell } from '../geo/cells.ts';
import { processJurisdictionIndex, routePoint } from '../geo/jurisdiction-index.ts';
import { confirmationsByHour, confirmedSubscribersByArea, subscribedCells, type PlacedCells } from '../subscribers/figures.ts';
import { monthsBetween } from './dimensions.ts';
import { auditProfileRead, areaFor, controlled, periodOf, periodWindow, profileNotes, type ProfileArea } from './profiles.ts';
import { forceAreas } from './profile-store.ts';
import type { ProfileFilters, ReachFiguresAnswer } from './schemas.ts';
import { ukLocalParts } from './uk-time.ts';

export const REACH_NOTE =
  'Subscribers are people and organisations with at least one confirmed channel, counted once in each figure however many places or channels they chose, in the force area holding the centre of each place they chose (about 5 km² each). Sign-ups are channels confirmed each UK month; people who have since left are not counted.';

/** Places every chosen cell in the force area holding its centre, keeping those within the reader's area. */
async function placeCells(db: AppDeps['db'], area: ProfileArea): Promise<PlacedCells> {
  const index = await processJurisdictionIndex.current(db);
  const cells: string[] = [];
  const areaIds: (string | null)[] = [];
  for (const cell of await subscribedCells(db)) {
    const [lat, lon] = cellToLatLng(bigIntToCell(BigInt(cell)));
    const routed = routePoint(index, lon, lat);
    const areaId = routed?.kind === 'force_area' ? routed.id : null;
    if (area.jurisdictionIds !== 'all' && (areaId === null || !area.jurisdictionIds.includes(areaId))) continue;
    cells.push(cell);
    areaIds.push(areaId);
  }
  return { cells, areaIds };
}

/** Channels confirmed each UK month of the period, by channel. */
async function signUpsByMonth(db: AppDeps['db'], placed: PlacedCells, period: { from: string; to: string }) {
  const { start, end } = periodWindow(period);
  const byMonth = new Map<string, Map<string, number>>();
  for (const row of await confirmationsByHour(db, placed, start, end)) {
    const month = ukLocalParts(row.hour).month.slice(0, 7);
    const channels = byMonth.get(month) ?? new Map<string, number>();
    channels.set(row.channel, (channels.get(row.channel) ?? 0) + row.n);
    byMonth.set(month, channels);
  }
  return byMonth;
}

export async function buildReachFigures(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  filters: ProfileFilters,
): Promise<ReachFiguresAnswer> {
  const now = deps.clock();
  const period = periodOf(filters, now);
  const area = await areaFor(deps.db, actor, filters.force);
  const forces = await forceAreas(deps.db, area.jurisdictionIds);
  const placed = await placeCells(deps.db, area);
  const counts = await confirmedSubscribersByArea(deps.db, placed);
  // One area's figure (null: all of them together), on one channel (null: any).
  const count = (areaId: string | null, channel: string | null) =>
    counts.find(
      (row) =>
        row.allAreas === (areaId === null) &&
        (areaId === null || row.areaId === areaId) &&
        row.anyChannel === (channel === null) &&
        row.channel === channel,
    )?.subscribers ?? 0;
  const channelColumns = [...CHANNELS, null].map((channel) =>
    controlled(
      area,
      forces.map((force) => count(force.id, channel)),
      count(null, channel),
    ),
  );
  const months = monthsBetween(period.from, period.to);
  const signUps = await signUpsByMonth(deps.db, placed, period);
  const signUpColumns = CHANNELS.map((channel) =>
    controlled(
      area,
      months.map((month) => signUps.get(month)?.get(channel) ?? 0),
    ),
  );
  await auditProfileRead(deps, actor, 'reach', { ...period, area: area.label }, now);
  return {
    ...period,
    area: area.label,
    filters: {},
    disclosure: area.exact ? 'exact' : 'controlled',
    includesSynthetic: false,
    notes: profileNotes(area, false, REACH_NOTE),
    channels: [...CHANNELS],
    areas: forces.map((force, i) => ({
      code: force.code,
      name: force.name,
      byChannel: CHANNELS.map((_channel, c) => channelColumns[c]!.cells[i]!),
      subscribers: channelColumns[CHANNELS.length]!.cells[i]!,
    })),
    total: {
      byChannel: CHANNELS.map((_channel, c) => channelColumns[c]!.total),
      subscribers: channelColumns[CHANNELS.length]!.total,
    },
    signUps: months.map((month, i) => ({ month, byChannel: signUpColumns.map((column) => column.cells[i]!) })),
    signUpTotal: signUpColumns.map((column) => column.total),
  };
}
