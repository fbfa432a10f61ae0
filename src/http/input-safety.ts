// One check at the edge for every piece of text a request carries: JSON bodies, forms, query strings, path
// parameters and multipart fields alike. PostgreSQL text cannot hold NUL, and its jsonb refuses an unpaired
// UTF-16 surrogate ("\ud800"), so either would fail deep inside a write as a server error; neither is
// anything a person types. The walk is iterative (no nesting is too deep for it) and bounded in the
// number of values it visits, so a hostile body costs no more than a bounded amount of work.

/** More values than any form or API payload holds (an area of two 10,000-vertex polygons is ~60,000). */
export const MAX_INPUT_VALUES = 200_000;

export interface UnsafeInput {
  /** JSON Pointer (RFC 6901) to the value, or to the object holding a refused field name. */
  pointer: string;
  detail: string;
}

// ES2024 (Node 20 has it; the compiler's library here is older).
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** Why a piece of text cannot be stored, or undefined when it can. */
export function unsafeTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (!isWellFormed(text)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The first string or field name anywhere in `value` that cannot be stored, or undefined. */
export function findUnsafeInput(value: unknown, root: string): UnsafeInput | undefined {
  const pending: { value: unknown; pointer: string }[] = [{ value, pointer: root }];
  let visited = 0;
  while (pending.length > 0) {
    const { value: current, pointer } = pending.pop()!;
    if (++visited > MAX_INPUT_VALUES) return { pointer: root, detail: `holds more than ${MAX_INPUT_VALUES} values` };
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current);
      if (reason) return { pointer, detail: reason };
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    for (const key of Object.keys(current)) {
      const reason = unsafeTextReason(key);
      // The refused name itself is not repeated in the answer.
      if (reason) return { pointer, detail: `has a field name that ${reason}` };
      pending.push({ value: (current as Record<string, unknown>)[key], pointer: `${pointer}/${escapePointer(key)}` });
    }
  }
  return undefined;
}
