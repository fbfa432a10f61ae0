// Time-based one-time passwords (RFC 6238), as any authenticator app shows them.
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = 'staff'): TOTP {
  return new TOTP({
    issuer: 'Forget-me-not',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

export function currentTotpCode(secret: string, now: Date): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}

/**
 * Checks a code allowing one step of clock drift either way. Returns the time step it matched, which the
 * caller stores so the same code cannot be replayed; undefined when the code is wrong or already used.
 */
export function checkTotpCode(secret: string, code: string, now: Date, lastUsedStep: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  return step > lastUsedStep ? step : undefined;
}
