// The printable poster of an appeal, for shop windows, stations and community boards: one A4 page in one of
// the appeal's languages, with the photo already published for the appeal (re-encoded, no metadata), the
// facts, what to do and a QR code to the appeal page. The page is the poster: no site navigation, print CSS
// that fills exactly one A4 sheet, type large enough to read from a few steps away. It ends with the appeal
// (routes.ts answers its address as it answers the ended appeal page).
import { toString as qrToString } from 'qrcode';
import type { AlertContentInput } from '../alerts/schemas.ts';
import { statusMark } from '../alerts/status-mark.ts';
import { clipAtWord } from '../alerts/text-limits.ts';
import { isRightToLeft, isSiteLanguage, translator } from '../i18n/i18n.ts';
import { formatWhen } from './appeal-page.ts';
import { languageAttributes } from './html.ts';
import { html, paragraphs, SafeHtml } from '../http/html.ts';
import { LANGUAGE_NAMES } from './language.ts';

export interface AppealForPoster {
  slug: string;
  capStatus: 'Actual' | 'Exercise' | 'Test';
  /** The alert's text in the poster's language. */
  content: AlertContentInput;
  /** Every language the alert has, its first language first. */
  languages: string[];
  /** Path of the first public photo, if the appeal has one. */
  photoUrl: string | undefined;
  childName: string;
  age: number | null;
  lastSeenPlace: string;
  lastSeenAt: Date;
  vehicle: string;
  suspect: string;
  organisationName: string;
  issuedAt: Date;
}

/** Past this the description is cut at a word: the rest is on the appeal page the poster points to. */
export const POSTER_DESCRIPTION_LIMIT = 1100;

/**
 * The address the poster's QR code encodes and prints: the public appeal page, in the poster's language
 * (the bare address for the alert's first language, as the appeal page's canonical link).
 */
export function posterQrTarget(publicUrl: string, slug: string, language: string, languages: readonly string[]): string {
  const url = `${publicUrl}/appeals/${slug}`;
  return languages[0] === language ? url : `${url}?lang=${encodeURIComponent(language)}`;
}

/** The QR code of `text` as an SVG element (medium error correction: it survives a crease or a smudge). */
export async function posterQrSvg(text: string): Promise<string> {
  return qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** "localhost:8080/appeals/2026-abc123": the address to print, without the scheme nobody types. */
function printedAddress(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** The language of the poster's own words: the alert's language when the site speaks it, else English. */
export function posterLabelLanguage(language: string): string {
  return isSiteLanguage(language) ? language : 'en';
}

/** Shorter descriptions are printed larger; the longest still fit the sheet. */
function descriptionSize(text: string): string {
  const length = Array.from(text).length;
  return length <= 250 ? 'desc-l' : length <= 500 ? 'desc-m' : length <= 800 ? 'desc-s' : 'desc-xs';
}

const STYLE = `
@page{size:A4;margin:10mm}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
html{background:#e5e7eb}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#111;overflow-wrap:anywhere}
a{color:#1d4ed8}a:focus{outline:3px solid #f59e0b;outline-offset:2px}
.screen{max-width:210mm;margin:0 auto;padding:1rem;font-size:1.05rem}
.screen p{margin:.25rem 0}.screen ul{list-style:none;margin:.25rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.screen a{display:inline-block;min-height:24px;padding-block:.2rem}
.sheet{background:#fff;max-width:210mm;margin:0 auto 2rem;padding:10mm;position:relative;overflow:hidden;display:flex;flex-direction:column;gap:3mm;box-shadow:0 1px 6px rgba(0,0,0,.3)}
.sheet[data-mark]::before{content:attr(data-mark);position:absolute;inset-inline:-20%;top:45%;text-align:center;white-space:pre;font-size:72pt;line-height:1.1;font-weight:900;color:rgba(180,83,9,.16);transform:rotate(-24deg);pointer-events:none}
.practice{background:#fde68a;border:.8mm solid #b45309;color:#111;font-weight:800;font-size:14pt;line-height:1.2;text-align:center;padding:1.2mm;margin:0}
.practice span{display:block}
.head{background:#b91c1c;color:#fff;padding:2mm 5mm;text-align:center}
.head p{margin:0}.head .missing{font-size:40pt;font-weight:900;line-height:1.05;letter-spacing:.03em}.head .kicker{font-size:14pt;font-weight:700}
h1{font-size:30pt;line-height:1.1;margin:0}
.facts-row{display:grid;grid-template-columns:66mm 1fr;gap:6mm;align-items:start}
.facts-row img{display:block;width:100%;height:auto;max-height:82mm;object-fit:cover;border:.5mm solid #111}
.facts-row .nophoto{border:.5mm dashed #4a4a55;padding:8mm 4mm;text-align:center;font-size:13pt}
dl{margin:0;font-size:17pt;line-height:1.3}
dt{font-weight:800;font-size:12pt;text-transform:uppercase;letter-spacing:.02em;color:#7f1d1d;margin-block-start:3mm}
dt:first-child{margin-block-start:0}dd{margin:0}
.description p{margin:0 0 2mm;line-height:1.35}
.desc-l{font-size:16pt}.desc-m{font-size:14pt}.desc-s{font-size:12pt}.desc-xs{font-size:11pt}
.todo{border:1.2mm solid #b91c1c;padding:3mm 4mm;display:grid;grid-template-columns:1fr 38mm;gap:5mm;align-items:center}
.todo h2{font-size:13pt;text-transform:uppercase;margin:0 0 1mm;color:#7f1d1d}
.todo p{margin:0 0 2mm;font-size:13pt;line-height:1.3}
.todo .danger{font-size:19pt;font-weight:900;color:#b91c1c}
.todo .address{font-size:15pt;font-weight:800}
.qr svg{width:38mm;height:38mm;display:block;margin:0 auto}
.qr p{font-size:10pt;text-align:center;margin:1mm 0 0}
.foot{font-size:10pt;color:#333;margin:0}
.ltr{direction:ltr;unicode-bidi:isolate}
@media print{
  html{background:#fff}
  .screen{display:none}
  .sheet{box-shadow:none;margin:0;padding:0;max-width:none;width:190mm;height:276mm}
  /* On the fixed sheet only the description, then the facts beside the photo, give way to long texts:
     what to do and the QR code are always printed whole, at the foot of the sheet. */
  .sheet>*{flex:0 0 auto}
  .sheet>.description{flex:0 1000 auto;min-height:0;overflow:hidden}
  .sheet>.facts-row{flex:0 1 auto;min-height:0;overflow:hidden}
  .sheet>.todo{margin-block-start:auto}
  .roomy .facts-row{grid-template-columns:88mm 1fr}.roomy .facts-row img{max-height:110mm}
}
@media screen and (max-width:40rem){
  .sheet{padding:4mm}.facts-row,.todo{grid-template-columns:1fr}
  .head .missing{font-size:28pt}h1{font-size:24pt}dl{font-size:14pt}.desc-l,.desc-m{font-size:13pt}
  .sheet[data-mark]::before{font-size:40pt}
}
`;

export function renderPosterPage(appeal: AppealForPoster, publicUrl: string, qrSvg: string): string {
  const { content } = appeal;
  const language = content.language;
  const labels = posterLabelLanguage(language);
  const t = translator(labels);
  const inContent = languageAttributes(language, labels);
  const dir = isRightToLeft(labels) ? 'rtl' : 'ltr';
  const appealUrl = posterQrTarget(publicUrl, appeal.slug, language, appeal.languages);
  const appealPath = `/appeals/${appeal.slug}?lang=${encodeURIComponent(language)}`;
  const practice = appeal.capStatus !== 'Actual';
  const practiceKey = appeal.capStatus === 'Exercise' ? 'appeal.exercise' : 'appeal.test';
  // An exercise must never be taken for a real appeal, whoever reads it: the mark in the poster's language
  // and in English, across the top and the bottom and behind the whole sheet.
  const practiceLines = practice ? [t(practiceKey), ...(labels === 'en' ? [] : [translator('en')(practiceKey)])] : [];
  const practiceBand = practice
    ? html`<p class="practice">${practiceLines.map((line, i) => html`<span${i > 0 ? html` lang="en"` : ''}>${line}</span>`)}</p>`
    : '';
  const watermark = practice
    ? [
        ...new Set(
          [statusMark(appeal.capStatus, labels), statusMark(appeal.capStatus, 'en')].map((mark) => mark.replace(/[[\]]/g, '').trim()),
        ),
      ].join('\n')
    : undefined;
  const description = clipAtWord(content.description, POSTER_DESCRIPTION_LIMIT);
  const clipped = description !== content.description;
  const qr = new SafeHtml(qrSvg.replace('<svg ', `<svg role="img" aria-label="${t('poster.qrLabel').replace(/[&<>"']/g, '')}" `));
  const title = `${practice ? `${statusMark(appeal.capStatus, labels)} ` : ''}${t('poster.missing')}: ${appeal.childName}`;

  const facts: SafeHtml[] = [];
  if (appeal.age !== null) facts.push(html`<dt>${t('poster.age')}</dt><dd>${appeal.age}</dd>`);
  facts.push(html`<dt>${t('poster.lastSeenPlace')}</dt><dd>${clipAtWord(appeal.lastSeenPlace, 120)}</dd>`);
  facts.push(html`<dt>${t('poster.lastSeenTime')}</dt><dd>${formatWhen(appeal.lastSeenAt, labels)}</dd>`);
  if (appeal.vehicle) facts.push(html`<dt>${t('appeal.vehicle')}</dt><dd>${clipAtWord(appeal.vehicle, 120)}</dd>`);
  if (appeal.suspect) facts.push(html`<dt>${t('appeal.suspect')}</dt><dd>${clipAtWord(appeal.suspect, 120)}</dd>`);

  // A short appeal leaves room on the sheet: a larger photo.
  const roomy = descriptionSize(description) === 'desc-l' && !appeal.vehicle && !appeal.suspect;
  const others = appeal.languages.filter((lang) => lang !== language);
  const body = html`<div class="screen">
<p>${t('poster.printHint')}</p>
<p><a href="${appealPath}">${t('poster.back')}</a></p>
${
  others.length
    ? html`<nav aria-label="${t('poster.otherLanguages')}"><p>${t('poster.otherLanguages')}:</p><ul>${others.map(
        (lang) =>
          html`<li><a href="/appeals/${appeal.slug}/poster?lang=${encodeURIComponent(lang)}" hreflang="${lang}" lang="${lang}">${languageName(lang)}</a></li>`,
      )}</ul></nav>`
    : ''
}
</div>
<main class="sheet${roomy ? ' roomy' : ''}"${watermark ? html` data-mark="${watermark}"` : ''}>
${practiceBand}
<header class="head"><p class="missing">${t('poster.missing')}</p><p class="kicker">${t('appeal.kicker')}</p></header>
<h1>${appeal.childName}</h1>
<div class="facts-row">
${appeal.photoUrl ? html`<img src="${appeal.photoUrl}" alt="${t('appeal.photoAlt')}" width="600" height="750">` : html`<p class="nophoto">${t('appeal.noPhoto')}</p>`}
<dl>${facts}</dl>
</div>
<div class="description ${descriptionSize(description)}"${inContent}>${paragraphs(description)}${clipped ? html`<p lang="${labels}">${t('poster.more')}</p>` : ''}</div>
<section class="todo" aria-labelledby="todo-title">
<div>
<h2 id="todo-title">${t('appeal.whatToDo')}</h2>
<p class="danger">${t('poster.danger')}</p>
<div${inContent}>${paragraphs(clipAtWord(content.instruction, 300))}</div>
<p>${t('poster.sighting')}</p>
<p class="address"><bdi class="ltr">${printedAddress(appealUrl)}</bdi></p>
</div>
<div class="qr">${qr}<p>${t('poster.scan')}</p></div>
</section>
${practiceBand}
<p class="foot">${appeal.organisationName} · ${t('appeal.issued', { time: formatWhen(appeal.issuedAt, labels) })}. ${t('poster.takeDown')}</p>
</main>`;

  return `<!doctype html>${
    html`<html lang="${labels}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="canonical" href="${appealUrl}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>`.html
  }`;
}

function languageName(language: string): string {
  if (isSiteLanguage(language)) return LANGUAGE_NAMES[language];
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
