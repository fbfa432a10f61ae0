// Security headers on every response: pages, API answers, files, problem details (401s and 404s
// included), Fastify's own refusals and the server-sent event streams that write their own head.
// They are set on the raw response when a request arrives, before any hook can refuse it; Node merges
// them into the head it writes, and a header a route sets itself (a page's own Content-Security-Policy)
// takes precedence over the default here.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** For responses that carry none of their own (JSON, files, errors): nothing may load, frame or submit. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// Geolocation only for "use my location" on our own pages; nothing else a page could ask a browser for.
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(self), payment=(), usb=(), serial=(), bluetooth=(), hid=(), display-capture=()';
// A year; subdomains are left out, since the service may sit under a force's domain that has other sites.
const HSTS = 'max-age=31536000';

export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': DEFAULT_CSP,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    ...(options.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}

export function applySecurityHeaders(response: ServerResponse, headers: Record<string, string>): void {
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(headers)) if (!response.hasHeader(name)) response.setHeader(name, value);
}

/** Must be the first onRequest hook, so that a request refused by a later one (a 401) has them too. */
export function installSecurityHeaders(app: FastifyInstance, headers: Record<string, string>): void {
  app.addHook('onRequest', (_request, reply, done) => {
    applySecurityHeaders(reply.raw, headers);
    done();
  });
}
