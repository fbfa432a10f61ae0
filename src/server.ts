// Composes the domains into one Fastify app. Each domain registers its own routes; this file only
// wires shared concerns (errors, validation, access, cookies, logging, metrics, OpenAPI).
import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './app-deps.ts';
import { installAccessControl } from './auth/access.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { registerUserRoutes } from './auth/user-routes.ts';
import { registerAlertRoutes } from './alerts/routes.ts';
import { registerFeedRoutes } from './alerts/feed-routes.ts';
import { registerCaseRoutes } from './cases/routes.ts';
import { registerRegisterRoutes } from './register/routes.ts';
import { registerUnidentifiedRoutes } from './unidentified/routes.ts';
import { rematchAfterWrite } from './matching/matcher.ts';
import { registerMatchingRoutes } from './matching/routes.ts';
import { installRefusalAudit } from './cases/disclosure.ts';
import { registerOrganisationRoutes } from './orgs/routes.ts';
import { registerProfileRoutes } from './profiles/routes.ts';
import { registerInterviewRoutes } from './interviews/routes.ts';
import { registerSharingRoutes } from './sharing/routes.ts';
import { registerPhilomenaRoutes } from './philomena/routes.ts';
import { registerRetentionRoutes } from './retention/routes.ts';
import { frameworkErrorProblem, installProblemHandlers, invalid } from './http/problem.ts';
import { installMediaTypeCheck } from './http/media-types.ts';
import { applySecurityHeaders, installSecurityHeaders, securityHeaders } from './http/security-headers.ts';
import { schemaValidatorCompiler } from './http/validation.ts';
import { findUnsafeInput } from './http/input-safety.ts';
import { redactPath } from './http/request-path.ts';
import { registerOpsRoutes } from './ops/routes.ts';
import { safeErrorLogging } from './ops/safe-errors.ts';
import { registerPublicSiteRoutes } from './public-site/routes.ts';
import { registerKitRoutes } from './kits/routes.ts';
import { registerKitReissueRoutes } from './kits/reissue-routes.ts';
import { createAppealCache } from './public-site/appeal-cache.ts';
import { renderAppealPage } from './public-site/appeal-page.ts';
import { registerFaviconRoutes } from './public-site/favicon.ts';
import { registerSubscriberRoutes } from './subscribers/routes.ts';
import { registerEnrolmentRoutes } from './enrolment/routes.ts';
import { registerDispatchRoutes } from './dispatch/routes.ts';
import { registerSightingRoutes } from './sightings/routes.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { registerTriageRoutes } from './triage/routes.ts';
import { registerGazetteerRoutes } from './geo/routes.ts';
import { registerConsoleRoutes } from './console/routes.ts';
import { registerAppealRoutes } from './appeals/routes.ts';
import { registerExchangeRoutes } from './exchange/routes.ts';

export interface BuildOptions {
  /** pino options, or false for no request logging (tests). */
  logger?: boolean | Record<string, unknown>;
}

export { redactPath };

const COMPRESSIBLE_TYPES =
  /^(?:text\/(?:html|css|plain|csv|xml|javascript)|application\/(?:json|javascript|xml|[a-z0-9.-]+\+(?:json|xml))|image\/svg\+xml)(?:;|$)/;

export function loggerOptions(level: string): Record<string, unknown> {
  const safeErrors = safeErrorLogging();
  return {
    level,
    // Never log credentials, and never log query strings: a search for a child's name is personal data.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    serializers: {
      ...safeErrors.serializers,
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: redactPath(request.url),
        ip: request.ip,
      }),
    },
    // Errors carry the values that caused them (a database error, the SQL parameters): only safe fields are logged.
    formatters: safeErrors.formatters,
    hooks: safeErrors.hooks,
  };
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const headers = securityHeaders({ https: deps.config.publicUrl.startsWith('https:') });
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: (_address: string, hop: number) => hop < deps.config.trustProxyHops,
    bodyLimit: 1024 * 1024,
    // Route parameters are ids and slugs; a long one is an attack, not a request.
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false } },
    // Refusals before routing (an over-long or malformed path) run no hooks: they get the headers here.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(reply.raw, headers);
      frameworkErrorProblem(error, request, reply);
    },
  });
  installSecurityHeaders(app, headers);
  app.setValidatorCompiler(schemaValidatorCompiler());
  installProblemHandlers(app);
  installMediaTypeCheck(app);

  // Pages, feeds, JSON, scripts and styles, brotli or gzip, before any route is added (it applies per route).
  // Event streams are written raw and stay uncompressed; the console's precompressed files are sent as they are.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE_TYPES,
    // Request bodies are taken as sent: a compressed body would only move the size limits' work elsewhere.
    globalDecompression: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Forget-me-not API',
        version: '1',
        description:
          'Missing children: cases, Child Rescue Alerts, dispatch to the public, sightings and reports; unidentified people and remains, and the matching of one against the other.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fmn_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: deps.config.maxPhotoBytes, files: 1, fields: 10, fieldSize: 2000, parts: 12 },
    throwFileSizeLimit: true,
  });
  // Limits apply only where a route asks for them (sign-in, and later the public forms).
  await app.register(rateLimit, { global: false });

  // Text that cannot be stored (NUL, unpaired surrogates) is refused here for every route; multipart fields,
  // read by their routes as streams, go through the same check (see src/http/input-safety.ts).
  app.addHook('preValidation', (request, _reply, done) => {
    const unsafe =
      findUnsafeInput(request.params, '/params') ??
      findUnsafeInput(request.query, '/querystring') ??
      findUnsafeInput(request.body, '/body');
    if (unsafe)
      return done(
        invalid(unsafe.pointer, `${unsafe.pointer.replace(/^\/(body|querystring|params)\/?/, '') || 'the request'} ${unsafe.detail}`),
      );
    done();
  });

  installAccessControl(app, {
    db: deps.db,
    clock: deps.clock,
    sessionPolicy: { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours },
  });

  // Callback-style hooks: they run on every request, including the public pages a surge hits.
  app.addHook('onResponse', (request, reply, done) => {
    deps.metrics.httpRequests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  // Handlers take their request and answer types from their routes' schemas (types only: validation is above).
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  registerOpsRoutes(api, deps);
  registerAuthRoutes(api, deps);
  registerUserRoutes(api, deps);
  registerOrganisationRoutes(api, deps);
  // Refused requests for a case, an alert or an unidentified person (no reason given, out of reach) land in the audit log.
  installRefusalAudit(app, deps);
  // A change to either side of a match re-matches it at once (after the write commits, never failing it).
  registerCaseRoutes(api, deps, (caseId, log) => rematchAfterWrite(deps, { caseId }, log));
  registerRegisterRoutes(api, deps, (caseId, log) => rematchAfterWrite(deps, { caseId }, log));
  registerUnidentifiedRoutes(api, deps, (unidentifiedId, log) => rematchAfterWrite(deps, { unidentifiedId }, log));
  registerMatchingRoutes(api, deps);
  registerProfileRoutes(api, deps);
  registerInterviewRoutes(api, deps);
  registerSharingRoutes(api, deps);
  registerPhilomenaRoutes(api, deps);
  registerRetentionRoutes(api, deps);
  // Shared so that a change to an alert through the API takes its public page out of the cache at once.
  const appeals = createAppealCache();
  registerAlertRoutes(api, deps, { forget: (slug) => appeals.forget(slug), renderAppealPage });
  registerFeedRoutes(api, deps);
  registerPublicSiteRoutes(api, deps, appeals);
  registerFaviconRoutes(app);
  registerSubscriberRoutes(api, deps);
  registerEnrolmentRoutes(api, deps);
  registerDispatchRoutes(api, deps);
  registerSightingRoutes(api, deps);
  registerReportRoutes(api, deps);
  registerTriageRoutes(api, deps);
  registerGazetteerRoutes(api, deps);
  registerAppealRoutes(api, deps);
  registerKitRoutes(api, deps);
  registerKitReissueRoutes(api, deps);
  registerExchangeRoutes(api, deps);
  await registerConsoleRoutes(app, deps);

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());

  await app.ready();
  return app;
}
