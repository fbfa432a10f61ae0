// The page a screen shows: the live appeals of its area, full screen, in its language. It works without
// JavaScript (it reloads itself every minute); with JavaScript, a small script from a separate file (no
// inline script, so a strict Content-Security-Policy holds) follows the server-sent events instead.
import { isRightToLeft, translator } from '../i18n/i18n.ts';
import { html, paragraphs, SafeHtml } from '../public-site/html.ts';
import type { ScreenAppeal } from './screens.ts';

export const SCREEN_SCRIPT_PATH = '/screens/screen.js';
export const SCREEN_STYLE_PATH = '/screens/screen.css';
export const SCREEN_REFRESH_SECONDS = 60;

/** Same-origin only: the page, its script, its style sheet, its event stream and the appeal photos. */
export const SCREEN_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

function documentFor(language: string, title: string, head: SafeHtml | string, body: SafeHtml): string {
  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  return `<!doctype html>${html`<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="stylesheet" href="${SCREEN_STYLE_PATH}">
${head}
</head>
${body}
</html>`}`;
}

function appealItem(appeal: ScreenAppeal, language: string): SafeHtml {
  const t = translator(language);
  const status = appeal.capStatus === 'Exercise' ? t('appeal.exercise') : appeal.capStatus === 'Test' ? t('appeal.test') : '';
  return html`<li class="appeal" lang="${appeal.language}">
${appeal.photoUrl ? html`<img src="${appeal.photoUrl}" alt="${t('appeal.photoAlt')}" width="600" height="750">` : ''}
<div class="text">
${status ? html`<p class="status">${status}</p>` : ''}
<h2>${appeal.headline}</h2>
${paragraphs(appeal.description)}
<p class="last-seen"><strong>${t('appeal.lastSeen')}:</strong> ${appeal.lastSeen}</p>
<p class="contact"><strong>${t('appeal.contact')}:</strong> ${appeal.contact}</p>
</div>
</li>`;
}

function shortTime(date: Date, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone: 'Europe/London' }).format(date);
  } catch {
    return date.toISOString().slice(11, 16);
  }
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
<main id="screen" data-events="${input.eventsPath}" data-language="${input.language}"
 data-label-last-seen="${t('appeal.lastSeen')}" data-label-contact="${t('appeal.contact')}" data-label-photo-alt="${t('appeal.photoAlt')}"
 data-label-exercise="${t('appeal.exercise')}" data-label-test="${t('appeal.test')}" data-label-none="${t('screen.none')}" data-label-updated="${t('appeal.updated')}">
<header><p class="kicker">${t('appeal.kicker')}</p><h1>${title}</h1><p class="name">${input.name}</p></header>
<ul id="appeals">${input.appeals.map((appeal) => appealItem(appeal, input.language))}</ul>
<p id="none"${input.appeals.length > 0 ? new SafeHtml(' hidden') : ''}>${t('screen.none')}</p>
<p id="updated" class="updated">${t('appeal.updated', { time })}</p>
</main>
</body>`;
  const head = html`<noscript><meta http-equiv="refresh" content="${SCREEN_REFRESH_SECONDS}"></noscript>
<script src="${SCREEN_SCRIPT_PATH}" defer></script>`;
  return documentFor(input.language, `${title} · ${input.name}`, head, body);
}

export function renderScreenNotFound(language: string): string {
  const t = translator(language);
  return documentFor(language, t('screen.notFoundTitle'), '', html`<body><main id="screen"><h1>${t('screen.notFoundTitle')}</h1><p>${t('screen.notFound')}</p></main></body>`);
}

export const SCREEN_STYLE = `html,body{margin:0;height:100%;background:#0f172a;color:#f8fafc;font:1.4rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif}
main{padding:1.5rem 2rem;min-height:100%;box-sizing:border-box}
header h1{margin:.1rem 0 .2rem;font-size:2.2rem}.kicker{margin:0;color:#fca5a5;font-weight:700;text-transform:uppercase;letter-spacing:.05em}.name{margin:0;color:#cbd5e1}
#appeals{list-style:none;margin:1.5rem 0;padding:0;display:grid;gap:1.5rem}
.appeal{display:flex;gap:1.5rem;align-items:flex-start;background:#1e293b;border-radius:.75rem;padding:1.25rem}
.appeal img{width:16rem;max-width:35%;height:auto;border-radius:.5rem}
.appeal h2{margin:0 0 .5rem;font-size:1.8rem}.appeal p{margin:.4rem 0}
.status{background:#fde68a;color:#111;display:inline-block;padding:.2rem .6rem;font-weight:700;border-radius:.3rem}
.updated{color:#94a3b8;font-size:1rem}
[hidden]{display:none}
`;

// Redraws the list from each 'appeals' event with DOM methods only (never innerHTML): the text is the
// alert's, and must stay text. If the stream is closed for good (the screen was switched off), the page
// reloads after a minute and shows what the server says now, never an appeal that has ended.
export const SCREEN_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('screen');
  if (!root || !root.getAttribute('data-events') || typeof EventSource === 'undefined') return;
  var label = function (name) { return root.getAttribute('data-label-' + name) || ''; };
  var language = root.getAttribute('data-language') || 'en';
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
  function render(appeals) {
    var list = element('ul');
    list.id = 'appeals';
    appeals.forEach(function (appeal) {
      var item = element('li', 'appeal');
      item.lang = appeal.language;
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
      String(appeal.description).split(/\\n\\s*\\n/).forEach(function (block) { text.appendChild(element('p', '', block.trim())); });
      text.appendChild(labelled('last-seen', 'last-seen', appeal.lastSeen));
      text.appendChild(labelled('contact', 'contact', appeal.contact));
      item.appendChild(text);
      list.appendChild(item);
    });
    var old = document.getElementById('appeals');
    old.parentNode.replaceChild(list, old);
    document.getElementById('none').hidden = appeals.length > 0;
    var time = new Date().toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
    document.getElementById('updated').textContent = label('updated').replace('{{time}}', time);
  }
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
