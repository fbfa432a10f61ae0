// The public appeal page of a Child Rescue Alert, the page that replaces it when it ends, and the list of
// active appeals. Plain HTML that works without JavaScript; share cards carry the child's photo.
import { translator } from '../i18n/i18n.ts';
import type { AlertContentInput } from '../alerts/schemas.ts';
import { html, page, paragraphs, type SafeHtml } from './html.ts';

export interface AppealForPage {
  slug: string;
  capStatus: 'Actual' | 'Exercise' | 'Test';
  content: AlertContentInput;
  languages: string[];
  photoUrls: string[];
  lastSeenPlace: string;
  lastSeenAt: Date;
  vehicle: string;
  suspect: string;
  issuedAt: Date;
  updatedAt: Date;
  organisationName: string;
}

export function formatWhen(date: Date, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/London' }).format(date);
  } catch {
    return date.toISOString();
  }
}

function statusBanner(capStatus: AppealForPage['capStatus'], language: string): string | undefined {
  const t = translator(language);
  return capStatus === 'Exercise' ? t('appeal.exercise') : capStatus === 'Test' ? t('appeal.test') : undefined;
}

export function renderAppealPage(appeal: AppealForPage, publicUrl: string): string {
  const { content } = appeal;
  const language = content.language;
  const t = translator(language);
  const url = `${publicUrl}/appeals/${appeal.slug}`;
  const pageUrl = appeal.languages[0] === language ? url : `${url}?lang=${encodeURIComponent(language)}`;
  const banner = statusBanner(appeal.capStatus, language);
  const title = banner ? `${banner} ${content.headline}` : content.headline;
  const shareText = `${content.headline} ${pageUrl}`;
  const image = appeal.photoUrls[0];
  const head = html`<meta name="description" content="${content.smsText}">
<link rel="canonical" href="${pageUrl}">
${appeal.languages.map((lang) => html`<link rel="alternate" hreflang="${lang}" href="${url}?lang=${encodeURIComponent(lang)}">`)}
<meta property="og:type" content="article">
<meta property="og:site_name" content="${t('site.name')}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${content.smsText}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:locale" content="${language.replace('-', '_')}">
${image ? html`<meta property="og:image" content="${image}"><meta property="og:image:alt" content="${t('appeal.photoAlt')}">` : ''}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${content.smsText}">
${image ? html`<meta name="twitter:image" content="${image}">` : ''}`;

  const facts: SafeHtml[] = [html`<dt>${t('appeal.lastSeen')}</dt><dd>${appeal.lastSeenPlace}, ${formatWhen(appeal.lastSeenAt, language)}</dd>`];
  if (appeal.vehicle) facts.push(html`<dt>${t('appeal.vehicle')}</dt><dd>${appeal.vehicle}</dd>`);
  if (appeal.suspect) facts.push(html`<dt>${t('appeal.suspect')}</dt><dd>${appeal.suspect}</dd>`);

  const body = html`<article>
<p class="kicker">${t('appeal.kicker')}</p>
<h1>${content.headline}</h1>
${appeal.photoUrls.length ? html`<div class="photos">${appeal.photoUrls.map((src) => html`<img src="${src}" alt="${t('appeal.photoAlt')}" width="600" height="750">`)}</div>` : ''}
${paragraphs(content.description)}
<dl class="facts">${facts}</dl>
<section class="todo" aria-labelledby="todo-title">
<h2 id="todo-title">${t('appeal.whatToDo')}</h2>
${paragraphs(content.instruction)}
<p><strong>${t('appeal.contact')}:</strong> ${content.contact}</p>
</section>
<p><a class="button" href="/appeals/${appeal.slug}/sighting?lang=${encodeURIComponent(language)}">${t('appeal.reportSighting')}</a></p>
<section class="share" aria-labelledby="share-title">
<h2 id="share-title">${t('appeal.share')}</h2>
<a href="mailto:?subject=${encodeURIComponent(content.headline)}&amp;body=${encodeURIComponent(shareText)}">${t('appeal.shareEmail')}</a>
<a href="https://wa.me/?text=${encodeURIComponent(shareText)}" rel="noopener">${t('appeal.shareWhatsapp')}</a>
<a href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(pageUrl)}" rel="noopener">${t('appeal.shareFacebook')}</a>
<a href="https://x.com/intent/post?text=${encodeURIComponent(shareText)}" rel="noopener">${t('appeal.shareX')}</a>
</section>
${
  appeal.languages.length > 1
    ? html`<nav class="langs" aria-label="${t('appeal.otherLanguages')}"><h2>${t('appeal.otherLanguages')}</h2>${appeal.languages
        .filter((lang) => lang !== language)
        .map((lang) => html`<a href="/appeals/${appeal.slug}?lang=${encodeURIComponent(lang)}" hreflang="${lang}" lang="${lang}">${languageName(lang)}</a>`)}</nav>`
    : ''
}
<p class="muted">${appeal.organisationName} · ${t('appeal.issued', { time: formatWhen(appeal.issuedAt, language) })}${
    appeal.updatedAt.getTime() > appeal.issuedAt.getTime() ? html` · ${t('appeal.updated', { time: formatWhen(appeal.updatedAt, language) })}` : ''
  }</p>
</article>`;
  return page({ language, title, head, banner, body });
}

function languageName(language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

export type EndReason = 'found_safe' | 'found' | 'cancelled' | 'expired';

/** What an ended appeal shows: no name, no photo, no detail; only thanks and a request to stop sharing. */
export function renderEndedAppealPage(reason: EndReason, language: string): string {
  const t = translator(language);
  const key = reason === 'found_safe' ? 'appeal.foundSafe' : reason === 'found' ? 'appeal.found' : reason === 'cancelled' ? 'appeal.cancelled' : 'appeal.expired';
  return page({
    language,
    title: t('appeal.endedTitle'),
    head: html`<meta name="robots" content="noindex">`,
    body: html`<h1>${t('appeal.endedTitle')}</h1><p>${t(key)}</p><p>${t('appeal.stopSharing')}</p>`,
  });
}

export interface AppealListItem {
  slug: string;
  headline: string;
  capStatus: string;
  thumbnailUrl: string | null;
}

export function renderAppealList(items: readonly AppealListItem[], language: string): string {
  const t = translator(language);
  return page({
    language,
    title: t('appeal.listTitle'),
    head: html`<link rel="alternate" type="application/atom+xml" href="/feeds/alerts.atom">`,
    body: html`<h1>${t('appeal.listTitle')}</h1>
${
  items.length === 0
    ? html`<p>${t('appeal.none')}</p>`
    : html`<ul class="appeals">${items.map(
        (item) =>
          html`<li>${item.thumbnailUrl ? html`<img src="${item.thumbnailUrl}" alt="" width="96" height="120">` : ''}<a href="/appeals/${item.slug}">${
            item.capStatus === 'Actual' ? '' : `[${item.capStatus === 'Exercise' ? t('appeal.exercise') : t('appeal.test')}] `
          }${item.headline}</a></li>`,
      )}</ul>`
}`,
  });
}
