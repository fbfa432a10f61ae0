// A body in a media type the route does not take is refused as 415 before it is validated, so the
// answer says what to send instead of describing how a form or a text body fails a JSON schema.
// A route takes what its schema's `consumes` lists (also what OpenAPI publishes), or JSON when it has a
// body schema; routes with neither read their body themselves.
import type { FastifyInstance } from 'fastify';
import { Problem } from './problem.ts';

function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function accepts(accepted: readonly string[], mediaType: string): boolean {
  return accepted.some(
    (type) => type === mediaType || (type === 'application/json' && /^application\/[a-z0-9.+-]+\+json$/.test(mediaType)),
  );
}

export function installMediaTypeCheck(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined) return done();
    const schema = request.routeOptions.schema as { body?: unknown; consumes?: string[] } | undefined;
    const accepted = schema?.consumes ?? (schema?.body ? ['application/json'] : undefined);
    if (accepted === undefined || accepts(accepted, mediaTypeOf(contentType))) return done();
    done(
      new Problem(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${accepted.join(' or ')}.`, {
        headers: { Accept: accepted.join(', ') },
      }),
    );
  });
}
