// A form POST is refused when the browser says it comes from another site (Sec-Fetch-Site, else an
// Origin that is not this site); requests with neither header (old browsers, curl) pass. The same rule
// as the sign-up forms.
import type { FastifyRequest } from 'fastify';
import { Problem } from '../http/problem.ts';

export function isSameSiteRequest(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return true;
  const host = request.headers.host;
  return origin === publicOrigin || (host !== undefined && (origin === `https://${host}` || origin === `http://${host}`));
}

export function refuseCrossSiteForm(request: FastifyRequest, publicOrigin: string): void {
  if (!isSameSiteRequest(request, publicOrigin)) {
    throw new Problem(403, 'cross-site', 'Cross-site form refused', 'This form can only be sent from its own page on this site.');
  }
}
