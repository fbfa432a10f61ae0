// What a backup or a move has to carry: the tables of the database's schema in an order that keeps
// every foreign key satisfied, their row counts, and their sequences. Read from the catalogue, so a
// table a later migration adds is carried without anyone listing it here.

/** The little both engines' clients (ours and PGlite's own) offer. */
export interface RowSource {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface TableInfo {
  name: string;
  /** Columns to write (generated ones are left out: the database computes them). */
  columns: string[];
  /** Whether a column is GENERATED ALWAYS AS IDENTITY, so inserts must override it. */
  alwaysIdentity: boolean;
  /** A one-column reference to the table itself (a jurisdiction's parent), for parent-first order. */
  selfReference?: { column: string; referenced: string };
  /** The primary key's columns, for a stable order. */
  primaryKey: string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Quotes a name read from the catalogue; anything unexpected stops the work rather than reach SQL. */
export function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`unexpected name in the database schema: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** schema_migrations is written by the migrations themselves and compared, not copied. */
export const MIGRATIONS_TABLE = 'schema_migrations';

async function tableNames(db: RowSource): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

/** Every table of the current schema, parents before children. */
export async function listTables(db: RowSource): Promise<TableInfo[]> {
  const names = await tableNames(db);
  const { rows: columns } = await db.query<{ table_name: string; column_name: string; generated: string; identity: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, a.attgenerated::text AS generated, a.attidentity::text AS identity
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
  );
  const { rows: keys } = await db.query<{ child: string; parent: string; kind: string; columns: string[]; referenced: string[] }>(
    `SELECT c.relname AS child, p.relname AS parent, k.contype::text AS kind,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS referenced
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_class p ON p.oid = k.confrelid
     WHERE n.nspname = current_schema() AND k.contype IN ('f', 'p')`,
  );
  const tables = new Map<string, TableInfo>();
  for (const name of names) {
    const own = columns.filter((column) => column.table_name === name);
    const selfKeys = keys.filter((key) => key.kind === 'f' && key.child === name && key.parent === name);
    if (selfKeys.some((key) => key.columns.length !== 1))
      throw new Error(`table ${name} refers to itself through several columns; it cannot be copied in order`);
    const self = selfKeys[0];
    if (selfKeys.length > 1) throw new Error(`table ${name} refers to itself more than once; it cannot be copied in order`);
    tables.set(name, {
      name,
      columns: own.filter((column) => column.generated === '').map((column) => column.column_name),
      alwaysIdentity: own.some((column) => column.identity === 'a'),
      ...(self ? { selfReference: { column: self.columns[0]!, referenced: self.referenced[0]! } } : {}),
      primaryKey: keys.find((key) => key.kind === 'p' && key.child === name)?.columns ?? [],
    });
  }
  // Parents first: a depth-first walk over each table's parents.
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new Error(`tables refer to each other in a circle (${[...path, name].join(' → ')}); they cannot be copied in order`);
    state.set(name, 'visiting');
    for (const key of keys)
      if (key.kind === 'f' && key.child === name && key.parent !== name && tables.has(key.parent)) visit(key.parent, [...path, name]);
    state.set(name, 'done');
    ordered.push(tables.get(name)!);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

/** The rows of each table, by name. */
export async function countRows(db: RowSource, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of tables) {
    const { rows } = await db.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${quoted(name)}`);
    counts[name] = Number(rows[0]!.count);
  }
  return counts;
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/** Where every sequence of the schema stands (the next case reference, the identity columns). */
export async function readSequences(db: RowSource): Promise<SequenceState[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const states: SequenceState[] = [];
  for (const { name } of rows) {
    const {
      rows: [state],
    } = await db.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${quoted(name)}`);
    states.push({ name, lastValue: state!.last_value, isCalled: state!.is_called });
  }
  return states;
}

/** The names of tables whose counts differ, with both counts; empty when they agree. */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names
    .filter((name) => expected[name] !== actual[name])
    .map((name) => `${name}: expected ${expected[name] ?? 'no table'}, found ${actual[name] ?? 'no table'}`);
}
