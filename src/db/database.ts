// One SQL dialect, two engines: embedded PGlite (nothing to install) or PostgreSQL through node-postgres.
// Everything above this file sees only `Database`, so the same queries and migrations run on both.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { postgresListener, type PostgresListener } from './listener.ts';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Names a statement run many times a second (the dispatch queue's claims and outcomes): PostgreSQL
   * then parses it once per connection and can keep its plan, instead of planning it every time. The
   * same name must always go with the same text. PGlite plans every statement anyway.
   */
  prepare?: string;
}

/** A statement with its parameters numbered, as the `sql` tag (`src/db/sql.ts`) builds it. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

export interface Queryable {
  /** Runs one statement: SQL text with `$n` parameters, or a `Statement` from the `sql` tag (then no params). */
  query<R = Record<string, unknown>>(
    this: void,
    statement: string | Statement,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(this: void, sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after each commit that notified `channel` (pg_notify), from any process on this
   * database, and after the listening connection was lost and came back; resolves, with a way to stop, once
   * listening. Use it through src/wake/wake.ts.
   */
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

function asStatement(statement: string | Statement, params: readonly unknown[]): Statement {
  if (typeof statement === 'string') return { text: statement, values: params };
  if (params.length > 0) throw new Error('A statement from the sql tag carries its own parameters');
  return statement;
}

// Both engines return the same JavaScript types: int8 as a number while it is exactly one (counts,
// sequence numbers), as a bigint beyond 2^53 (H3 cell indexes: a rounded cell would be another cell);
// `date` as the 'YYYY-MM-DD' string it is (never a Date shifted by the local zone).
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (value: string): number | bigint => {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : BigInt(value);
};
const parseDate = (value: string) => value;

/**
 * A database error without the data that caused it. pg's and PGlite's errors carry the statement's
 * parameters, `detail` ("Key (email)=(…) already exists"), `where`, and often the failing value in the
 * message; whatever logs or prints an error later must not be able to leak them. Only the SQLSTATE and
 * the names of the constraint, table and column are kept, and the message only for the classes whose
 * messages name parts of the statement rather than values (syntax, connection, resources, deadlocks),
 * and our own triggers' refusals (P0001: the migrations' RAISE texts name no values; keep it so).
 */
export class DatabaseError extends Error {
  readonly code: string;
  readonly severity?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly routine?: string;

  constructor(original: {
    code: string;
    message?: unknown;
    severity?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
    routine?: unknown;
  }) {
    const keepsMessage = /^(08|40|42|53|57)|^P0001$/.test(original.code) && typeof original.message === 'string';
    super(keepsMessage ? (original.message as string) : `the database refused the statement (SQLSTATE ${original.code})`);
    this.name = 'DatabaseError';
    this.code = original.code;
    const name = (value: unknown) => (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_.$]{0,62}$/.test(value) ? value : undefined);
    this.severity = name(original.severity);
    this.constraint = name(original.constraint);
    this.table = name(original.table);
    this.column = name(original.column);
    this.routine = name(original.routine);
  }
}

/** The error to rethrow: a server's error is replaced by a `DatabaseError`; others (a lost connection) pass. */
export function withoutDatabaseValues(error: unknown): unknown {
  if (error instanceof DatabaseError || error === null || typeof error !== 'object') return error;
  const raw = error as { code?: unknown; severity?: unknown; params?: unknown; detail?: unknown };
  if (typeof raw.code === 'string' && /^[0-9A-Z]{5}$/.test(raw.code) && ('severity' in raw || 'params' in raw || 'detail' in raw)) {
    return new DatabaseError(raw as { code: string });
  }
  return error;
}

async function safely<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withoutDatabaseValues(error);
  }
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lite = await PGlite.create({
    dataDir,
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: parseDate },
    // Trigram similarity finds misspelt names in the national register, as on PostgreSQL.
    extensions: { pg_trgm },
  });
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<R>(statement: string | Statement, params: readonly unknown[] = []) {
      const { text, values } = asStatement(statement, params);
      const result = await safely(() => q.query<R>(text, [...values]));
      // PGlite counts only written rows in affectedRows (0 for a SELECT); node-postgres counts returned ones too.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    async exec(sql: string) {
      await safely(() => q.exec(sql));
    },
  });
  const root = wrap(lite);
  return {
    engine: 'pglite',
    query: root.query,
    exec: root.exec,
    // Errors of the work itself pass through; those of BEGIN and COMMIT lose their values too.
    transaction: (work) => safely(() => lite.transaction((tx) => work(wrap(tx)))),
    // One process owns the embedded database, so its own notifications are all there is to hear.
    async listen(channel, listener) {
      const unlisten = await lite.listen(channel, () => listener());
      return () => unlisten();
    },
    close: () => lite.close(),
  };
}

export async function openPostgres(url: string, options: { searchPath?: string; max?: number } = {}): Promise<Database> {
  const typeParsers: pg.CustomTypesConfig = {
    getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
      if (oid === INT8) return parseInt8;
      if (oid === DATE) return parseDate;
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    },
  };
  const connection = {
    connectionString: url,
    types: typeParsers,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
  };
  const pool = new pg.Pool({ ...connection, max: options.max ?? 10 });
  // Opened at the first listen: processes that never listen (one-off commands) never hold it.
  let listener: PostgresListener | undefined;
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await safely(() => pool.query('SELECT 1'));
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(statement: string | Statement, params: readonly unknown[] = [], options: QueryOptions = {}) {
      const { text, values } = asStatement(statement, params);
      const result = await safely(() =>
        options.prepare ? q.query({ name: options.prepare, text, values: [...values] }) : q.query(text, [...values]),
      );
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      // Without parameters node-postgres uses the simple protocol, which accepts several statements.
      await safely(() => q.query(sql));
    },
  });
  const root = wrap(pool);
  return {
    engine: 'postgres',
    query: root.query,
    exec: root.exec,
    async transaction(work) {
      const client = await safely(() => pool.connect());
      try {
        await safely(() => client.query('BEGIN'));
        const result = await work(wrap(client));
        await safely(() => client.query('COMMIT'));
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, onNotify) => (listener ??= postgresListener(connection)).listen(channel, onNotify),
    async close() {
      await listener?.close();
      await pool.end();
    },
  };
}

/** Resolves once the database answers a trivial statement; rejects if it cannot. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

export function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(path.join(config.dataDir, 'pglite'));
}

/**
 * Streams the rows of a query in batches through a server-side cursor, so a million rows never sit in memory.
 * Plain DECLARE/FETCH works the same on PGlite and PostgreSQL.
 */
export async function streamRows<R>(
  db: Database,
  text: string,
  params: readonly unknown[],
  batchSize: number,
  onBatch: (rows: R[]) => Promise<void> | void,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DECLARE stream_cursor NO SCROLL CURSOR FOR ${text}`, params);
    for (;;) {
      const { rows } = await tx.query<R>(`FETCH ${Math.max(1, Math.floor(batchSize))} FROM stream_cursor`);
      if (rows.length === 0) break;
      await onBatch(rows);
    }
    await tx.query('CLOSE stream_cursor');
  });
}
