// Rate limits for the public intake forms and API: per client address and per network, and a stricter
// one for form posts sent without a proof-of-work solution (browsers without JavaScript).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../http/problem.ts';
import { addressKey, networkKey } from './network.ts';

export interface IntakeLimits {
  perAddress: number;
  perNetwork: number;
  /** Submissions without a proof-of-work solution, per address. */
  withoutProofOfWork: number;
  /** Window of every limit, in milliseconds. */
  windowMs: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { perAddress: 10, perNetwork: 60, withoutProofOfWork: 3, windowMs: 60 * 60 * 1000 };

const tooMany = () => new Problem(429, 'rate-limited', 'Too many requests', 'Too many submissions from your connection; wait a while and try again, or call 116 000.');

// `isAllowed` only says a request is on the allow list; whether a limit is passed is `isExceeded`.
const exceeded = (result: { isAllowed: boolean; isExceeded?: boolean }) => !result.isAllowed && result.isExceeded === true;

/** Checks that throw a 429 Problem when a limit is passed; `name` keeps the counters of each form apart. */
export function intakeLimiter(app: FastifyInstance, name: string, limits: IntakeLimits) {
  const byAddress = app.createRateLimit({ max: limits.perAddress, timeWindow: limits.windowMs, keyGenerator: (request) => `${name}:${addressKey(request.ip)}` });
  const byNetwork = app.createRateLimit({ max: limits.perNetwork, timeWindow: limits.windowMs, keyGenerator: (request) => `${name}:${networkKey(request.ip)}` });
  const withoutPow = app.createRateLimit({ max: limits.withoutProofOfWork, timeWindow: limits.windowMs, keyGenerator: (request) => `${name}:nopow:${addressKey(request.ip)}` });
  return {
    async check(request: FastifyRequest, options: { withoutProofOfWork?: boolean } = {}): Promise<void> {
      if (exceeded(await byAddress(request))) throw tooMany();
      if (exceeded(await byNetwork(request))) throw tooMany();
      if (options.withoutProofOfWork && exceeded(await withoutPow(request))) throw tooMany();
    },
  };
}
