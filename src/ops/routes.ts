// Operations endpoints: liveness, readiness (the database answers) and Prometheus metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { pingDatabase } from '../db/database.ts';
import { Problem, sendProblem } from '../http/problem.ts';

/** A load balancer gives up on a probe after a few seconds: a database that does not answer is "not ready" well before. */
export const READINESS_TIMEOUT_MS = 1500;

const Health = Type.Object({ status: Type.String() });

export function registerOpsRoutes(app: TypedApp, deps: Pick<AppDeps, 'db' | 'metrics' | 'config'>): void {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true, response: { 200: Health } } }, () => ({ status: 'ok' }));

  // Probes that arrive while a check is waiting share it, so a hung database does not gather a queue of them.
  let pending: Promise<boolean> | undefined;
  const databaseAnswers = (): Promise<boolean> => {
    pending ??= pingDatabase(deps.db)
      .then(
        () => true,
        () => false,
      )
      .finally(() => (pending = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)));
    return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
  };

  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      if (await databaseAnswers()) return { status: 'ready' };
      return reply.status(503).header('Retry-After', '5').send({ status: 'database unreachable' });
    },
  );

  // With METRICS_PORT, /metrics is served only by the second listener (metricsApp).
  if (deps.config.metricsPort === undefined) registerMetricsRoute(app, deps);
}

/** /metrics, behind METRICS_TOKEN when it is set. */
export function registerMetricsRoute(app: TypedApp, deps: Pick<AppDeps, 'metrics' | 'config'>): void {
  const expected = deps.config.metricsToken === undefined ? undefined : digest(deps.config.metricsToken);
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    if (expected !== undefined) {
      const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        return sendProblem(
          reply,
          request,
          new Problem(401, 'unauthorised', 'Not signed in', 'The metrics need the token set in METRICS_TOKEN.', {
            headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
          }),
        );
      }
    }
    reply.header('Cache-Control', 'no-store').type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
