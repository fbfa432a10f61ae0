// Moving a pilot from the embedded database to PostgreSQL: the target is migrated with the same migrations,
// then every table is copied parents first, in batches streamed through a cursor, inside one transaction,
// so a failure leaves the target as empty as it was found. Rows travel as JSON text, so every value
// (timestamps to the microsecond, which the audit chain's hashes cover) arrives exactly as it left.
import fs from 'node:fs';
import path from 'node:path';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { openPostgres, streamRows, type Database, type Queryable } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { tallyMedia, type MediaTally } from './archive.ts';
import { appliedMigrations, type Out } from './backup.ts';
import { countDifferences, countRows, listTables, MIGRATIONS_TABLE, quoted, readSequences, type TableInfo } from './tables.ts';

/** Rows fetched from the source at a time, and the most JSON text sent in one insert. */
const FETCH_ROWS = 250;
const INSERT_BYTES = 8 * 1024 * 1024;

export interface MoveReport {
  rowCounts: Record<string, number>;
  sequences: number;
  media?: MediaTally & { to: string };
  audit: { entries: number; headHash: string | null };
}

/** The transaction seen as a database, so the migrations run inside it rather than in one of their own. */
function insideTransaction(tx: Queryable, engine: Database['engine']): Database {
  return {
    engine,
    query: tx.query,
    exec: tx.exec,
    transaction: (work) => work(tx),
    // Nothing listens while a database is moved.
    listen: () => Promise.resolve(() => Promise.resolve()),
    close: () => Promise.resolve(),
  };
}

/** The rows of a table as JSON text, parents before children where the table refers to itself. */
function selectRows(table: TableInfo): string {
  const name = quoted(table.name);
  const order = table.primaryKey.map((column) => `t.${quoted(column)}`);
  if (!table.selfReference)
    return `SELECT row_to_json(t)::text AS row FROM ${name} t${order.length ? ` ORDER BY ${order.join(', ')}` : ''}`;
  const column = quoted(table.selfReference.column);
  const key = quoted(table.selfReference.referenced);
  return `WITH RECURSIVE ordered (key, depth) AS (
      SELECT ${key}, 0 FROM ${name} WHERE ${column} IS NULL OR ${column} = ${key}
      UNION ALL
      SELECT child.${key}, ordered.depth + 1 FROM ${name} child JOIN ordered ON child.${column} = ordered.key WHERE child.${column} <> child.${key}
    )
    SELECT row_to_json(t)::text AS row FROM ${name} t JOIN ordered ON t.${key} = ordered.key ORDER BY ${['ordered.depth', ...order].join(', ')}`;
}

async function insertBatch(tx: Queryable, table: TableInfo, rows: string[]): Promise<void> {
  const columns = table.columns.map(quoted).join(', ');
  const text = `INSERT INTO ${quoted(table.name)} (${columns}) ${table.alwaysIdentity ? 'OVERRIDING SYSTEM VALUE ' : ''}SELECT ${columns} FROM json_populate_recordset(NULL::${quoted(table.name)}, $1::json)`;
  let chunk: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (chunk.length && bytes + row.length > INSERT_BYTES) {
      await tx.query(text, [`[${chunk.join(',')}]`]);
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += row.length;
  }
  if (chunk.length) await tx.query(text, [`[${chunk.join(',')}]`]);
}

/**
 * Copies one table. Its own triggers are off meanwhile: the rows arrive as they are, and a trigger that adds
 * up inserted rows elsewhere (delivery tallies, copied too) must not count them twice.
 */
async function copyTable(source: Database, tx: Queryable, table: TableInfo): Promise<void> {
  await tx.query(`ALTER TABLE ${quoted(table.name)} DISABLE TRIGGER USER`);
  await streamRows<{ row: string }>(source, selectRows(table), [], FETCH_ROWS, (rows) =>
    insertBatch(
      tx,
      table,
      rows.map((r) => r.row),
    ),
  );
  await tx.query(`ALTER TABLE ${quoted(table.name)} ENABLE TRIGGER USER`);
}

async function schemaHasTables(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*)::text AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S')`,
  );
  return Number(rows[0]!.count) > 0;
}

/** Copies the media folder beside its destination, to be renamed into place once the database is in. */
function stageMedia(from: string, to: string): { staging: string; tally: MediaTally } {
  if (tallyMedia(to).files > 0) throw new Error(`${to} is not empty: give an empty or new folder to --media-to`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(to), `.${path.basename(to)}.moving-`));
  if (fs.existsSync(from)) fs.cpSync(from, staging, { recursive: true, filter: (file) => !file.endsWith('.tmp') });
  const tally = tallyMedia(staging);
  const expected = tallyMedia(from);
  if (tally.files !== expected.files || tally.bytes !== expected.bytes) throw new Error(`copying the media to ${to} lost files`);
  return { staging, tally };
}

/**
 * Copies the embedded database `source` (migrated to this version) into the empty PostgreSQL database at
 * `targetUrl`, and the media folder to `mediaTo` when given; checks row counts and the audit chain there.
 */
export async function moveToPostgres(
  source: Database,
  targetUrl: string,
  media: { from: string; to?: string },
  progress: Out,
): Promise<MoveReport> {
  const staged = media.to ? stageMedia(media.from, path.resolve(media.to)) : undefined;
  const target = await openPostgres(targetUrl, { max: 2 });
  try {
    const tables = (await listTables(source)).filter((table) => table.name !== MIGRATIONS_TABLE);
    const names = [MIGRATIONS_TABLE, ...tables.map((table) => table.name)];
    let sequences = 0;
    await target.transaction(async (tx) => {
      if (await schemaHasTables(tx))
        throw new Error('the target database is not empty: give a new, empty database (e.g. "createdb forgetmenot"); nothing was changed');
      await migrate(insideTransaction(tx, 'postgres'));
      const [had, has] = [await appliedMigrations(source), await appliedMigrations(tx)];
      if (had.join() !== has.join()) throw new Error('the embedded database and the target have different migrations; nothing was changed');
      for (const table of tables) {
        progress(`Copying ${table.name}...`);
        await copyTable(source, tx, table);
      }
      for (const sequence of await readSequences(source)) {
        await tx.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoted(sequence.name), sequence.lastValue, sequence.isCalled]);
        sequences += 1;
      }
    });
    const rowCounts = await countRows(source, names);
    const differences = countDifferences(rowCounts, await countRows(target, names));
    const retry = 'drop the target database, create it empty and move again';
    if (differences.length) throw new Error(`the copy does not match the embedded database (${differences.join('; ')}): ${retry}`);
    const verdict = await verifyAuditChain(target);
    if (!verdict.ok)
      throw new Error(`the audit log does not verify in the target at entry ${verdict.brokenAt} (${verdict.problem}): ${retry}`);
    let movedMedia: MoveReport['media'];
    if (staged && media.to) {
      const to = path.resolve(media.to);
      fs.rmSync(to, { recursive: true, force: true });
      fs.renameSync(staged.staging, to);
      movedMedia = { ...staged.tally, to };
    }
    return {
      rowCounts,
      sequences,
      ...(movedMedia ? { media: movedMedia } : {}),
      audit: { entries: verdict.entries, headHash: verdict.headHash },
    };
  } finally {
    await target.close();
    if (staged && fs.existsSync(staged.staging)) fs.rmSync(staged.staging, { recursive: true, force: true });
  }
}
