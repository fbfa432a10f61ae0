// "Exit this page" for the pages a child or a family at risk may be reading (report, support): a button
// that leaves at once for a neutral site, and Shift pressed three times (assets/quick-exit.js). Without
// JavaScript the button is still a plain link there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { translator } from '../i18n/i18n.ts';
import { html, type SafeHtml } from '../http/html.ts';

/** Somewhere nobody looking over a shoulder would think twice about. */
export const QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather';
export const QUICK_EXIT_SCRIPT_PATH = '/quick-exit.js';

const script = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'quick-exit.js'));

export function quickExit(language: string): SafeHtml {
  const t = translator(language);
  return html`<div class="quick-exit"><a id="quick-exit" class="quick-exit-button" href="${QUICK_EXIT_URL}" rel="nofollow noreferrer">${t('quickExit.button')}</a><span id="quick-exit-hint" class="quick-exit-hint" hidden>${t('quickExit.hint')}</span></div>
<script src="${QUICK_EXIT_SCRIPT_PATH}" defer></script>`;
}

export function registerQuickExitRoute(app: FastifyInstance): void {
  app.get(QUICK_EXIT_SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(script),
  );
}
