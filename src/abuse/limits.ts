// Rate limits for the public intake forms and API: per client address and per network, and a stricter
// one for form posts sent without a proof-of-work solution (browsers without JavaScript).
//
// Only accepted submissions use the allowance: a witness who mistypes a phone number four times can still
// send their sightings. The count is in the database (allowance.ts), so every process shares it. Refused
// attempts are only held to a much larger ceiling per address, kept in each process's memory: a flood
// guard, not an allowance a person could run into.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/database.ts';
import { Problem } from '../http/problem.ts';
import { allowanceKeys, allowanceUsed, useAllowance, type AllowanceKeys } from './allowance.ts';
import { addressKey } from './network.ts';

export interface IntakeLimits {
  perAddress: number;
  perNetwork: number;
  /** Submissions without a proof-of-work solution, per address. */
  withoutProofOfWork: number;
  /** Attempts of any kind, accepted or refused, per address and process: the flood guard. */
  attemptsPerAddress: number;
  /** Window of every limit, in milliseconds. */
  windowMs: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  perAddress: 10,
  perNetwork: 60,
  withoutProofOfWork: 3,
  attemptsPerAddress: 100,
  windowMs: 60 * 60 * 1000,
};

const tooMany = () =>
  new Problem(
    429,
    'rate-limited',
    'Too many requests',
    'Too many submissions from your connection; wait a while and try again, or call 116 000.',
  );

// `isAllowed` only says a request is on the allow list; whether a limit is passed is `isExceeded`.
const exceeded = (result: { isAllowed: boolean; isExceeded?: boolean }) => !result.isAllowed && result.isExceeded === true;

/** What a checked request may use once it is accepted. */
export interface IntakeAllowance {
  keys: AllowanceKeys;
  withoutProofOfWork: boolean;
}

/** Checks that throw a 429 Problem when a limit is passed; `name` keeps the counters of each form apart. */
export function intakeLimiter(app: FastifyInstance, name: string, limits: IntakeLimits) {
  const attempts = app.createRateLimit({
    max: limits.attemptsPerAddress,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `${name}:attempts:${addressKey(request.ip)}`,
  });
  return {
    /** Before a submission is looked at: refused when the allowance of accepted ones is used up. */
    async check(
      db: Queryable,
      request: FastifyRequest,
      now: Date,
      options: { withoutProofOfWork?: boolean } = {},
    ): Promise<IntakeAllowance> {
      if (exceeded(await attempts(request))) throw tooMany();
      const keys = await allowanceKeys(db, request.ip, now);
      const used = await allowanceUsed(db, name, keys, new Date(now.getTime() - limits.windowMs));
      const withoutProofOfWork = options.withoutProofOfWork === true;
      if (used.address >= limits.perAddress || used.network >= limits.perNetwork) throw tooMany();
      if (withoutProofOfWork && used.withoutProofOfWork >= limits.withoutProofOfWork) throw tooMany();
      return { keys, withoutProofOfWork };
    },
    /** Once accepted, inside the transaction that stores it (or on its own for an answer that stores nothing). */
    async use(tx: Queryable, allowance: IntakeAllowance, now: Date): Promise<void> {
      await useAllowance(tx, name, allowance.keys, allowance.withoutProofOfWork, now);
    },
  };
}
