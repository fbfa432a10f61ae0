// What of an error may reach a log. Errors carry the data that caused them: PostgreSQL's (pg and PGlite)
// hold the statement's parameters, `detail` ("Key (email)=(…)"), `where`, and often the failing value in
// the message itself ('invalid input syntax for type timestamp: "…"'); Node's own messages quote
// arguments. A witness's name and phone number must never end up in a log, so deny by default: only the
// error's class, its codes, the names of the constraint, table and column, and the code locations of its
// stack are kept. Never the message.

const SQLSTATE = /^[0-9A-Z]{5}$/;
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_.$-]{0,62}$/;
const CAUSE_DEPTH = 3;

export interface SafeError {
  type: string;
  /** SQLSTATE for database errors; a Node or library code (ECONNREFUSED, FST_…) otherwise. */
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  /** The frames of the stack ("at file:line"), without the message line. */
  stack?: string;
  cause?: SafeError;
}

const produced = new WeakSet<object>();

function safeName(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_NAME.test(value) ? value : undefined;
}

function frames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n').filter((line) => /^\s+at [^\n]*$/.test(line) && !line.includes('"'));
  return lines.length ? lines.slice(0, 15).join('\n') : undefined;
}

/** The parts of an error that may be logged. Anything else (a string, an object) is reduced to its type. */
export function safeError(error: unknown, depth = 0): SafeError {
  if (error !== null && typeof error === 'object' && produced.has(error)) return error as SafeError;
  if (error === null || typeof error !== 'object') {
    const result: SafeError = { type: error === null ? 'null' : typeof error };
    produced.add(result);
    return result;
  }
  const raw = error as Record<string, unknown>;
  const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
  // PGlite's DatabaseError is minified to a one-letter class name: SQLSTATE tells it apart.
  const isDatabase = typeof raw.code === 'string' && SQLSTATE.test(raw.code) && ('severity' in raw || 'routine' in raw);
  const type = isDatabase ? 'DatabaseError' : (safeName(raw.name) ?? safeName(constructorName) ?? 'Error');
  const result: SafeError = { type };
  const code = typeof raw.code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(raw.code) ? raw.code : undefined;
  if (code) result.code = code;
  for (const key of ['constraint', 'table', 'column', 'routine'] as const) {
    const value = safeName(raw[key]);
    if (value) result[key] = value;
  }
  const stack = frames(raw.stack);
  if (stack) result.stack = stack;
  if (depth < CAUSE_DEPTH && raw.cause !== undefined) result.cause = safeError(raw.cause, depth + 1);
  produced.add(result);
  return result;
}

/** One line for a person at a terminal: the class and codes, never the message. */
export function describeSafely(error: unknown): string {
  const safe = safeError(error);
  const names = [safe.code, safe.constraint && `constraint ${safe.constraint}`, safe.column && `column ${safe.column}`].filter(Boolean);
  return names.length ? `${safe.type} (${names.join(', ')})` : safe.type;
}

function isError(value: unknown): boolean {
  return value instanceof Error || (value !== null && typeof value === 'object' && 'stack' in value && 'message' in value);
}

/**
 * pino options that keep errors safe wherever they are logged: under `err` (the serializer), under any
 * other key of the log object (the log formatter), or as the first argument, whose message pino would
 * otherwise make the line's `msg` (the log method hook).
 */
export function safeErrorLogging() {
  return {
    serializers: { err: safeError },
    formatters: {
      log(object: Record<string, unknown>) {
        let copy: Record<string, unknown> | undefined;
        for (const [key, value] of Object.entries(object)) {
          if (key !== 'err' && isError(value)) {
            copy ??= { ...object };
            copy[key] = safeError(value);
          }
        }
        return copy ?? object;
      },
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
        const [first, ...rest] = args;
        if (isError(first)) {
          // pino would log the error's message as `msg`; keep the caller's message only if they gave one.
          const message = typeof rest[0] === 'string' && rest[0] !== (first as Error).message ? rest[0] : 'error';
          return method.apply(this, [{ err: first }, message]);
        }
        if (first !== null && typeof first === 'object' && typeof rest[0] === 'string') {
          // Fastify's default handlers log an error with its own message as the line's text.
          const errors = Object.values(first).filter(isError) as Error[];
          if (errors.some((error) => error.message && (rest[0] as string).includes(error.message))) {
            return method.apply(this, [first, 'error', ...rest.slice(1)]);
          }
        }
        return method.apply(this, args);
      },
    },
  };
}
