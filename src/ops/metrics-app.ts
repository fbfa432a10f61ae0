// The second listener METRICS_PORT asks for: /metrics alone, for a scraper on a private network, so the
// public port does not serve it at all.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { installProblemHandlers } from '../http/problem.ts';
import { installSecurityHeaders, securityHeaders } from '../http/security-headers.ts';
import { registerMetricsRoute } from './routes.ts';

export async function buildMetricsApp(deps: Pick<AppDeps, 'metrics' | 'config'>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installSecurityHeaders(app, securityHeaders({ https: false }));
  installProblemHandlers(app);
  registerMetricsRoute(app, deps);
  await app.ready();
  return app;
}
