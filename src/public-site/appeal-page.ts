// The public appeal page of a Child Rescue Alert and the page that replaces it when it ends.
// Plain HTML that works without JavaScript; share cards carry the child's photo.
import { translator } from '../i18n/i18n.ts';
import type { AppealPagePreview } from '../alerts/preview.ts';
import type { EndReason } from '../alerts/public-state.ts';
import { markedText, withoutLeadingMark } from '../alerts/status-mark.ts';
import { languageAttributes, page } from './html.ts';
import { html, paragraphs, type SafeHtml } from '../http/html.ts';
import { withLanguage } from './language.ts';
import { formatDateTime } from '../i18n/dates.ts';

/** What an appeal page shows; alerts build the same for an approver's preview, so the type is theirs. */
export type AppealForPage = AppealPagePreview;

/** "Sunday, 6 December 2026 at 13:13 GMT": when, on an appeal and its cards. */
export function formatWhen(date: Date, language: string): string {
  return formatDateTime(date, language, { weekday: true });
}

function statusBanner(capStatus: AppealForPage['capStatus'], language: string): string | undefined {
  const t = translator(language);
  return capStatus === 'Exercise' ? t('appeal.exercise') : capStatus === 'Test' ? t('appeal.test') : undefined;
}

export function renderAppealPage(appeal: AppealForPage, publicUrl: string): string {
  const { content } = appeal;
  const language = content.language;
  const reader = appeal.readerLanguage;
  const t = translator(reader);
  const inContent = languageAttributes(language, reader);
  const url = `${publicUrl}/appeals/${appeal.slug}`;
  const pageUrl = appeal.languages[0] === language ? url : `${url}?lang=${encodeURIComponent(language)}`;
  const banner = statusBanner(appeal.capStatus, reader);
  // The page's one marker says it is an exercise: the officers' own "EXERCISE:" before the headline would say it twice.
  const headline = withoutLeadingMark(appeal.capStatus, content.headline, language);
  const title = banner ? `${banner} ${headline}` : headline;
  const shareHeadline = markedText(appeal.capStatus, content.headline, language);
  const shareText = `${shareHeadline} ${pageUrl}`;
  const summary = withoutLeadingMark(appeal.capStatus, content.smsText, language);
  // Share cards need absolute addresses; the page itself uses paths, so it works under any host name.
  const image = appeal.photoUrls[0] ? `${publicUrl}${appeal.photoUrls[0]}` : undefined;
  const head = html`<link rel="canonical" href="${pageUrl}">
${appeal.languages.map((lang) => html`<link rel="alternate" hreflang="${lang}" href="${url}?lang=${encodeURIComponent(lang)}">`)}
<meta property="og:type" content="article">
<meta property="og:site_name" content="${t('site.name')}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${summary}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:locale" content="${language.replace('-', '_')}">
${image ? html`<meta property="og:image" content="${image}"><meta property="og:image:alt" content="${t('appeal.photoAlt')}">` : ''}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${summary}">
${image ? html`<meta name="twitter:image" content="${image}">` : ''}`;

  const facts: SafeHtml[] = [];
  if (appeal.age !== null) facts.push(html`<dt>${t('appeal.age')}</dt><dd>${appeal.age}</dd>`);
  facts.push(
    html`<dt>${t('appeal.lastSeen')}</dt><dd><span${inContent}>${appeal.lastSeenPlace}</span><br><time datetime="${appeal.lastSeenAt.toISOString()}">${formatWhen(appeal.lastSeenAt, reader)}</time></dd>`,
  );
  if (appeal.vehicle) facts.push(html`<dt>${t('appeal.vehicle')}</dt><dd${inContent}>${appeal.vehicle}</dd>`);
  if (appeal.suspect) facts.push(html`<dt>${t('appeal.suspect')}</dt><dd${inContent}>${appeal.suspect}</dd>`);

  const [firstPhoto, ...morePhotos] = appeal.photoUrls;
  // One marker of what kind of appeal this is. An exercise's is loud, and its call button is not a live
  // number: no one should ring 999 for a fictional child.
  const practice = banner !== undefined;
  const body = html`<article class="appeal">
${practice ? html`<p class="appeal-kind practice" role="note">${banner}</p>` : html`<p class="appeal-kind">${t('appeal.kicker')}</p>`}
<div class="appeal-top">
<h1>${appeal.childName}</h1>
${
  firstPhoto
    ? html`<figure class="appeal-photo"><img src="${firstPhoto}" alt="${t('appeal.photoAlt')}" width="600" height="750" fetchpriority="high"></figure>`
    : ''
}
<dl class="facts">${facts}</dl>
<div class="actions">
${practice ? html`<p class="button call practice">${t('appeal.call999Practice')}</p>` : html`<a class="button call" href="tel:999">${t('appeal.call999')}</a>`}
<a class="button quiet" href="/appeals/${appeal.slug}/sighting?lang=${encodeURIComponent(reader)}">${t('appeal.reportSighting')}</a>
</div>
</div>
<div class="appeal-text"${inContent}>${paragraphs(content.description)}</div>
${morePhotos.length ? html`<div class="photos">${morePhotos.map((src) => html`<img src="${src}" alt="${t('appeal.photoAlt')}" width="600" height="750" loading="lazy" decoding="async">`)}</div>` : ''}
<section class="todo" aria-labelledby="todo-title">
<h2 id="todo-title">${t('appeal.whatToDo')}</h2>
<div${inContent}>${paragraphs(content.instruction)}</div>
<p><strong>${t('appeal.contact')}:</strong> <span${inContent}>${content.contact}</span></p>
</section>
<section class="share" aria-labelledby="share-title">
<h2 id="share-title">${t('appeal.share')}</h2>
<a href="mailto:?subject=${encodeURIComponent(shareHeadline)}&amp;body=${encodeURIComponent(shareText)}">${t('appeal.shareEmail')}</a>
<a href="https://wa.me/?text=${encodeURIComponent(shareText)}" rel="noopener">${t('appeal.shareWhatsapp')}</a>
<a href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(pageUrl)}" rel="noopener">${t('appeal.shareFacebook')}</a>
<a href="https://x.com/intent/post?text=${encodeURIComponent(shareText)}" rel="noopener">${t('appeal.shareX')}</a>
</section>
<p class="poster-link"><a href="/appeals/${appeal.slug}/poster?lang=${encodeURIComponent(language)}">${t('appeal.printPoster')}</a></p>
${
  appeal.languages.length > 1
    ? html`<nav class="langs-alt" aria-label="${t('appeal.otherLanguages')}"><h2>${t('appeal.otherLanguages')}</h2>${appeal.languages
        .filter((lang) => lang !== language)
        .map(
          (lang) =>
            html`<a href="/appeals/${appeal.slug}?lang=${encodeURIComponent(lang)}" hreflang="${lang}" lang="${lang}">${languageName(lang)}</a>`,
        )}</nav>`
    : ''
}
<p class="muted">${appeal.organisationName} · ${t('appeal.issued', { time: formatWhen(appeal.issuedAt, reader) })}${
    appeal.updatedAt.getTime() > appeal.issuedAt.getTime()
      ? html` · ${t('appeal.updated', { time: formatWhen(appeal.updatedAt, reader) })}`
      : ''
  }</p>
</article>`;
  return page({ language: reader, title, description: summary, head, body, path: `/appeals/${appeal.slug}`, narrow: false });
}

function languageName(language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** What an ended appeal shows: no name, no photo, no detail; only thanks and a request to stop sharing. */
export function renderEndedAppealPage(reason: EndReason, language: string, path?: string): string {
  const t = translator(language);
  const key = reason === 'found' ? 'appeal.found' : reason === 'cancelled' ? 'appeal.cancelled' : 'appeal.expired';
  return page({
    language,
    title: t('appeal.endedTitle'),
    head: html`<meta name="robots" content="noindex">`,
    body: html`<h1>${t('appeal.endedTitle')}</h1><p>${t(key)}</p><p>${t('appeal.stopSharing')}</p>
<p><a href="${withLanguage('/appeals', language)}">${t('gallery.title')}</a></p>`,
    ...(path ? { path } : {}),
  });
}
