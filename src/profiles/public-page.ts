// The public statistics page: children reported missing in the last 12 whole months, across the country and
// by police force area and by age, always under disclosure control, in the visitor's language. The figures
// are worked out at most every ten minutes per process and the page is cacheable, so a crowd costs one scan.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { html, SafeHtml } from '../http/html.ts';
import { translator } from '../i18n/i18n.ts';
import { page, sendCacheable, VARY } from '../public-site/html.ts';
import { readerLanguage } from '../public-site/language.ts';
import { AGE_BANDS } from './codes.ts';
import { shiftMonth } from './dimensions.ts';
import { controlGroup, type ControlledCount } from './disclosure-control.ts';
import { countEpisodes, episodesWhere, forceAreas, includesSynthetic } from './profile-store.ts';
import { ukLocalParts } from './uk-time.ts';

const FIGURES_TTL_MS = 10 * 60_000;
const PAGE_MAX_AGE = 600;
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

const TABLE_STYLE =
  'table.stats{border-collapse:collapse;margin:1rem 0;min-width:min(100%,30rem)}table.stats caption{text-align:start;font-weight:700;padding:.25rem 0}table.stats th,table.stats td{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:start}table.stats td{text-align:end;font-variant-numeric:tabular-nums}.notice{border-inline-start:4px solid #b45309;padding:.5rem .75rem;background:#fff7ed}';

interface Table {
  rows: { label: string; episodes: ControlledCount; children: ControlledCount }[];
  total: { episodes: ControlledCount; children: ControlledCount };
}

export interface PublicFigures {
  from: string;
  to: string;
  byForce: Table;
  byAge: Table;
  synthetic: boolean;
}

function controlled(rows: { label: string; episodes: number; children: number }[], total: { episodes: number; children: number }): Table {
  const episodes = controlGroup(
    rows.map((row) => row.episodes),
    total.episodes,
  );
  const children = controlGroup(
    rows.map((row) => row.children),
    total.children,
  );
  return {
    rows: rows.map((row, i) => ({ label: row.label, episodes: episodes.cells[i]!, children: children.cells[i]! })),
    total: { episodes: episodes.total, children: children.total },
  };
}

/** The last 12 whole months, nationally, by force and by age, controlled. */
export async function publicFigures(deps: Pick<AppDeps, 'db'>, now: Date): Promise<PublicFigures> {
  const to = shiftMonth(ukLocalParts(now).month.slice(0, 7), -1);
  const period = { from: shiftMonth(to, -11), to };
  const where = episodesWhere(period, 'all', {}, now);
  const forces = await forceAreas(deps.db, 'all');
  const byForce = await countEpisodes(deps.db, { period, jurisdictionIds: 'all', filters: {} }, 'force', now);
  const byAge = await countEpisodes(deps.db, { period, jurisdictionIds: 'all', filters: {} }, 'age_band', now);
  const forceRow = (id: string) => byForce.rows.find((row) => row.value === id) ?? { episodes: 0, children: 0 };
  const ageRow = (band: string) => byAge.rows.find((row) => row.value === band) ?? { episodes: 0, children: 0 };
  return {
    ...period,
    byForce: controlled(
      forces.map((force) => ({ label: force.name, ...forceRow(force.id) })),
      byForce.total,
    ),
    byAge: controlled(
      AGE_BANDS.map((band) => ({ label: band, ...ageRow(band) })),
      byAge.total,
    ),
    synthetic: await includesSynthetic(deps.db, where),
  };
}

function monthName(value: string, language: string): string {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

function table(caption: string, heading: string, data: Table, language: string, label: (text: string) => string): SafeHtml {
  const t = translator(language);
  const figure = (count: ControlledCount) => (count.withheld ? t('stats.withheld') : count.count!.toLocaleString(language));
  return html`<table class="stats"><caption>${caption}</caption>
<thead><tr><th scope="col">${heading}</th><th scope="col">${t('stats.episodes')}</th><th scope="col">${t('stats.children')}</th></tr></thead>
<tbody>${data.rows.map(
    (row) => html`<tr><th scope="row">${label(row.label)}</th><td>${figure(row.episodes)}</td><td>${figure(row.children)}</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">${t('stats.total')}</th><td>${figure(data.total.episodes)}</td><td>${figure(data.total.children)}</td></tr></tfoot>
</table>`;
}

export function renderStatisticsPage(language: string, figures: PublicFigures): string {
  const t = translator(language);
  const period = t('stats.period', { from: monthName(figures.from, language), to: monthName(figures.to, language) });
  return page({
    language,
    title: `${t('stats.title')} · ${t('site.name')}`,
    path: '/statistics',
    narrow: false,
    head: html`<style>${new SafeHtml(TABLE_STYLE)}</style>`,
    body: html`<article class="support">
<h1>${t('stats.title')}</h1>
<p>${t('stats.intro')}</p>
<p><strong>${period}</strong></p>
${figures.synthetic ? html`<p class="notice" role="note">${t('stats.synthetic')}</p>` : ''}
${table(t('stats.byForce'), t('stats.force'), figures.byForce, language, (name) => name)}
${table(t('stats.byAge'), t('stats.age'), figures.byAge, language, (band) => (band === 'unknown' ? t('stats.ageUnknown') : band.replace('-', '–')))}
<h2>${t('stats.methodTitle')}</h2>
<p>${t('stats.method')}</p>
</article>`,
  });
}

export function registerStatisticsPage(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'clock'>): void {
  let cached: { at: number; figures: Promise<PublicFigures> } | undefined;
  app.get('/statistics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const now = deps.clock();
    if (!cached || now.getTime() - cached.at > FIGURES_TTL_MS) {
      cached = { at: now.getTime(), figures: publicFigures(deps, now) };
      cached.figures.catch(() => (cached = undefined));
    }
    const language = readerLanguage(request);
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('Content-Language', language);
    const body = renderStatisticsPage(language, await cached.figures);
    return sendCacheable(request, reply, body, 'text/html; charset=utf-8', PAGE_MAX_AGE, 200, undefined, VARY);
  });
}
