// Public responses that caches may keep briefly: pages, feeds, photos.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

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
  vary = 'Accept-Language',
) {
  const etag = knownEtag ?? `"${createHash('sha1').update(body).digest('base64url')}"`;
  reply.header('ETag', etag);
  // No stale-while-revalidate: a withdrawn appeal must leave shared caches within the minute.
  reply.header('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  reply.header('Vary', vary);
  if (status === 200 && request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.status(status).type(contentType).send(body);
}
