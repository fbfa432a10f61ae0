// The social media kit of a long-term appeal on the public site: the "Share this appeal" area of its page, the
// images and QR codes it offers, and the whole kit as JSON for partners (GET /missing/{slug}/kit.json). Public,
// as the appeal page is; a withdrawn appeal's kit is gone (410) the moment it is withdrawn.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import type { AppealRow } from '../appeals/store.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { Problem, sendProblem } from '../http/problem.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { sendCacheable } from '../http/cacheable.ts';
import { isSiteLanguage, SITE_LANGUAGES, translator, type SiteLanguage } from '../i18n/i18n.ts';
import { createShareImageCache, kitAppeal, kitFilePath, kitPageUrl, kitPosts, kitQr, wholeKit, type ShareImageCache } from './kit.ts';
import { SHARE_FORMATS } from './share-images.ts';

export const KIT_SCRIPT_PATH = '/kit.js';
const script = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'kit.js'));
/** As the appeal page's: a withdrawal leaves every cache within the minute. */
const KIT_MAX_AGE = 30;

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[0-9a-f]{12}$' }) });
const FileParams = Type.Object({
  slug: SlugParams.properties.slug,
  lang: Type.String({ pattern: `^(${SITE_LANGUAGES.join('|')})$` }),
  file: Type.Union([Type.Literal('landscape.jpg'), Type.Literal('square.jpg'), Type.Literal('qr.png'), Type.Literal('qr.svg')]),
});
const VersionQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 10, pattern: '^[0-9]*$' })) });

const gone = () => new Problem(410, 'gone', 'Gone', 'This appeal has ended: please stop sharing it.');
const missing = () => new Problem(404, 'not-found', 'Not found', 'There is no such appeal.');

/** The "Share this appeal" area of an appeal's page, in the reader's language. */
export function shareArea(publicUrl: string, appeal: AppealRow, language: SiteLanguage): SafeHtml {
  const t = translator(language);
  const file = (name: string) => `${kitFilePath(appeal.slug, language, name)}?v=${appeal.version}`;
  const posts = kitPosts(publicUrl, appeal, language);
  const thumb = (format: keyof typeof SHARE_FORMATS, label: string) => {
    const { width, height } = SHARE_FORMATS[format];
    return html`<li><a href="${file(`${format}.jpg`)}" download><img src="${file(`${format}.jpg`)}" alt="${t('kit.imageAlt')}" width="${Math.round(width / 4)}" height="${Math.round(height / 4)}" loading="lazy"><span>${label}</span></a></li>`;
  };
  return html`<section class="kit" aria-labelledby="kit-title">
<h2 id="kit-title">${t('appeal.share')}</h2>
<p>${t('kit.intro')}</p>
<ul class="kit-files">
${thumb('landscape', t('kit.landscape'))}
${thumb('square', t('kit.square'))}
<li><img src="${file('qr.svg')}" alt="${t('poster.qrLabel')}" width="132" height="132" loading="lazy"><span><a href="${file('qr.png')}" download>${t('kit.qrPng')}</a> · <a href="${file('qr.svg')}" download>${t('kit.qrSvg')}</a></span></li>
</ul>
${posts.map(
  (post) => html`<div class="kit-post">
<label for="kit-post-${post.network}">${t('kit.postFor', { network: post.name })}</label>
<textarea id="kit-post-${post.network}" readonly rows="6">${post.text}</textarea>
<button type="button" data-copy="kit-post-${post.network}" data-status="kit-status-${post.network}" data-copied="${t('kit.copied')}" hidden>${t('kit.copy')}</button>
<span id="kit-status-${post.network}" role="status"></span>
</div>`,
)}
<script src="${KIT_SCRIPT_PATH}" defer></script>
</section>`;
}

/**
 * Share card tags for the appeal's page: a link shared anywhere shows the landscape share image of the reader's
 * language (photo, name, facts and the numbers to call), the size Open Graph and X cards expect.
 */
export function shareCardTags(publicUrl: string, appeal: AppealRow, language: SiteLanguage, title: string, description: string): SafeHtml {
  const t = translator(language);
  const image = `${publicUrl}${kitFilePath(appeal.slug, language, 'landscape.jpg')}?v=${appeal.version}`;
  const { width, height } = SHARE_FORMATS.landscape;
  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${t('site.name')}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${kitPageUrl(publicUrl, appeal.slug, language)}">
<meta property="og:image" content="${image}"><meta property="og:image:width" content="${width}"><meta property="og:image:height" content="${height}">
<meta property="og:image:alt" content="${t('kit.imageAlt')}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="${image}">`;
}

/** The share area's layout, added to the page's own style. */
export const KIT_STYLE = `.kit-files{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}.kit-files li,.kit-files li>a{display:flex;flex-direction:column;gap:.25rem;max-width:100%}
.kit-files img{border:1px solid #d1d5db;height:auto}.kit-post{margin:1rem 0}.kit-post label{display:block;font-weight:700}
.kit-post textarea{width:100%;font:inherit}.kit-post button{min-height:44px;padding:.4rem .9rem;font:inherit;font-weight:700}`;

export function registerKitRoutes(
  app: TypedApp,
  deps: Pick<AppDeps, 'db' | 'media' | 'config'>,
  images?: ShareImageCache,
): ShareImageCache {
  const cache = images ?? createShareImageCache(deps);
  const { db, config } = deps;
  const refuse = (request: FastifyRequest, reply: FastifyReply, state: 'withdrawn' | 'missing') => {
    reply.header('Cache-Control', `public, max-age=${KIT_MAX_AGE}`);
    return sendProblem(reply, request, state === 'withdrawn' ? gone() : missing());
  };

  app.get(KIT_SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(script),
  );

  app.get(
    '/missing/:slug/kit.json',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const kit = await kitAppeal(db, request.params.slug);
      if (kit.state !== 'published') return refuse(request, reply, kit.state);
      return sendCacheable(
        request,
        reply,
        JSON.stringify(wholeKit(config.publicUrl, kit.appeal)),
        'application/json',
        KIT_MAX_AGE,
        200,
        undefined,
        'Accept-Encoding',
      );
    },
  );

  app.get(
    '/missing/:slug/kit/:lang/:file',
    { config: { access: 'public' }, schema: { hide: true, params: FileParams, querystring: VersionQuery } },
    async (request, reply) => {
      const { slug, file, lang: language } = request.params;
      const kit = await kitAppeal(db, slug);
      if (kit.state !== 'published' || !isSiteLanguage(language)) {
        if (kit.state === 'withdrawn') cache.forget(kit.appealId);
        return refuse(request, reply, kit.state === 'withdrawn' ? 'withdrawn' : 'missing');
      }
      if (file === 'qr.png' || file === 'qr.svg') {
        const type = file === 'qr.png' ? 'png' : 'svg';
        const bytes = await kitQr(config.publicUrl, slug, language, type);
        return sendCacheable(
          request,
          reply,
          bytes,
          type === 'png' ? 'image/png' : 'image/svg+xml',
          KIT_MAX_AGE,
          200,
          undefined,
          'Accept-Encoding',
        );
      }
      const bytes = await cache.image(kit, language, file === 'landscape.jpg' ? 'landscape' : 'square');
      return sendCacheable(request, reply, bytes, 'image/jpeg', KIT_MAX_AGE, 200, undefined, 'Accept-Encoding');
    },
  );
  return cache;
}
