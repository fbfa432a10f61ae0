// Helpers for the intake tests: multipart bodies as a browser sends them, distinct client networks, and a
// solved proof-of-work challenge of low difficulty (stored directly, as the route would, so tests stay fast).
import type { Queryable } from '../db/database.ts';
import { issuePowChallenge, solvePow } from '../abuse/pow.ts';

export function multipartBody(
  fields: Record<string, string>,
  files: { field: string; filename: string; type: string; bytes: Buffer }[] = [],
) {
  const boundary = 'intakeboundary9c2e';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

let networkCounter = 0;
/** A client address on a network of its own, so that no test eats another's allowance. */
export function freshClientAddress(): string {
  networkCounter++;
  return `10.${100 + Math.floor(networkCounter / 250)}.${networkCounter % 250}.7`;
}

export async function solvedChallenge(db: Queryable, now: Date, difficulty = 4): Promise<{ powId: string; powNonce: string }> {
  const challenge = await issuePowChallenge(db, now, difficulty);
  return { powId: challenge.id, powNonce: solvePow(challenge.id, difficulty) };
}

export function uniqueKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}xx`.padEnd(20, 'x');
}

export const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
