// An appeal as a card (photo, name, where, when) for the home page and the gallery, and the helplines
// block. The appeal's text is in the reader's language where the alert has it, marked with its own
// language so screen readers and right-to-left layout follow it.
import { translator } from '../i18n/i18n.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { contentFor, type PublicAppeal } from './active-appeals.ts';
import { formatWhen } from './appeal-page.ts';
import { HELPLINES } from './helplines.ts';
import { languageAttributes } from './html.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { withLanguage } from './language.ts';

export function appealCard(appeal: PublicAppeal, language: string, headingLevel: 2 | 3): SafeHtml {
  const t = translator(language);
  const content = contentFor(appeal, language);
  // The appeal's own address, bare: it is the one people copy and share, and each reader of a shared link
  // should get their own language (from the menu's cookie or the browser), not the sharer's.
  const href = `/appeals/${appeal.slug}`;
  const status = appeal.capStatus === 'Exercise' ? t('appeal.exerciseShort') : appeal.capStatus === 'Test' ? t('appeal.testShort') : '';
  const heading = html`<a href="${href}"${languageAttributes(content.language, language)}>${content.headline}</a>`;
  return html`<li>
${
  appeal.photoPosition !== null
    ? html`<img src="${publicPhotoPath(appeal.slug, appeal.photoPosition)}" alt="" width="300" height="375" loading="lazy">`
    : html`<div class="nophoto" aria-hidden="true">${t('appeal.noPhoto')}</div>`
}
<div class="card-text">
${status ? html`<p><span class="tag">${status}</span></p>` : ''}
${headingLevel === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
<p><strong>${t('appeal.lastSeen')}:</strong> <span${languageAttributes(content.language, language)}>${appeal.lastSeenPlace}</span></p>
<p>${formatWhen(appeal.lastSeenAt, language)}</p>
<p><a href="${withLanguage(`/appeals/${appeal.slug}/sighting`, language)}">${t('appeal.reportSighting')}</a></p>
</div>
</li>`;
}

export function helplineList(language: string, headingLevel: 2 | 3 = 3): SafeHtml {
  const t = translator(language);
  return html`<ul class="helplines">${HELPLINES.map((line) => {
    const name = t(`helplines.${line.key}.name`);
    return html`<li class="${line.key === 'emergency' ? 'urgent' : ''}">
${headingLevel === 2 ? html`<h2>${name}</h2>` : html`<h3>${name}</h3>`}
<a class="number" href="tel:${line.call}">${line.number}</a>
<p>${t(`helplines.${line.key}.what`)}</p>
${line.text ? html`<p><a href="sms:${line.text}">${t('helplines.textUs', { number: `\u2068${line.number}\u2069` })}</a></p>` : ''}
</li>`;
  })}</ul>
<p class="demo">${t('helplines.demo')}</p>`;
}
