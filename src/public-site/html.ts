// The public site's page frame and its cacheable and private responses; values are escaped by the tag in http/html.ts.
import type { FastifyReply } from 'fastify';
import { isRightToLeft, isSiteLanguage, SITE_LANGUAGES, translator } from '../i18n/i18n.ts';
import { helpline } from './helplines.ts';
import { LANGUAGE_NAMES, languageSwitchHref, withLanguage } from './language.ts';
import { quickExit } from './quick-exit.ts';
import { html, SafeHtml } from '../http/html.ts';
// Feeds (alerts) and the sign-up page (subscribers) send cacheable responses too: the helper is shared.
export { sendCacheable } from '../http/cacheable.ts';

/** `lang` (and `dir` when it differs) for text in `textLanguage` inside a page in `pageLanguage`. */
export function languageAttributes(textLanguage: string, pageLanguage: string): SafeHtml {
  if (textLanguage === pageLanguage) return html``;
  const dir = isRightToLeft(textLanguage) === isRightToLeft(pageLanguage) ? '' : isRightToLeft(textLanguage) ? 'rtl' : 'ltr';
  return html` lang="${textLanguage}"${dir ? html` dir="${dir}"` : ''}`;
}

const STYLE = `
:root{--ink:#1b1b1f;--muted:#4a4a55;--accent:#1d4ed8;--alert:#b91c1c;--bg:#fff;--soft:#f3f4f6}
*{box-sizing:border-box}body{margin:0;font:1.05rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:break-word}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f59e0b;outline-offset:2px}
img{max-width:100%}
.skip{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}.skip:focus{width:auto;height:auto;clip-path:none;inset-inline-start:1rem;inset-block-start:1rem;background:#fff;padding:.5rem;z-index:2}
header.site,footer.site{background:#0f172a;color:#fff;padding:.5rem 1rem}header.site a,footer.site a{color:#fff}
header.site .bar,footer.site .bar{max-width:60rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;align-items:center;justify-content:space-between}
header.site .bar{position:relative}
header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none;padding-block:.5rem;display:inline-block}
details.menu>summary{list-style:none;cursor:pointer;display:inline-flex;align-items:center;gap:.5rem;min-height:44px;padding:.4rem .8rem;border:2px solid #fff;border-radius:.4rem;font-weight:700;position:absolute;inset-inline-end:0;top:0}
details.menu>summary::-webkit-details-marker{display:none}
details.menu[open]>summary{background:#fff;color:#0f172a}
header.site .bar{min-height:44px}header.site .brand{margin-inline-end:9rem}
details.menu[open]{flex-basis:100%}
.menu-icon{display:inline-block;width:1.1rem;height:.85rem;background:linear-gradient(currentColor 0 0) top/100% 2px no-repeat,linear-gradient(currentColor 0 0) center/100% 2px no-repeat,linear-gradient(currentColor 0 0) bottom/100% 2px no-repeat}
details.menu .menu-body{padding:.5rem 0;display:flex;flex-direction:column;gap:.75rem;border-block-start:1px solid #475569}
details.menu nav.site ul{flex-direction:column;gap:0}details.menu nav.site a{display:block;padding-block:.6rem;min-height:44px}
nav.site ul,nav.langs ul,ul.inline{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav.site a,nav.langs a,nav.langs span{display:inline-block;padding-block:.45rem;min-height:24px}
@media (min-width:48rem){@supports selector(::details-content){
details.menu>summary{display:none}details.menu::details-content{content-visibility:visible}header.site .brand{margin-inline-end:0}
details.menu,details.menu[open]{flex:1 1 0;min-width:0}details.menu .menu-body{flex-direction:row;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:.25rem 1.5rem;padding:0;border:0}
details.menu nav.site ul{flex-direction:row;gap:.25rem 1rem}details.menu nav.site a{display:inline-block;padding-block:.45rem;min-height:24px}
}}
nav.langs{font-size:.95rem}nav.langs [aria-current]{font-weight:700;text-decoration:underline;text-underline-offset:.3em}
main{max-width:60rem;margin:0 auto;padding:1rem}
main.narrow{max-width:46rem}
.banner{background:#fde68a;color:#111;padding:.75rem 1rem;font-weight:700;text-align:center;border-block-end:3px solid #b45309}
.appeal-kind{color:var(--alert);font-weight:700;text-transform:uppercase;letter-spacing:.04em;margin:0 0 .5rem}
.appeal-kind.practice{background:#fde68a;color:#111;border:3px dashed #92400e;border-radius:.4rem;padding:.4rem .75rem;text-transform:none;letter-spacing:0;font-size:1.05rem}
.appeal-top{display:grid;gap:.5rem 1.5rem;grid-template-columns:minmax(0,1fr);grid-template-areas:"name" "photo" "facts" "actions";align-items:start}
.appeal-top h1{grid-area:name;margin:0;font-size:1.6rem}
.appeal-photo{grid-area:photo;margin:0}
.appeal-photo img{display:block;height:min(36vh,22rem);width:auto;max-width:100%;aspect-ratio:4/5;object-fit:contain;background:var(--soft);border-radius:.5rem;margin-inline:auto}
.appeal-top dl.facts{grid-area:facts;grid-template-columns:fit-content(40%) minmax(0,1fr);margin:0}.appeal-top dl.facts dd{text-align:match-parent}
.appeal-top .actions{grid-area:actions;margin:.25rem 0 0}.appeal-top .button{flex:1 1 9rem;display:flex;align-items:center;justify-content:center;text-align:center;margin:0}
.button.practice{background:#e5e7eb;color:#111;border:2px dashed #4a4a55}
.appeal-text,.appeal .todo{max-width:46rem}
@media (min-width:48rem){.appeal-top{grid-template-columns:minmax(0,22rem) minmax(0,1fr);grid-template-rows:auto auto 1fr;grid-template-areas:"photo name" "photo facts" "photo actions"}
.appeal-top h1{font-size:2rem}.appeal-photo img{height:auto;width:100%}.appeal-top .button{flex:0 1 auto}}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}h2{font-size:1.3rem;line-height:1.3}
.photos{display:flex;gap:.5rem;flex-wrap:wrap}.photos img{max-width:100%;height:auto;border-radius:.5rem;flex:1 1 14rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:700}dl.facts dd{margin:0}
.todo{background:var(--soft);border-inline-start:6px solid var(--alert);padding:.75rem 1rem;margin:1rem 0}
.button{display:inline-block;background:var(--alert);color:#fff;padding:.8rem 1.2rem;border-radius:.5rem;font-weight:700;text-decoration:none;min-height:44px}
.button.quiet{background:var(--accent)}
.share a,.langs-alt a{display:inline-block;margin-block:.25rem;margin-inline-end:.75rem;min-height:24px}
.muted{color:var(--muted);font-size:.95rem}
ul.appeals{list-style:none;padding:0}ul.appeals li{display:flex;gap:1rem;align-items:center;border-block-end:1px solid #ddd;padding:.75rem 0}
ul.appeals img{width:96px;height:auto;border-radius:.4rem}
ul.cards{list-style:none;padding:0;margin:1rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
ul.cards li{border:1px solid #cbd5e1;border-radius:.6rem;overflow:hidden;display:flex;flex-direction:column;background:#fff}
ul.cards img{width:100%;height:auto;aspect-ratio:4/5;object-fit:cover;background:var(--soft);display:block}
ul.cards .nophoto{aspect-ratio:4/5;background:var(--soft);display:flex;align-items:center;justify-content:center;color:var(--muted);padding:1rem;text-align:center}
ul.cards .card-text{padding:.75rem 1rem 1rem}ul.cards h2,ul.cards h3{font-size:1.15rem;margin:0 0 .4rem}ul.cards p{margin:.2rem 0}
.tag{display:inline-block;background:#fde68a;color:#111;font-weight:700;font-size:.85rem;padding:.1rem .5rem;border-radius:.3rem}
.helplines{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.75rem}
.helplines li{background:var(--soft);border-radius:.5rem;padding:.75rem 1rem;border-inline-start:6px solid var(--accent)}
.helplines li.urgent{border-inline-start-color:var(--alert)}
.helplines .number{font-size:1.5rem;font-weight:800;display:block;direction:ltr;unicode-bidi:isolate;text-align:start}
.helplines p{margin:.2rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.demo{font-size:.9rem;color:var(--muted)}
form.filters{background:var(--soft);padding:1rem;border-radius:.5rem;display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end}
form.filters label{display:block;font-weight:700}
form.filters .field{flex:1 1 12rem;min-width:0}
form.filters input,form.filters select{font:inherit;width:100%;padding:.45rem;border:2px solid #1b1b1f;border-radius:.25rem;min-height:44px;background:#fff}
form.filters button{font:inherit;font-weight:700;background:var(--accent);color:#fff;border:0;border-radius:.4rem;padding:.6rem 1.2rem;min-height:44px;cursor:pointer}
nav.pages ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
.support h2{margin-block-start:1.75rem}.support li{margin-block:.3rem}
.callout{background:#dcfce7;border-inline-start:6px solid #15803d;padding:.75rem 1rem;margin:1rem 0}
footer.site{margin-block-start:2rem;padding-block:1rem}footer.site p{margin:.25rem 0}
footer.site .numbers{font-weight:700}footer.site bdi{white-space:nowrap}
bdi,.ltr{unicode-bidi:isolate}
:lang(ur){font-family:"Noto Nastaliq Urdu","Jameel Noori Nastaleeq","Alvi Nastaleeq","Urdu Typesetting","Noto Naskh Arabic","Noto Sans Arabic",system-ui,sans-serif}html:lang(ur) body{line-height:2.1}html:lang(ur) h1,html:lang(ur) h2{line-height:1.9}
.quick-exit{position:sticky;top:0;z-index:3;background:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;justify-content:flex-end;border-block-end:1px solid #cbd5e1}.quick-exit-button{display:inline-flex;align-items:center;min-height:44px;background:#b91c1c;color:#fff;font-weight:700;padding:.5rem 1rem;border-radius:.4rem;text-decoration:none}
@media (max-width:420px){dl.facts{grid-template-columns:1fr}h1{font-size:1.35rem}main{padding:.75rem}}
`;

export interface PageOptions {
  language: string;
  title: string;
  /** What the page is for, in a sentence, for search results; the site's own when left out. */
  description?: string;
  /** Extra <head> content: Open Graph tags, alternates. */
  head?: SafeHtml;
  banner?: string;
  body: SafeHtml;
  /**
   * The page's own path and query: with it the page gets the language menu, which returns here. Left
   * out on pages whose address holds a secret (confirm, manage, unsubscribe).
   */
  path?: string;
  /** A narrower column for forms and text. */
  narrow?: boolean;
  /** "Exit this page" (quick-exit.ts), for pages a child or family at risk may be reading. */
  quickExit?: boolean;
}

/** The language menu: each language named in itself, the current one marked. */
export function languageMenu(language: string, path: string): SafeHtml {
  const t = translator(language);
  return html`<nav class="langs" aria-label="${t('site.language')}"><ul>${SITE_LANGUAGES.map((lang) =>
    lang === language
      ? html`<li><span lang="${lang}" aria-current="true">${LANGUAGE_NAMES[lang]}</span></li>`
      : html`<li><a href="${languageSwitchHref(lang, path)}" lang="${lang}" hreflang="${lang}">${LANGUAGE_NAMES[lang]}</a></li>`,
  )}</ul></nav>`;
}

export function page(options: PageOptions): string {
  const language = options.language;
  const t = translator(language);
  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  const link = (path: string) => withLanguage(path, isSiteLanguage(language) ? language : 'en');
  return `<!doctype html>${
    html`<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<meta name="description" content="${options.description ?? t('site.description')}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">
${options.head ?? ''}
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">${t('site.skipToContent')}</a>
${options.quickExit ? quickExit(language) : ''}
${options.banner ? html`<div class="banner" role="note">${options.banner}</div>` : ''}
<header class="site"><div class="bar">
<a class="brand" href="${link('/')}">${t('site.name')}</a>
<details class="menu"><summary><span class="menu-icon" aria-hidden="true"></span>${t('site.menuButton')}</summary><div class="menu-body">
<nav class="site" aria-label="${t('site.menu')}"><ul>
<li><a href="${link('/appeals')}">${t('nav.appeals')}</a></li>
<li><a href="${link('/alerts/sign-up')}">${t('nav.signUp')}</a></li>
<li><a href="${link('/report')}">${t('nav.report')}</a></li>
<li><a href="${link('/support/running-away')}">${t('nav.runningAway')}</a></li>
<li><a href="${link('/support/families')}">${t('nav.families')}</a></li>
</ul></nav>
${options.path ? languageMenu(language, options.path) : ''}
</div></details>
</div></header>
<main id="main"${options.narrow === false ? '' : html` class="narrow"`}>
${options.body}
</main>
<footer class="site"><div class="bar"><div>
<p>${t('site.emergency')}</p>
<p class="numbers">${t('helplines.missing.name')}: <a href="tel:${helpline('missing').call}"><bdi>${helpline('missing').number}</bdi></a> · ${t('helplines.childline.name')}: <a href="tel:${helpline('childline').call}"><bdi>${helpline('childline').number}</bdi></a></p>
<p>${t('site.tagline')}</p>
<p><a href="${link('/privacy')}">${t('legal.privacyLink')}</a> · <a href="/source">${t('legal.sourceCode')}</a></p>
${language === 'en' ? '' : html`<p class="translation-note">${t('site.translationNote')}</p>`}
</div></div></footer>
</body>
</html>`.html
  }`;
}

/** Short enough that a withdrawn appeal leaves every cache within a minute. */
export const PAGE_MAX_AGE = 30;
/** Public pages whose language may come from the menu's cookie as well as the browser. */
export const VARY = 'Accept-Language, Cookie';

/**
 * Sends a page that holds what a person typed, or whose address is a secret: never cached, never indexed,
 * and its address never sent on as a Referer. Each kind of page brings its own Content-Security-Policy.
 * `indexable` is for a blank form (uncached only for its one-use key), which people should find by searching.
 */
export function sendPrivatePage(
  reply: FastifyReply,
  page: { status: number; body: string; language: string; contentSecurityPolicy: string; indexable?: boolean },
) {
  if (!page.indexable) reply.header('X-Robots-Tag', 'noindex');
  return reply
    .status(page.status)
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', page.contentSecurityPolicy)
    .header('Referrer-Policy', 'no-referrer')
    .header('Content-Language', page.language)
    .type('text/html; charset=utf-8')
    .send(page.body);
}
