// Server-rendered HTML for the public: every value printed is escaped here, in one place.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRightToLeft, translator } from '../i18n/i18n.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** A tagged template that escapes every interpolated value unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const text = Array.isArray(value)
      ? value.map((v) => (v instanceof SafeHtml ? v.html : escapeHtml(v))).join('')
      : value instanceof SafeHtml
        ? value.html
        : value === undefined || value === null || value === false
          ? ''
          : escapeHtml(value);
    out += text + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Paragraphs from plain text, blank lines separating them, single line breaks kept. */
export function paragraphs(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split(/\n\s*\n/)
      .map((block) => `<p>${escapeHtml(block.trim()).replace(/\n/g, '<br>')}</p>`)
      .join(''),
  );
}

const STYLE = `
:root{--ink:#1b1b1f;--muted:#4a4a55;--accent:#1d4ed8;--alert:#b91c1c;--bg:#fff;--soft:#f3f4f6}
*{box-sizing:border-box}body{margin:0;font:1.05rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}.skip:focus{width:auto;height:auto;clip-path:none;inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header.site,footer.site{background:#0f172a;color:#fff;padding:.75rem 1rem}header.site a,footer.site a{color:#fff}
header.site .brand{font-weight:700;text-decoration:none}
main{max-width:46rem;margin:0 auto;padding:1rem}
.banner{background:#fde68a;color:#111;padding:.75rem 1rem;font-weight:700;text-align:center;border-bottom:3px solid #b45309}
.kicker{color:var(--alert);font-weight:700;text-transform:uppercase;letter-spacing:.04em;margin:0}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}
.photos{display:flex;gap:.5rem;flex-wrap:wrap}.photos img{max-width:100%;height:auto;border-radius:.5rem;flex:1 1 14rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:700}dl.facts dd{margin:0}
.todo{background:var(--soft);border-inline-start:6px solid var(--alert);padding:.75rem 1rem;margin:1rem 0}
.button{display:inline-block;background:var(--alert);color:#fff;padding:.8rem 1.2rem;border-radius:.5rem;font-weight:700;text-decoration:none;min-height:44px}
.share a,.langs a{display:inline-block;margin:.25rem .75rem .25rem 0;min-height:24px}
.muted{color:var(--muted);font-size:.95rem}
ul.appeals{list-style:none;padding:0}ul.appeals li{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ddd;padding:.75rem 0}
ul.appeals img{width:96px;height:auto;border-radius:.4rem}
@media (max-width:420px){dl.facts{grid-template-columns:1fr}h1{font-size:1.35rem}}
`;

export interface PageOptions {
  language: string;
  title: string;
  /** Extra <head> content: Open Graph tags, alternates. */
  head?: SafeHtml;
  banner?: string;
  body: SafeHtml;
}

export function page(options: PageOptions): string {
  const t = translator(options.language);
  const dir = isRightToLeft(options.language) ? 'rtl' : 'ltr';
  return `<!doctype html>${html`<html lang="${options.language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${options.head ?? ''}
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">${t('site.skipToContent')}</a>
${options.banner ? html`<div class="banner" role="alert">${options.banner}</div>` : ''}
<header class="site"><a class="brand" href="/">${t('site.name')}</a> · <span>${t('site.tagline')}</span></header>
<main id="main">
${options.body}
</main>
<footer class="site"><p>${t('site.emergency')}</p><p>${t('site.hotline')}</p></footer>
</body>
</html>`}`;
}

/**
 * Sends a public response that caches can keep briefly and revalidate cheaply: a strong ETag of the
 * bytes, 304 when the client has them, and a short max-age so a withdrawal reaches every cache within a minute.
 */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string | Buffer,
  contentType: string,
  maxAgeSeconds: number,
  status = 200,
  knownEtag?: string,
) {
  const etag = knownEtag ?? `"${createHash('sha1').update(body).digest('base64url')}"`;
  reply.header('ETag', etag);
  // No stale-while-revalidate: a withdrawn appeal must leave shared caches within the minute.
  reply.header('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  reply.header('Vary', 'Accept-Language');
  if (status === 200 && request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.status(status).type(contentType).send(body);
}
