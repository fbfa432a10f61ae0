// Child Rescue Alerts of partner sites that our national coordinator relayed (src/exchange/): listed in the
// gallery after our own live appeals, each with its own page marked as relayed from its origin, in our
// languages where the coordinator wrote them, else in the origin's. A relay that ends (found, withdrawn or
// expired at the origin, past our own end, or its partner disabled) answers 410 as an ended alert of ours does.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import type { Queryable } from '../db/database.ts';
import { findPublicRelay, liveRelays, relayPublicPath, type PublicRelay } from '../exchange/alert-offers.ts';
import { html, paragraphs, type SafeHtml } from '../http/html.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { translator } from '../i18n/i18n.ts';
import { foldForSearch, SNAPSHOT_TTL_MS } from './active-appeals.ts';
import { helplineList } from './appeal-cards.ts';
import { formatWhen, renderEndedAppealPage } from './appeal-page.ts';
import { sendNotFoundPage } from './form-errors.ts';
import { languageAttributes, page, PAGE_MAX_AGE, sendCacheable, VARY } from './html.ts';
import { currentPathOf, readerLanguage } from './language.ts';

interface RelayText {
  language: string;
  headline: string;
  description: string | null;
  instruction: string | null;
  areaDesc: string | null;
}

const sameLanguage = (a: string, b: string) => a.toLowerCase() === b || a.toLowerCase().split('-')[0] === b.split('-')[0];

/** Our own text in the reader's language first, then the origin's in it, then our first, then the origin's first. */
export function relayTextFor(relay: Pick<PublicRelay, 'contents' | 'infos'>, language: string): RelayText {
  const origin = relay.infos.find((info) => sameLanguage(info.language, language)) ?? relay.infos[0];
  const ours = relay.contents.find((content) => sameLanguage(content.language, language)) ?? (origin ? undefined : relay.contents[0]);
  if (ours) return { ...ours, instruction: null, areaDesc: origin?.areaDesc ?? null };
  return {
    language: origin?.language ?? language,
    headline: origin?.headline ?? '',
    description: origin?.description ?? null,
    instruction: origin?.instruction ?? null,
    areaDesc: origin?.areaDesc ?? null,
  };
}

function relayCard(relay: PublicRelay, language: string): SafeHtml {
  const t = translator(language);
  const text = relayTextFor(relay, language);
  const lang = languageAttributes(text.language, language);
  return html`<li>
<div class="nophoto" aria-hidden="true">${t('appeal.noPhoto')}</div>
<div class="card-text">
<h3${lang}><a href="${relayPublicPath(relay.slug)}?lang=${encodeURIComponent(language)}">${text.headline}</a></h3>
${text.areaDesc ? html`<p${lang}>${text.areaDesc}</p>` : ''}
<p class="muted">${t('relayed.from', { partner: relay.partnerName })}</p>
</div>
</li>`;
}

/**
 * The relayed alerts a gallery search finds: by the words of their text; none when searching by area, age or
 * country (ours and the origin's areas, ages and countries are not the same lists).
 */
export function filterRelays(
  relays: readonly PublicRelay[],
  query: { q: string; area: string; age: string; country: string },
): PublicRelay[] {
  if (query.area || query.age || query.country) return [];
  const words = foldForSearch(query.q).split(/\s+/).filter(Boolean);
  return relays.filter((relay) => {
    const text = foldForSearch(
      [
        ...relay.infos.map((i) => `${i.headline}\n${i.description ?? ''}`),
        ...relay.contents.map((c) => `${c.headline}\n${c.description}`),
      ].join('\n'),
    );
    return words.every((word) => text.includes(word));
  });
}

/** The gallery's section of relayed alerts; nothing at all when there are none. */
export function relayedSection(relays: readonly PublicRelay[], language: string): SafeHtml {
  if (relays.length === 0) return html``;
  const t = translator(language);
  return html`<section aria-labelledby="relayed-title">
<h2 id="relayed-title">${t('relayed.title')}</h2>
<p>${t('relayed.intro')}</p>
<ul class="cards">${relays.map((relay) => relayCard(relay, language))}</ul>
</section>`;
}

/** One list per process, read again after a few seconds, as the live appeals are. */
export function createRelaySnapshots(db: Queryable): { current(now: Date): Promise<PublicRelay[]> } {
  let loaded: { at: number; relays: PublicRelay[] } | undefined;
  return {
    async current(now) {
      if (loaded && performance.now() - loaded.at < SNAPSHOT_TTL_MS) {
        // One past its end leaves at once, even from a list read a moment before.
        return loaded.relays.filter((relay) => relay.endsAt === null || relay.endsAt.getTime() > now.getTime());
      }
      const at = performance.now();
      const relays = await liveRelays(db, now);
      loaded = { at, relays };
      return relays;
    },
  };
}

function practiceBanner(relay: PublicRelay, language: string): string | undefined {
  const t = translator(language);
  return relay.capStatus === 'Exercise' ? t('appeal.exercise') : relay.capStatus === 'Test' ? t('appeal.test') : undefined;
}

export function renderRelayPage(relay: PublicRelay, language: string, path: string): string {
  const t = translator(language);
  const text = relayTextFor(relay, language);
  const lang = languageAttributes(text.language, language);
  const banner = practiceBanner(relay, language);
  const origin = relay.senderName ? `${relay.partnerName} (${relay.senderName})` : relay.partnerName;
  const body = html`<article class="appeal">
${banner ? html`<p class="appeal-kind practice" role="note">${banner}</p>` : html`<p class="appeal-kind">${t('appeal.kicker')}</p>`}
<p class="muted">${t('relayed.from', { partner: origin })}</p>
<h1${lang}>${text.headline}</h1>
<dl class="facts">
${text.areaDesc ? html`<dt>${t('relayed.area')}</dt><dd${lang}>${text.areaDesc}</dd>` : ''}
${relay.endsAt ? html`<dt>${t('relayed.until')}</dt><dd><time datetime="${relay.endsAt.toISOString()}">${formatWhen(relay.endsAt, language)}</time></dd>` : ''}
</dl>
${text.description ? html`<div class="appeal-text"${lang}>${paragraphs(text.description)}</div>` : ''}
<section class="todo" aria-labelledby="todo-title">
<h2 id="todo-title">${t('appeal.whatToDo')}</h2>
${banner ? html`<p>${t('appeal.call999Practice')}</p>` : html`<p><strong>${t('site.emergency')}</strong></p>`}
${text.instruction ? html`<div${lang}>${paragraphs(text.instruction)}</div>` : ''}
</section>
${helplineList(language, 2)}
<p class="muted">${t('appeal.issued', { time: formatWhen(relay.relayedAt, language) })}</p>
</article>`;
  return page({
    language,
    title: `${banner ? `${banner} ` : ''}${text.headline} · ${t('site.name')}`,
    head: banner ? html`<meta name="robots" content="noindex">` : html``,
    body,
    path,
    narrow: false,
  });
}

const RelaySlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z2-9]{12}$' }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });
const HTML = 'text/html; charset=utf-8';

export function registerRelayedAlertRoutes(app: TypedApp, deps: Pick<AppDeps, 'db' | 'clock'>, csp: string): void {
  app.get(
    '/appeals/relayed/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: RelaySlugParams, querystring: LangQuery } },
    async (request, reply) => {
      // Read on every request, as our own appeal pages' state is: nothing outlives the origin's withdrawal.
      const relay = await findPublicRelay(deps.db, request.params.slug, deps.clock());
      if (!relay) return sendNotFoundPage(request, reply);
      const language = readerLanguage(request);
      const path = currentPathOf(request);
      reply.header('Content-Security-Policy', csp).header('Content-Language', language);
      if (relay.ended) {
        return sendCacheable(request, reply, renderEndedAppealPage(relay.ended, language, path), HTML, PAGE_MAX_AGE, 410, undefined, VARY);
      }
      return sendCacheable(request, reply, renderRelayPage(relay, language, path), HTML, PAGE_MAX_AGE, 200, undefined, VARY);
    },
  );
}
