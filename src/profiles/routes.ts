// Problem profiles for analysts: counts by a dimension, trends, and both as CSV and as a spreadsheet. Counts only: no identity,
// reference or free text is in any answer. Reach and exactness come from `profileReach` (src/auth/access.ts).
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { actorOf, profileReach } from '../auth/access.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { tableCsv } from './csv.ts';
import { buildAlertFigures } from './alert-figures.ts';
import { buildProfile, buildTrend } from './profiles.ts';
import { buildReachFigures } from './reach-figures.ts';
import { forceAreas } from './profile-store.ts';
import { registerStatisticsPage } from './public-page.ts';
import {
  AlertFiguresAnswer,
  AlertFiguresQuery,
  ForceList,
  ProfileAnswer,
  ReachFiguresAnswer,
  ProfileQuery,
  TrendAnswer,
  TrendQuery,
} from './schemas.ts';
import { alertFiguresTable, profileTable, reachFiguresTable, trendTable, type ProfileTable } from './tables.ts';
import { tableXlsx, XLSX_TYPE } from './xlsx.ts';

const CSV_DESCRIPTION = 'The same figures as CSV (UTF-8), withheld figures as [c], with the period, filters and notes below the table.';
const XLSX_DESCRIPTION =
  'The same figures as a spreadsheet (XLSX): numbers as numbers, withheld figures as [c], the notes below the table.';

type Download = 'csv' | 'xlsx';

function downloadSchema(format: Download) {
  return format === 'csv'
    ? { description: CSV_DESCRIPTION, produces: ['text/csv'], response: { 200: Type.String() } }
    : { description: XLSX_DESCRIPTION, produces: [XLSX_TYPE], response: { 200: Type.String({ format: 'binary' }) } };
}

export function registerProfileRoutes(app: TypedApp, deps: AppDeps): void {
  registerStatisticsPage(app, deps);
  const profileSchema = {
    tags: ['profiles'],
    summary: 'Missing episodes and children by one dimension, over a period and filters',
    description:
      'Analysts at the national centre count every force, exactly; analysts of a force count its area, with figures under disclosure control (1 to 4 withheld, a second figure withheld beside a lone one, all rounded to the nearest 5). Audited.',
    querystring: ProfileQuery,
  };
  app.get(
    '/api/v1/profiles/counts',
    { config: { access: 'profile:read' }, schema: { ...profileSchema, response: { 200: ProfileAnswer } } },
    async (request) => buildProfile(deps, actorOf(request), request.query),
  );
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/profiles/counts.${format}`,
      { config: { access: 'profile:read' }, schema: { ...profileSchema, ...downloadSchema(format) } },
      async (request, reply) => {
        const answer = await buildProfile(deps, actorOf(request), request.query);
        return download(reply, `profile-${answer.dimension}-${answer.from}-${answer.to}`, format, profileTable(answer), deps.clock());
      },
    );
  }

  const trendSchema = {
    tags: ['profiles'],
    summary: 'Missing episodes and children month by month, beside the same months a year before',
    description: 'Same reach and disclosure control as the counts. Audited.',
    querystring: TrendQuery,
  };
  app.get(
    '/api/v1/profiles/trend',
    { config: { access: 'profile:read' }, schema: { ...trendSchema, response: { 200: TrendAnswer } } },
    async (request) => buildTrend(deps, actorOf(request), request.query),
  );
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/profiles/trend.${format}`,
      { config: { access: 'profile:read' }, schema: { ...trendSchema, ...downloadSchema(format) } },
      async (request, reply) => {
        const answer = await buildTrend(deps, actorOf(request), request.query);
        return download(reply, `trend-${answer.from}-${answer.to}`, format, trendTable(answer), deps.clock());
      },
    );
  }

  const alertsSchema = {
    tags: ['profiles'],
    summary: 'Child Rescue Alerts month by month: asked for, approved, time to approval, people reached, sightings, outcomes',
    description: 'Same reach and disclosure control as the counts; exercises and tests are never counted. Audited.',
    querystring: AlertFiguresQuery,
  };
  app.get(
    '/api/v1/profiles/alerts',
    { config: { access: 'profile:read' }, schema: { ...alertsSchema, response: { 200: AlertFiguresAnswer } } },
    async (request) => buildAlertFigures(deps, actorOf(request), request.query),
  );
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/profiles/alerts.${format}`,
      { config: { access: 'profile:read' }, schema: { ...alertsSchema, ...downloadSchema(format) } },
      async (request, reply) => {
        const answer = await buildAlertFigures(deps, actorOf(request), request.query);
        return download(reply, `alerts-${answer.from}-${answer.to}`, format, alertFiguresTable(answer), deps.clock());
      },
    );
  }

  const reachSchema = {
    tags: ['profiles'],
    summary: 'Subscribers by force area and channel, and channels confirmed month by month',
    description: 'Same reach and disclosure control as the counts. Audited.',
    querystring: AlertFiguresQuery,
  };
  app.get(
    '/api/v1/profiles/reach',
    { config: { access: 'profile:read' }, schema: { ...reachSchema, response: { 200: ReachFiguresAnswer } } },
    async (request) => buildReachFigures(deps, actorOf(request), request.query),
  );
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/profiles/reach.${format}`,
      { config: { access: 'profile:read' }, schema: { ...reachSchema, ...downloadSchema(format) } },
      async (request, reply) => {
        const answer = await buildReachFigures(deps, actorOf(request), request.query);
        return download(reply, `reach-${answer.from}-${answer.to}`, format, reachFiguresTable(answer), deps.clock());
      },
    );
  }

  app.get(
    '/api/v1/profiles/forces',
    {
      config: { access: 'profile:read' },
      schema: { tags: ['profiles'], summary: 'The force areas you may profile', response: { 200: ForceList } },
    },
    async (request) => {
      const reach = profileReach(actorOf(request));
      const forces = await forceAreas(deps.db, reach.national ? 'all' : reach.jurisdictionIds);
      return { items: forces.map(({ code, name }) => ({ code, name })) };
    },
  );
}

async function download(reply: FastifyReply, name: string, format: Download, table: ProfileTable, now: Date) {
  const type = format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE;
  const body = format === 'csv' ? tableCsv(table) : await tableXlsx(table, now);
  return reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}.${format}"`).send(body);
}
