// PostgreSQL's own tools (pg_dump, pg_restore) run for us. The connection goes to them through PG*
// environment variables, never on the command line, where any user of the machine could read a password.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export type PostgresTool = 'pg_dump' | 'pg_restore';

// The parameters of a connection URL that libpq also takes from the environment.
const PARAMETER_VARIABLES: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  host: 'PGHOST',
  port: 'PGPORT',
};

/** The PG* variables that connect libpq's tools to the database of a postgres:// URL. */
export function postgresEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  if (parsed.hostname) env.PGHOST = decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, ''));
  if (parsed.port) env.PGPORT = parsed.port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  for (const [key, value] of parsed.searchParams) {
    const variable = PARAMETER_VARIABLES[key];
    if (!variable)
      throw new Error(
        `the database URL's parameter "${key}" is not one the PostgreSQL tools can be given here; use ${Object.keys(PARAMETER_VARIABLES).join(', ')}`,
      );
    env[variable] = value;
  }
  return env;
}

/**
 * Where a tool is: PG_BINDIR's copy when set, else the one on PATH. Its major version must be at least the
 * server's (pg_dump refuses a newer server), so a mismatch is said plainly with what to do.
 */
export function locateTool(
  tool: PostgresTool,
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): { command: string; version: string; major: number } {
  const command = env.PG_BINDIR ? path.join(env.PG_BINDIR, tool) : tool;
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${tool} was not found${env.PG_BINDIR ? ` in PG_BINDIR (${env.PG_BINDIR})` : ' on PATH'}: install the PostgreSQL ${serverMajor} client tools (e.g. "apt install postgresql-client-${serverMajor}") or set PG_BINDIR to the folder that holds ${tool}`,
    );
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(probe.stdout)?.[1]);
  if (!(major >= serverMajor)) {
    throw new Error(
      `${command} is version ${major}, older than the PostgreSQL ${serverMajor} server: install the PostgreSQL ${serverMajor} client tools or set PG_BINDIR to the folder of a ${tool} of version ${serverMajor} or later`,
    );
  }
  return { command, version: probe.stdout.trim(), major };
}

/** The major version of the server a connection reaches. */
export async function serverMajorVersion(db: { query<R>(text: string): Promise<{ rows: R[] }> }): Promise<number> {
  const { rows } = await db.query<{ version: string }>("SELECT current_setting('server_version_num') AS version");
  return Math.floor(Number(rows[0]!.version) / 10000);
}

/**
 * Runs a tool with the connection in its environment. Its messages are passed on without DETAIL and CONTEXT
 * lines, which can quote the data of a failing row.
 */
export function runTool(command: string, args: string[], connection: Record<string, string>, err: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...connection }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      for (const line of errors.split('\n')) if (line.trim() && !/^\s*(DETAIL|CONTEXT|LINE \d+|HINT):/.test(line)) err(line);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} failed (exit code ${code})`));
    });
  });
}
