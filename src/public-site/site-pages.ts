// The home page, the gallery of missing children and the support pages. Plain HTML: the gallery's search
// is an ordinary GET form, so it works without JavaScript and every result page has its own address.
import { translator } from '../i18n/i18n.ts';
import { AGE_BANDS, type PublicAppeal, type PublicJurisdiction } from './active-appeals.ts';
import { appealCard, helplineList } from './appeal-cards.ts';
import { page } from './html.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { withLanguage } from './language.ts';
import { longTermSection, type PublicLongTermAppeal } from './long-term-appeals.ts';
import { relayedSection } from './relayed-alerts.ts';
import type { PublicRelay } from '../exchange/alert-offers.ts';

export const HOME_APPEALS = 6;
export const GALLERY_PAGE_SIZE = 12;

export function renderHomePage(language: string, appeals: readonly PublicAppeal[], path: string): string {
  const t = translator(language);
  const link = (to: string) => withLanguage(to, language);
  const shown = appeals.slice(0, HOME_APPEALS);
  const body = html`<h1>${t('home.title')}</h1>
<p>${t('home.intro')}</p>
<p class="todo"><strong>${t('site.emergency')}</strong> ${t('home.seenChild')}</p>
<section aria-labelledby="appeals-title">
<h2 id="appeals-title">${t('home.appealsTitle')}</h2>
${
  shown.length === 0
    ? html`<p>${t('appeal.none')}</p>`
    : html`<ul class="cards">${shown.map((appeal) => appealCard(appeal, language, 3))}</ul>`
}
<p><a href="${link('/appeals')}">${t('home.allAppeals', { number: appeals.length })}</a></p>
</section>
<section aria-labelledby="help-title">
<h2 id="help-title">${t('home.helpTitle')}</h2>
<div class="actions">
<a class="button quiet" href="${link('/alerts/sign-up')}">${t('home.signUp')}</a>
<a class="button quiet" href="${link('/report')}">${t('home.report')}</a>
</div>
<ul>
<li><a href="${link('/support/running-away')}">${t('home.supportRunaway')}</a></li>
<li><a href="${link('/support/families')}">${t('home.supportFamilies')}</a></li>
</ul>
</section>
<section aria-labelledby="helplines-title">
<h2 id="helplines-title">${t('helplines.title')}</h2>
${helplineList(language)}
</section>`;
  return page({
    language,
    title: `${t('site.name')}: ${t('home.title')}`,
    description: t('home.intro'),
    head: html`<link rel="alternate" type="application/atom+xml" href="/feeds/alerts.atom">`,
    body,
    path,
    narrow: false,
  });
}

export interface GalleryQuery {
  q: string;
  area: string;
  age: string;
  /** ISO 3166 alpha-2, for long-term appeals (ours and partners'). */
  country?: string;
  page: number;
}

function selectOptions(values: readonly { value: string; label: string }[], selected: string): SafeHtml[] {
  return values.map(
    (option) => html`<option value="${option.value}"${option.value === selected ? html` selected` : ''}>${option.label}</option>`,
  );
}

export function renderGalleryPage(
  language: string,
  input: {
    query: GalleryQuery;
    matches: readonly PublicAppeal[];
    jurisdictions: readonly PublicJurisdiction[];
    path: string;
    /** Long-term appeals (ours and partners'), listed after the live ones, and the countries to choose from. */
    longTerm?: { matches: readonly PublicLongTermAppeal[]; countries: readonly { value: string; label: string }[] };
    /** Partners' alerts our national coordinator relayed, after our own live appeals. */
    relayed?: readonly PublicRelay[];
  },
): string {
  const t = translator(language);
  const { query, matches } = input;
  const pages = Math.max(1, Math.ceil(matches.length / GALLERY_PAGE_SIZE));
  const current = Math.min(Math.max(1, query.page), pages);
  const shown = matches.slice((current - 1) * GALLERY_PAGE_SIZE, current * GALLERY_PAGE_SIZE);
  const filtered = query.q !== '' || query.area !== '' || query.age !== '' || (query.country ?? '') !== '';
  const countries = input.longTerm?.countries ?? [];
  const areas = [
    { value: '', label: t('gallery.anyArea') },
    ...input.jurisdictions.filter((j) => j.kind === 'force_area').map((j) => ({ value: j.code, label: j.name })),
  ];
  const ages = [{ value: '', label: t('gallery.anyAge') }, ...AGE_BANDS.map((band) => ({ value: band, label: t(`gallery.age.${band}`) }))];
  const pageHref = (n: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.area) params.set('area', query.area);
    if (query.age) params.set('age', query.age);
    if (query.country) params.set('country', query.country);
    params.set('page', String(n));
    return withLanguage(`/appeals?${params.toString()}`, language);
  };
  const body = html`<h1>${t('gallery.title')}</h1>
<p>${t('gallery.intro')}</p>
<form class="filters" method="get" action="/appeals" role="search" aria-label="${t('gallery.searchLabel')}">
<input type="hidden" name="lang" value="${language}">
<div class="field"><label for="q">${t('gallery.name')}</label><input type="search" id="q" name="q" value="${query.q}" maxlength="100" autocomplete="off"></div>
<div class="field"><label for="area">${t('gallery.area')}</label><select id="area" name="area">${selectOptions(areas, query.area)}</select></div>
<div class="field"><label for="age">${t('gallery.ageLabel')}</label><select id="age" name="age">${selectOptions(ages, query.age)}</select></div>
${
  countries.length > 0
    ? html`<div class="field"><label for="country">${t('longTerm.country')}</label><select id="country" name="country">${selectOptions(
        [{ value: '', label: t('longTerm.anyCountry') }, ...countries],
        query.country ?? '',
      )}</select></div>`
    : ''
}
<button type="submit">${t('gallery.search')}</button>
</form>
<p role="status">${filtered ? t('gallery.found', { number: matches.length }) : t('gallery.total', { number: matches.length })}${
    filtered ? html` <a href="${withLanguage('/appeals', language)}">${t('gallery.clear')}</a>` : ''
  }</p>
${
  shown.length === 0
    ? html`<p>${filtered ? t('gallery.noMatch') : t('appeal.none')}</p>`
    : html`<ul class="cards">${shown.map((appeal) => appealCard(appeal, language, 2))}</ul>`
}
${
  pages > 1
    ? html`<nav class="pages" aria-label="${t('gallery.pages')}"><ul>
${current > 1 ? html`<li><a href="${pageHref(current - 1)}" rel="prev">${t('gallery.previous')}</a></li>` : ''}
<li aria-current="page">${t('gallery.pageOf', { page: current, pages })}</li>
${current < pages ? html`<li><a href="${pageHref(current + 1)}" rel="next">${t('gallery.next')}</a></li>` : ''}
</ul></nav>`
    : ''
}
<p class="muted">${t('gallery.onlyLive')}</p>
${input.relayed ? relayedSection(input.relayed, language) : ''}
${input.longTerm ? longTermSection(input.longTerm.matches, language, filtered) : ''}`;
  return page({
    language,
    title: `${t('gallery.title')} · ${t('site.name')}`,
    description: t('gallery.intro'),
    head: html`<link rel="alternate" type="application/atom+xml" href="/feeds/alerts.atom">${filtered ? html`<meta name="robots" content="noindex">` : ''}`,
    body,
    path: input.path,
    narrow: false,
  });
}

interface SupportSection {
  title: string;
  text?: string[];
  items?: string[];
}

function supportSections(sections: SupportSection[]): SafeHtml[] {
  return sections.map(
    (section) => html`<section>
<h2>${section.title}</h2>
${(section.text ?? []).map((paragraph) => html`<p>${paragraph}</p>`)}
${section.items && section.items.length > 0 ? html`<ul>${section.items.map((item) => html`<li>${item}</li>`)}</ul>` : ''}
</section>`,
  );
}

export type SupportPage = 'runningAway' | 'families';

export function renderSupportPage(language: string, which: SupportPage, path: string): string {
  const t = translator(language);
  const sections = t(`support.${which}.sections`, { returnObjects: true }) as unknown as SupportSection[];
  const body = html`<article class="support">
<h1>${t(`support.${which}.title`)}</h1>
<p class="callout">${t(`support.${which}.lead`)}</p>
${supportSections(Array.isArray(sections) ? sections : [])}
<section aria-labelledby="helplines-title">
<h2 id="helplines-title">${t('helplines.title')}</h2>
${helplineList(language)}
</section>
</article>`;
  return page({ language, title: `${t(`support.${which}.title`)} · ${t('site.name')}`, body, path, quickExit: true });
}
