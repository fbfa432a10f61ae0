// Errors leave the API as RFC 9457 problem details (application/problem+json), each with a stable `type`
// so clients can branch on it, a sentence for people, and the offending field where there is one.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { echoablePath } from './request-path.ts';

export interface FieldError {
  /** JSON Pointer into the request part (RFC 6901), e.g. "/child/heightCm". */
  pointer: string;
  detail: string;
  /**
   * A stable message code a client turns into words of its own ("required", "too-short", "pattern",
   * "area-empty", ...), with the figures those words need (limit, allowed values) beside it.
   */
  code?: string;
  limit?: number;
  allowed?: string[];
  format?: string;
}

/** What a validator or a domain rule names about a field, besides its pointer and sentence. */
export type FieldCode = Omit<FieldError, 'pointer' | 'detail'>;

export class Problem extends Error {
  constructor(
    readonly status: number,
    /** Stable identifier, the last segment of the problem type URI: "validation", "not-found", ... */
    readonly kind: string,
    readonly title: string,
    readonly detail: string,
    /** `members`: further members of the problem document (RFC 9457 extensions), such as the candidates of a conflict. */
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; members?: Record<string, unknown> } = {},
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new Problem(404, 'not-found', 'Not found', `${what} was not found, or you may not see it.`);
export const forbidden = (detail: string) => new Problem(403, 'forbidden', 'Forbidden', detail);
export const unauthorised = (detail = 'Sign in first.') => new Problem(401, 'unauthorised', 'Not signed in', detail);
export const conflict = (detail: string) => new Problem(409, 'conflict', 'Conflict', detail);
/** A refused field: its pointer, a sentence, and a stable code (with any figures) for clients to word it themselves. */
export const invalid = (pointer: string, detail: string, code: FieldCode = { code: 'invalid' }) =>
  new Problem(400, 'validation', 'The request is not valid', detail, { errors: [{ pointer, detail, ...code }] });

const PROBLEM_BASE = 'https://forgetmenot.example/problems/';

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): FastifyReply {
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) reply.header(name, value);
  // The path is named only when it is short and holds no link secret; never its query.
  const instance = echoablePath(request.url);
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({
      type: PROBLEM_BASE + problem.kind,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      ...(instance === undefined ? {} : { instance }),
      ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
      ...problem.extra.members,
    });
}

/**
 * Errors Fastify raises before a route is found (a path segment longer than the router allows, a path
 * that is not valid percent-encoding), as problem details that do not repeat the path.
 */
export function frameworkErrorProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(
      reply,
      request,
      new Problem(414, 'uri-too-long', 'The address is too long', 'A part of the address is longer than any this service uses.'),
    );
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(
      reply,
      request,
      new Problem(400, 'malformed', 'The request was refused', 'The address is not valid percent-encoding.'),
    );
  }
  return sendProblem(reply, request, new Problem(400, 'bad-request', 'The request was refused', 'The request could not be routed.'));
}

const ROUTABLE_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/**
 * Which methods each route path answers, so that a request for a path that exists with the wrong method
 * is told so (405 with Allow) rather than that nothing is there. Patterns become regular expressions:
 * a parameter is one segment, a wildcard the rest of the path.
 */
function routeMethodTable(app: FastifyInstance): (path: string) => string[] {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    let entry = routes.get(route.url);
    if (!entry) {
      const source = route.url
        .split('/')
        .map((segment) =>
          segment === '*'
            ? '.*'
            : segment
                .split(/:[A-Za-z0-9_]+(?:\([^)]*\))?\??/)
                .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
                .join('[^/]+'),
        )
        .join('/');
      entry = { pattern: new RegExp(`^${source}$`), methods: new Set() };
      routes.set(route.url, entry);
    }
    for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
    if (entry.methods.has('GET')) entry.methods.add('HEAD');
  });
  return (path) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of routes.values()) if (pattern.test(path)) for (const method of methods) allowed.add(method);
    return ROUTABLE_METHODS.filter((method) => allowed.has(method));
  };
}

export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A schema's `const` value as text: a string as it is, a figure, yes/no or null as JSON writes it. */
function constText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The stable code of a validator's complaint, with the figure it needs: clients word these themselves, in
 * their reader's language, instead of showing the validator's text.
 */
export function validationCode(e: AjvError): FieldCode {
  const limit = typeof e.params.limit === 'number' ? e.params.limit : undefined;
  switch (e.keyword) {
    case 'required':
      return { code: 'required' };
    case 'additionalProperties':
      return { code: 'unknown-field' };
    case 'minLength':
      return limit !== undefined && limit <= 1 ? { code: 'empty' } : { code: 'too-short', ...(limit !== undefined ? { limit } : {}) };
    case 'maxLength':
      return { code: 'too-long', ...(limit !== undefined ? { limit } : {}) };
    case 'minItems':
      return { code: 'too-few', ...(limit !== undefined ? { limit } : {}) };
    case 'maxItems':
      return { code: 'too-many', ...(limit !== undefined ? { limit } : {}) };
    case 'minimum':
    case 'exclusiveMinimum':
      return { code: 'too-small', ...(limit !== undefined ? { limit } : {}) };
    case 'maximum':
    case 'exclusiveMaximum':
      return { code: 'too-large', ...(limit !== undefined ? { limit } : {}) };
    case 'pattern':
      return { code: 'pattern' };
    case 'format':
      return { code: 'format', ...(typeof e.params.format === 'string' ? { format: e.params.format } : {}) };
    case 'enum':
      return { code: 'not-allowed', ...(Array.isArray(e.params.allowedValues) ? { allowed: e.params.allowedValues.map(String) } : {}) };
    case 'const':
      return { code: 'not-allowed', ...(e.params.allowedValue !== undefined ? { allowed: [constText(e.params.allowedValue)] } : {}) };
    case 'type':
      return { code: 'type' };
    case 'uniqueItems':
      return { code: 'duplicate' };
    default:
      return { code: 'invalid' };
  }
}

function describeValidation(error: FastifyError): Problem {
  const part = error.validationContext ?? 'body';
  const errors: FieldError[] = ((error.validation ?? []) as AjvError[]).map((e) => {
    let pointer = e.instancePath || '';
    let detail = e.message ?? 'is not valid';
    if (e.keyword === 'additionalProperties') {
      pointer += `/${String(e.params.additionalProperty)}`;
      detail = 'is not a known field';
    } else if (e.keyword === 'required') {
      pointer += `/${String(e.params.missingProperty)}`;
      detail = 'is required';
    }
    return { pointer: `/${part}${pointer}`.replace(/\/$/, ''), detail, ...validationCode(e) };
  });
  const first = errors[0];
  const detail = first ? `${first.pointer.replace(/^\/(body|querystring|params|headers)\/?/, '') || part} ${first.detail}` : error.message;
  return new Problem(400, 'validation', 'The request is not valid', detail, { errors });
}

/** Turns every error a route can throw, Fastify's own included, into problem+json; nothing leaks a stack. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Problem) return sendProblem(reply, request, error);
    if (error.validation) return sendProblem(reply, request, describeValidation(error));
    const status = error.statusCode ?? 500;
    // Multipart parsing errors (no boundary, truncated body) arrive without a status.
    if (status === 500 && /boundary|unexpected end of (form|multipart)|multipart/i.test(error.message)) {
      return sendProblem(
        reply,
        request,
        new Problem(400, 'malformed', 'The request was refused', 'The multipart body is malformed or incomplete.'),
      );
    }
    if (status === 429) {
      return sendProblem(
        reply,
        request,
        new Problem(429, 'rate-limited', 'Too many requests', 'Too many requests; wait a little and try again.'),
      );
    }
    if (status >= 400 && status < 500) {
      const kind =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413
          ? 'too-large'
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415
            ? 'unsupported-media-type'
            : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
              ? 'malformed'
              : 'bad-request';
      const detail = kind === 'malformed' ? 'The body is not valid JSON.' : error.message;
      return sendProblem(reply, request, new Problem(status, kind, 'The request was refused', detail));
    }
    // The route's pattern, not its URL, and the error's safe fields only (see loggerOptions): never a value.
    request.log.error({ err: error, route: request.routeOptions.url ?? 'unmatched', method: request.method }, 'request failed');
    return sendProblem(
      reply,
      request,
      new Problem(500, 'internal', 'Internal error', 'Something went wrong on our side; it has been logged.'),
    );
  });
  const methodsFor = routeMethodTable(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = methodsFor(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return sendProblem(
        reply,
        request,
        new Problem(405, 'method-not-allowed', 'Method not allowed', `This address answers ${allowed.join(', ')}, not ${request.method}.`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    const echoed = echoablePath(request.url);
    return sendProblem(
      reply,
      request,
      new Problem(404, 'not-found', 'Not found', echoed ? `Nothing is at ${request.method} ${echoed}.` : 'Nothing is at this address.'),
    );
  });
}
