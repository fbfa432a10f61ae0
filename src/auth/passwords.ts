import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id recommendation (m=19 MiB, t=2, p=1). Algorithm 2 is Argon2id (a const enum in the typings).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the email is unknown, so an unknown account costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Makes the stand-in hash ahead of the first sign-in, so that not even the first unknown account takes longer. */
export function prepareStandInHash(): Promise<string> {
  dummyHash ??= hashPassword('not a real password, only here to spend time');
  dummyHash.catch(() => undefined);
  return dummyHash;
}

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (passwordHash === undefined) {
    await verify(await prepareStandInHash(), password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

export function checkPasswordStrength(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}
