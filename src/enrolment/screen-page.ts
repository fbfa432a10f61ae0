// The page a screen shows: the live appeals of its area, full screen, in its language. It works without
// JavaScript (it reloads itself every minute); with JavaScript, a small script from a separate file (no
// inline script, so a strict Content-Security-Policy holds) follows the server-sent events instead.
import { dateLocale, formatTime, UK_TIME_ZONE } from '../i18n/dates.ts';
import { isRightToLeft, translator } from '../i18n/i18n.ts';
import { html, paragraphs, SafeHtml } from '../http/html.ts';
import type { ScreenAppeal } from './screens.ts';

export const SCREEN_SCRIPT_PATH = '/screens/screen.js';
export const SCREEN_STYLE_PATH = '/screens/screen.css';
export const SCREEN_REFRESH_SECONDS = 60;
/** With JavaScript, one appeal at a time, each for this long. */
export const SCREEN_ROTATE_SECONDS = 12;

/** Same-origin only: the page, its script, its style sheet, its event stream and the appeal photos. */
export const SCREEN_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

function documentFor(language: string, title: string, head: SafeHtml | string, body: SafeHtml): string {
  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  return `<!doctype html>${
    html`<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${SCREEN_STYLE_PATH}">
${head}
</head>
${body}
</html>`.html
  }`;
}

function appealItem(appeal: ScreenAppeal, language: string, index: number): SafeHtml {
  const t = translator(language);
  const status = appeal.capStatus === 'Exercise' ? t('appeal.exercise') : appeal.capStatus === 'Test' ? t('appeal.test') : '';
  const dir = isRightToLeft(appeal.language) ? 'rtl' : 'ltr';
  return html`<li class="appeal${index === 0 ? ' current' : ''}" lang="${appeal.language}" dir="${dir}" data-slug="${appeal.slug}">
${appeal.photoUrl ? html`<img src="${appeal.photoUrl}" alt="${t('appeal.photoAlt')}" width="600" height="750">` : ''}
<div class="text">
${status ? html`<p class="status">${status}</p>` : ''}
<h2>${appeal.headline}</h2>
<div class="description">${paragraphs(appeal.description)}</div>
<p class="last-seen"><strong>${t('appeal.lastSeen')}:</strong> ${appeal.lastSeen}</p>
<p class="contact"><strong>${t('appeal.contact')}:</strong> ${appeal.contact}</p>
<p class="link"><span class="origin"></span>/appeals/${appeal.slug}</p>
</div>
</li>`;
}

function shortTime(date: Date, language: string): string {
  return formatTime(date, language, { zone: false });
}

export interface ScreenPageInput {
  /** The screen's language: its labels, and the appeals' text where they have it. */
  language: string;
  name: string;
  appeals: readonly ScreenAppeal[];
  eventsPath: string;
  now: Date;
}

export function renderScreenPage(input: ScreenPageInput): string {
  const t = translator(input.language);
  const title = t('screen.title');
  const time = shortTime(input.now, input.language);
  // Labels the script needs when it redraws the list, so the script itself holds no text.
  const body = html`<body>
<main id="screen" data-events="${input.eventsPath}" data-language="${input.language}" data-date-locale="${dateLocale(input.language)}" data-time-zone="${UK_TIME_ZONE}" data-rotate-seconds="${SCREEN_ROTATE_SECONDS}"
 data-label-last-seen="${t('appeal.lastSeen')}" data-label-contact="${t('appeal.contact')}" data-label-photo-alt="${t('appeal.photoAlt')}"
 data-label-exercise="${t('appeal.exercise')}" data-label-test="${t('appeal.test')}" data-label-none="${t('screen.none')}" data-label-updated="${t('appeal.updated')}"
 data-label-position="${t('screen.position')}">
<header class="top"><div><p class="kicker">${t('appeal.kicker')}</p><h1>${title}</h1></div><p class="name">${input.name}</p></header>
<ul id="appeals">${input.appeals.map((appeal, index) => appealItem(appeal, input.language, index))}</ul>
<p id="none"${input.appeals.length > 0 ? new SafeHtml(' hidden') : ''}>${t('screen.none')}</p>
<footer class="how">
<p class="call">${t('screen.howToReport')}</p>
<p class="hotline">${t('screen.hotline')}</p>
<p class="meta"><span id="position" aria-live="off"></span> <span id="updated" class="updated">${t('appeal.updated', { time })}</span></p>
</footer>
</main>
</body>`;
  const head = html`<noscript><meta http-equiv="refresh" content="${SCREEN_REFRESH_SECONDS}"></noscript>
<script src="${SCREEN_SCRIPT_PATH}" defer></script>`;
  return documentFor(input.language, `${title} · ${input.name}`, head, body);
}

export function renderScreenNotFound(language: string): string {
  const t = translator(language);
  return documentFor(
    language,
    t('screen.notFoundTitle'),
    '',
    html`<body><main id="screen"><h1>${t('screen.notFoundTitle')}</h1><p>${t('screen.notFound')}</p></main></body>`,
  );
}

// Sized from the viewport so that it reads from across a room, on a landscape 1920×1080 display or a
// portrait one. Without JavaScript every appeal is shown at once (the page reloads every minute); with it,
// one at a time, full screen.
export const SCREEN_STYLE = `html,body{margin:0;height:100%;background:#0f172a;color:#f8fafc;font:clamp(1rem,2.4vmin,2.6rem)/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif}
*{box-sizing:border-box}
main{min-height:100vh;display:flex;flex-direction:column;padding:2.5vmin 3.5vmin;gap:2vmin}
header.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:flex-end;gap:1vmin 3vmin;border-block-end:.4vmin solid #334155;padding-block-end:1.5vmin}
header.top h1{margin:0;font-size:clamp(1.4rem,4.2vmin,4.5rem);line-height:1.1}
.kicker{margin:0;color:#fca5a5;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.name{margin:0;color:#cbd5e1}
#appeals{list-style:none;margin:0;padding:0;display:grid;gap:2.5vmin;flex:1;align-content:start;grid-template-columns:repeat(auto-fit,minmax(min(100%,38rem),1fr))}
.appeal{display:flex;gap:3vmin;align-items:flex-start;background:#1e293b;border-radius:1.2vmin;padding:2.5vmin;min-width:0}
.appeal img{width:32%;max-width:40vmin;height:auto;border-radius:1vmin;flex:none;background:#334155}
.appeal .text{min-width:0;flex:1}
.appeal h2{margin:0 0 1.5vmin;font-size:clamp(1.3rem,4.6vmin,5rem);line-height:1.15}
.appeal p{margin:1vmin 0}
.description p{display:-webkit-box;-webkit-line-clamp:4;-webkit-box-orient:vertical;overflow:hidden}
.last-seen{font-size:1.15em}.contact{font-size:1.1em;color:#fde68a}
.link{color:#93c5fd;font-size:.9em;overflow-wrap:anywhere;direction:ltr;unicode-bidi:isolate;text-align:start}
.status{background:#fde68a;color:#111;display:inline-block;padding:.3vmin 1.2vmin;font-weight:700;border-radius:.6vmin}
footer.how{border-block-start:.4vmin solid #334155;padding-block-start:1.5vmin;display:flex;flex-wrap:wrap;gap:.5vmin 4vmin;align-items:baseline}
footer.how p{margin:0}.call{font-weight:800;font-size:1.35em;color:#fecaca}.hotline{font-weight:700}
.meta{color:#cbd5e1;font-size:.8em;margin-inline-start:auto}
#none{font-size:1.4em;flex:1}
.rotating #appeals{display:block}
.rotating .appeal{display:none;height:100%}
.rotating .appeal.current{display:flex;animation:fade .6s ease-out}
.rotating .appeal img{width:38%;max-width:70vmin}
.rotating .appeal h2{font-size:clamp(1.6rem,6.5vmin,7rem)}
.rotating .description p{-webkit-line-clamp:6}
@media (orientation:portrait){.rotating .appeal.current{flex-direction:column;align-items:stretch}.rotating .appeal img{width:100%;max-width:none;max-height:52vh;object-fit:contain}.appeal{flex-direction:column}.appeal img{width:60%;max-width:none}}
@keyframes fade{from{opacity:0}to{opacity:1}}
@media (prefers-reduced-motion:reduce){.rotating .appeal.current{animation:none}}
[hidden]{display:none!important}
`;

// Redraws the list from each 'appeals' event with DOM methods only (never innerHTML): the text is the
// alert's, and must stay text. One appeal is shown at a time, each for a few seconds; a newly approved
// appeal is shown at once, and a withdrawn one is gone from the next event (within seconds). If the
// stream is closed for good (the screen was switched off), the page reloads after a minute and shows what
// the server says now, never an appeal that has ended.
export const SCREEN_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('screen');
  if (!root || !root.getAttribute('data-events') || typeof EventSource === 'undefined') return;
  var label = function (name) { return root.getAttribute('data-label-' + name) || ''; };
  var language = root.getAttribute('data-language') || 'en';
  // The clock is the UK's whatever the screen's own zone, in the locale src/i18n/dates.ts gives the language.
  var dateLocale = root.getAttribute('data-date-locale') || 'en-GB';
  var timeZone = root.getAttribute('data-time-zone') || 'Europe/London';
  var rotateMs = (Number(root.getAttribute('data-rotate-seconds')) || 12) * 1000;
  var rtl = /^(ar|he|fa|ur)(-|$)/i;
  var current = 0;
  var seen = {};
  document.querySelectorAll('#appeals .appeal').forEach(function (item) { seen[item.getAttribute('data-slug')] = true; });
  root.classList.add('rotating');
  function fillOrigins() {
    document.querySelectorAll('#appeals .origin').forEach(function (node) { node.textContent = location.host; });
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function labelled(className, name, value) {
    var p = element('p', className);
    p.appendChild(element('strong', '', label(name) + ':'));
    p.appendChild(document.createTextNode(' ' + value));
    return p;
  }
  function show(index) {
    var items = document.querySelectorAll('#appeals .appeal');
    if (items.length === 0) { document.getElementById('position').textContent = ''; return; }
    current = ((index % items.length) + items.length) % items.length;
    items.forEach(function (item, i) { item.classList.toggle('current', i === current); });
    document.getElementById('position').textContent = items.length > 1
      ? label('position').replace('{{current}}', String(current + 1)).replace('{{total}}', String(items.length)) : '';
  }
  function render(appeals) {
    var list = element('ul');
    list.id = 'appeals';
    var fresh = -1;
    appeals.forEach(function (appeal, index) {
      var item = element('li', 'appeal');
      item.lang = appeal.language;
      item.dir = rtl.test(appeal.language) ? 'rtl' : 'ltr';
      item.setAttribute('data-slug', appeal.slug);
      if (!seen[appeal.slug] && fresh < 0) fresh = index;
      if (appeal.photoUrl) {
        var img = element('img');
        img.src = appeal.photoUrl;
        img.alt = label('photo-alt');
        img.width = 600;
        img.height = 750;
        item.appendChild(img);
      }
      var text = element('div', 'text');
      if (appeal.capStatus === 'Exercise') text.appendChild(element('p', 'status', label('exercise')));
      if (appeal.capStatus === 'Test') text.appendChild(element('p', 'status', label('test')));
      text.appendChild(element('h2', '', appeal.headline));
      var description = element('div', 'description');
      String(appeal.description).split(/\\n\\s*\\n/).forEach(function (block) { description.appendChild(element('p', '', block.trim())); });
      text.appendChild(description);
      text.appendChild(labelled('last-seen', 'last-seen', appeal.lastSeen));
      text.appendChild(labelled('contact', 'contact', appeal.contact));
      var link = element('p', 'link');
      link.appendChild(element('span', 'origin'));
      link.appendChild(document.createTextNode('/appeals/' + appeal.slug));
      text.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
    var shownSlug = (document.querySelectorAll('#appeals .appeal')[current] || { getAttribute: function () { return null; } }).getAttribute('data-slug');
    var old = document.getElementById('appeals');
    old.parentNode.replaceChild(list, old);
    seen = {};
    appeals.forEach(function (appeal) { seen[appeal.slug] = true; });
    fillOrigins();
    document.getElementById('none').hidden = appeals.length > 0;
    var keep = appeals.map(function (appeal) { return appeal.slug; }).indexOf(shownSlug);
    show(fresh >= 0 ? fresh : keep >= 0 ? keep : 0);
    restart();
    var time = new Intl.DateTimeFormat(dateLocale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timeZone }).format(new Date());
    document.getElementById('updated').textContent = label('updated').replace('{{time}}', time);
  }
  var timer;
  function restart() {
    clearInterval(timer);
    timer = setInterval(function () { show(current + 1); }, rotateMs);
  }
  fillOrigins();
  show(0);
  restart();
  var source = new EventSource(root.getAttribute('data-events'));
  source.addEventListener('appeals', function (event) {
    var appeals;
    try { appeals = JSON.parse(event.data); } catch (error) { return; }
    if (Array.isArray(appeals)) render(appeals);
  });
  source.addEventListener('error', function () {
    if (source.readyState === EventSource.CLOSED) setTimeout(function () { location.reload(); }, 60000);
  });
})();
`;
