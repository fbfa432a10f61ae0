// Operations endpoints: liveness, readiness (the database answers) and Prometheus metrics.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';

export function registerOpsRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'metrics'>): void {
  const Health = Type.Object({ status: Type.String() });
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true, response: { 200: Health } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true, response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    try {
      await deps.db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
