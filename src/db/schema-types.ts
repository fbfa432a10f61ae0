// Writes the TypeScript row type of every table from the migrated schema, so that row types are checked
// against the database: a column renamed or dropped in a migration breaks the build wherever code still names
// it. `npm run db:types` regenerates `src/db/schema.ts`; a test fails when the file and the migrations differ.
import type { Queryable } from './database.ts';

interface ColumnRow {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

// int8 arrives as a number while it is exactly one (sequence numbers, ids) and as a bigint beyond 2^53
// (database.ts). These int8 columns hold H3 cell indexes, which are always beyond it.
const H3_CELL_COLUMNS = new Set([
  'alert_area_ranges.low',
  'alert_area_ranges.high',
  'dispatch_jobs.range_cursor',
  'subscriber_cells.cell',
  'screens.cells',
]);

const SCALARS: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  varchar: 'string',
  citext: 'string',
  inet: 'string',
  date: 'string',
  timestamptz: 'Date',
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'string',
  bool: 'boolean',
  jsonb: 'unknown',
  json: 'unknown',
  bytea: 'Uint8Array',
};

function columnType(column: ColumnRow): string {
  const isArray = column.udt_name.startsWith('_');
  const udt = isArray ? column.udt_name.slice(1) : column.udt_name;
  const scalar = H3_CELL_COLUMNS.has(`${column.table_name}.${column.column_name}`) ? 'bigint' : SCALARS[udt];
  if (scalar === undefined)
    throw new Error(`No TypeScript type for column ${column.table_name}.${column.column_name} of type ${column.udt_name}`);
  const type = isArray ? `${scalar}[]` : scalar;
  return column.is_nullable === 'YES' && type !== 'unknown' ? `${type} | null` : type;
}

/** The text of `src/db/schema.ts` for the schema `db` has migrated. */
export async function schemaTypesSource(db: Queryable): Promise<string> {
  const { rows } = await db.query<ColumnRow>(
    `SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.column_name`,
  );
  const tables = new Map<string, string[]>();
  for (const column of rows) {
    const lines = tables.get(column.table_name) ?? [];
    lines.push(`    ${column.column_name}: ${columnType(column)};`);
    tables.set(column.table_name, lines);
  }
  const body = [...tables].map(([table, lines]) => `  ${table}: {\n${lines.join('\n')}\n  };`).join('\n');
  return `// Generated from the migrated schema by \`npm run db:types\` (src/db/schema-types.ts): do not edit by hand.
// Queries type their rows from these, e.g. \`Row<'cases', 'id' | 'reference'>\`, so a column a migration
// renames or drops breaks the build wherever it is still named.

export interface Tables {
${body}
}

export type TableName = keyof Tables;

/** Some columns of a table's row (all of them without a second argument). */
export type Row<T extends TableName, K extends keyof Tables[T] = keyof Tables[T]> = Pick<Tables[T], K>;
`;
}
