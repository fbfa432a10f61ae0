// Serves the built staff console under /console/: hashed assets cached for a year, every other path
// answered with index.html so the console's own router takes over.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppDeps } from '../app-deps.ts';
import { CONSOLE_DIST } from './build.ts';

// Leaflet positions map panes with inline styles, hence 'unsafe-inline' for styles only; scripts are ours alone.
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export async function registerConsoleRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'config'>, distDir = CONSOLE_DIST): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');

  const sendIndex = (reply: FastifyReply) => {
    if (!fs.existsSync(indexFile)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The staff console has not been built. Run `npm run build`, or `npm start` from the sources (it builds the console).');
    }
    return reply
      .header('Content-Security-Policy', CONSOLE_CSP)
      .header('Cache-Control', 'no-cache')
      .header('X-Frame-Options', 'DENY')
      .type('text/html; charset=utf-8')
      .send(fs.createReadStream(indexFile));
  };

  await app.register(async (scope) => {
    // The console's files are public (they hold no data); everything they show comes through the API.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    if (fs.existsSync(path.join(distDir, 'assets'))) {
      await scope.register(fastifyStatic, {
        root: path.join(distDir, 'assets'),
        prefix: '/console/assets/',
        immutable: true,
        maxAge: '365d',
        index: false,
        wildcard: true,
        // The build leaves .br and .gz beside each script and style.
        preCompressed: true,
      });
    }
  });

  app.get('/console/settings.json', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-cache');
    return { mapTileUrl: deps.config.mapTileUrl ?? null, mapTileAttribution: deps.config.mapTileAttribution ?? null };
  });
  app.get('/console', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.get('/console/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/console/assets/')) return reply.status(404).send({ title: 'Not found' });
    return sendIndex(reply);
  });
}
