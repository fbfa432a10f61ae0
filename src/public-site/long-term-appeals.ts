// Long-term appeals on the public site: ours (src/appeals/) and partners' (imported through PFIF,
// src/exchange/), listed in the gallery beside live alerts and searchable by name in any script (the
// register's name keys), age, area and country; each of ours has its own page and photos.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { appealPublicPath } from '../appeals/pfif-record.ts';
import { appealPhotos, findAppealBySlug, publicPhotoKey, publishedAppeals, type AppealRow } from '../appeals/store.ts';
import type { Queryable } from '../db/database.ts';
import { livePartnerPersons } from '../exchange/inbound.ts';
import { html, SafeHtml } from '../http/html.ts';
import { KIT_STYLE, shareArea, shareCardTags } from '../kits/routes.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { formatDate } from '../i18n/dates.ts';
import { translator } from '../i18n/i18n.ts';
import { nameKeys } from '../register/names/index.ts';
import { ageBandOf, foldForSearch, SNAPSHOT_TTL_MS, type AgeBand, type PublicJurisdiction } from './active-appeals.ts';
import { helplineList } from './appeal-cards.ts';
import { sendNotFoundPage } from './form-errors.ts';
import { languageAttributes, page, PAGE_MAX_AGE, sendCacheable, VARY } from './html.ts';
import { currentPathOf, readerLanguage } from './language.ts';

export interface LongTermContent {
  language: string;
  headline: string;
  description: string;
}

export interface PublicLongTermAppeal {
  key: string;
  /** Our appeal's page, or null for a partner's record (their page is theirs to give). */
  href: string | null;
  name: string;
  /** The register's keys of the name (words, sounds, equivalence groups): matched whatever the script. */
  nameKeys: ReadonlySet<string>;
  searchText: string;
  ageWhenMissing: number | null;
  ageBand: AgeBand | null;
  missingSince: string | null;
  areaCode: string | null;
  country: string | null;
  contents: LongTermContent[];
  photoPath: string | null;
  /** The partner it came from; null for ours. */
  origin: string | null;
}

// Only the keys that stand for a whole word (its spelling, its sound, its equivalence group), not the looser skeletons.
const SEARCH_KEY = /^[wsg]:/;

function keySet(name: string): Set<string> {
  return new Set(nameKeys(name).keys.filter((key) => SEARCH_KEY.test(key)));
}

function firstNumber(text: string | undefined): number | null {
  const match = /\d{1,3}/.exec(text ?? '');
  return match ? Number(match[0]) : null;
}

function ourAppeal(appeal: AppealRow, photoPosition: number | null): PublicLongTermAppeal {
  return {
    key: appeal.id,
    href: appealPublicPath(appeal.slug),
    name: appeal.full_name,
    nameKeys: new Set(appeal.name_keys.filter((key) => SEARCH_KEY.test(key))),
    searchText: foldForSearch([appeal.full_name, ...appeal.contents.map((c) => `${c.headline}\n${c.description}`)].join('\n')),
    ageWhenMissing: appeal.age_when_missing,
    ageBand: ageBandOf(appeal.age_when_missing),
    missingSince: appeal.missing_since,
    areaCode: appeal.area_code,
    country: appeal.country,
    contents: appeal.contents,
    photoPath: photoPosition === null ? null : `${appealPublicPath(appeal.slug)}/photos/${photoPosition + 1}.jpg`,
    origin: null,
  };
}

export async function loadLongTermAppeals(db: Queryable, now: Date): Promise<PublicLongTermAppeal[]> {
  const ours = (await publishedAppeals(db)).map((appeal) => ourAppeal(appeal, appeal.photo_position));
  const theirs = (await livePartnerPersons(db, now)).map((person): PublicLongTermAppeal => {
    const name = person.fields.full_name ?? '';
    const age = firstNumber(person.fields.age);
    const country = /^[A-Z]{2}$/.test(person.fields.home_country ?? '') ? person.fields.home_country! : null;
    return {
      key: person.record_id,
      href: null,
      name,
      nameKeys: keySet(name),
      searchText: foldForSearch(`${name}\n${person.fields.description ?? ''}`),
      ageWhenMissing: age,
      ageBand: ageBandOf(age),
      missingSince: null,
      areaCode: null,
      country,
      // A partner's text is in a language it does not state: shown as it came, marked as undetermined.
      contents: [{ language: 'und', headline: name, description: person.fields.description ?? '' }],
      photoPath: null,
      origin: person.partner_code,
    };
  });
  return [...ours, ...theirs];
}

export interface LongTermFilter {
  q?: string;
  area?: string;
  age?: string;
  country?: string;
}

/** Each word of the search must be in the name or text, or sound or mean the same as a word of the name in any script. */
function matchesName(appeal: PublicLongTermAppeal, words: readonly string[]): boolean {
  return words.every((word) => {
    if (appeal.searchText.includes(foldForSearch(word))) return true;
    for (const key of keySet(word)) if (appeal.nameKeys.has(key)) return true;
    return false;
  });
}

export function filterLongTerm(
  appeals: readonly PublicLongTermAppeal[],
  filter: LongTermFilter,
  jurisdictions: readonly PublicJurisdiction[],
): PublicLongTermAppeal[] {
  const words = (filter.q ?? '').split(/\s+/).filter(Boolean);
  const inArea = (appeal: PublicLongTermAppeal) =>
    appeal.areaCode !== null &&
    (appeal.areaCode === filter.area || jurisdictions.some((j) => j.code === appeal.areaCode && j.parentCode === filter.area));
  return appeals.filter(
    (appeal) =>
      (words.length === 0 || matchesName(appeal, words)) &&
      (!filter.area || inArea(appeal)) &&
      (!filter.age || appeal.ageBand === filter.age) &&
      (!filter.country || appeal.country === filter.country),
  );
}

/** The countries appeals are from, named in the reader's language. */
export function countryOptions(appeals: readonly PublicLongTermAppeal[], language: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language, 'en'], { type: 'region' });
  const codes = [...new Set(appeals.flatMap((appeal) => (appeal.country ? [appeal.country] : [])))];
  return codes.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label, language));
}

function contentIn(appeal: Pick<PublicLongTermAppeal, 'contents'>, language: string): LongTermContent {
  return (
    appeal.contents.find((c) => c.language.toLowerCase() === language) ??
    appeal.contents.find((c) => c.language.toLowerCase().split('-')[0] === language.split('-')[0]) ??
    appeal.contents[0]!
  );
}

export function longTermCard(appeal: PublicLongTermAppeal, language: string): SafeHtml {
  const t = translator(language);
  const content = contentIn(appeal, language);
  const text = languageAttributes(content.language, language);
  return html`<li>
${
  appeal.photoPath
    ? html`<img src="${appeal.photoPath}" alt="" width="300" height="375" loading="lazy">`
    : html`<div class="nophoto" aria-hidden="true">${t('appeal.noPhoto')}</div>`
}
<div class="card-text">
<h3${text}>${appeal.href ? html`<a href="${appeal.href}">${content.headline}</a>` : content.headline}</h3>
${appeal.missingSince ? html`<p>${t('longTerm.missingSince', { date: formatDate(appeal.missingSince, language) })}</p>` : ''}
${appeal.ageWhenMissing !== null ? html`<p>${t('longTerm.ageWhenMissing', { age: appeal.ageWhenMissing })}</p>` : ''}
${appeal.origin ? html`<p class="muted">${t('longTerm.fromPartner', { partner: appeal.origin })}</p>` : ''}
</div>
</li>`;
}

export function longTermSection(appeals: readonly PublicLongTermAppeal[], language: string, filtered: boolean): SafeHtml {
  const t = translator(language);
  return html`<section aria-labelledby="long-term-title">
<h2 id="long-term-title">${t('longTerm.title')}</h2>
<p>${t('longTerm.intro')}</p>
${
  appeals.length === 0
    ? html`<p>${filtered ? t('longTerm.noMatch') : t('longTerm.none')}</p>`
    : html`<ul class="cards">${appeals.map((appeal) => longTermCard(appeal, language))}</ul>`
}
</section>`;
}

/** One snapshot per process, read again after a few seconds, as the live appeals are. */
export function createLongTermSnapshots(db: Queryable): { current(now: Date): Promise<PublicLongTermAppeal[]> } {
  let loaded: { at: number; appeals: PublicLongTermAppeal[] } | undefined;
  return {
    async current(now) {
      if (loaded && performance.now() - loaded.at < SNAPSHOT_TTL_MS) return loaded.appeals;
      const at = performance.now();
      const appeals = await loadLongTermAppeals(db, now);
      loaded = { at, appeals };
      return appeals;
    },
  };
}

const LongTermSlugParams = Type.Object({ slug: Type.String({ pattern: '^[0-9a-f]{12}$' }) });
const LongTermPhotoParams = Type.Object({
  slug: LongTermSlugParams.properties.slug,
  file: Type.String({ pattern: '^[1-9][0-9]{0,2}\\.jpg$' }),
});
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });
const HTML = 'text/html; charset=utf-8';

function renderLongTermPage(
  appeal: PublicLongTermAppeal,
  language: string,
  path: string,
  share: { area: SafeHtml; cards: (title: string, description: string) => SafeHtml },
): string {
  const t = translator(language);
  const content = contentIn(appeal, language);
  const text = languageAttributes(content.language, language);
  const body = html`<h1${text}>${content.headline}</h1>
<p class="muted">${t('longTerm.title')}</p>
${appeal.photoPath ? html`<img src="${appeal.photoPath}" alt="${appeal.name}" width="300" height="375">` : ''}
${appeal.missingSince ? html`<p>${t('longTerm.missingSince', { date: formatDate(appeal.missingSince, language) })}</p>` : ''}
${appeal.ageWhenMissing !== null ? html`<p>${t('longTerm.ageWhenMissing', { age: appeal.ageWhenMissing })}</p>` : ''}
<p${text}>${content.description}</p>
<p><strong>${t('site.emergency')}</strong></p>
${helplineList(language, 2)}
${share.area}`;
  const head = html`${share.cards(content.headline, content.description.slice(0, 200))}
<style>${new SafeHtml(KIT_STYLE)}</style>`;
  return page({ language, title: `${content.headline} · ${t('site.name')}`, body, path, narrow: true, head });
}

export function registerLongTermRoutes(app: TypedApp, deps: Pick<AppDeps, 'db' | 'media' | 'clock' | 'config'>, csp: string): void {
  const { db } = deps;
  const sendNotFound = (request: FastifyRequest, reply: FastifyReply) => sendNotFoundPage(request, reply);
  app.get(
    '/missing/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: LongTermSlugParams, querystring: LangQuery } },
    async (request, reply) => {
      const appeal = await findAppealBySlug(db, request.params.slug);
      // A withdrawn appeal is gone, as an ended alert is: nothing of it stays public.
      if (!appeal || appeal.state !== 'published') return sendNotFound(request, reply);
      const language = readerLanguage(request);
      const photo = (await appealPhotos(db, appeal.id)).find((p) => p.public_key !== null);
      const listed = ourAppeal(appeal, photo?.position ?? null);
      reply.header('Content-Security-Policy', csp).header('Content-Language', language);
      return sendCacheable(
        request,
        reply,
        renderLongTermPage(listed, language, currentPathOf(request), {
          area: shareArea(deps.config.publicUrl, appeal, language),
          cards: (title, description) => shareCardTags(deps.config.publicUrl, appeal, language, title, description),
        }),
        HTML,
        PAGE_MAX_AGE,
        200,
        undefined,
        VARY,
      );
    },
  );
  app.get(
    '/missing/:slug/photos/:file',
    { config: { access: 'public' }, schema: { hide: true, params: LongTermPhotoParams } },
    async (request, reply) => {
      const position = Number(request.params.file.split('.')[0]) - 1;
      const key = await publicPhotoKey(db, request.params.slug, position);
      const stored = key ? await deps.media.get(key) : undefined;
      if (!stored) return reply.callNotFound();
      return sendCacheable(request, reply, stored.bytes, stored.contentType, PAGE_MAX_AGE);
    },
  );
}
