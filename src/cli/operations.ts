// Keeping the database: "forgetmenot migrate", "seed", "backup", "restore", "move-to-postgres",
// "audit verify" and "dispatch status".
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/database.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { auditHashInLog } from '../audit/head.ts';
import { alertExists } from '../alerts/exists.ts';
import { dispatchProgress, dispatchSettled, formatProgressBars } from '../dispatch/progress.ts';
import { ensureReferenceGazetteer } from '../geo/reference-gazetteer.ts';
import { backup } from '../backup/backup.ts';
import { restore } from '../backup/restore.ts';
import { moveToPostgres } from '../backup/move.ts';
import { describeBackup, describeMove } from '../backup/describe.ts';
import { databaseIsEmpty, formatDemoAccounts, seedDemo, writeDemoCredentials } from '../seed/demo.ts';
import { seedHistory } from '../profiles/synthetic-history.ts';
import { runRetention } from '../retention/run.ts';
import { withRuntime, type CommandContext } from './command.ts';

export async function migrateCommand({ config, out }: CommandContext): Promise<number> {
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db);
    out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    const places = await ensureReferenceGazetteer(db);
    if (places.loaded) out(`Loaded the gazetteer: ${places.places} places (GeoNames, CC BY 4.0).`);
  } finally {
    await db.close();
  }
  return 0;
}

export async function seed(context: CommandContext): Promise<number> {
  const { config, values, out, err } = context;
  if (!values.demo && values['history-years'] === undefined) {
    err('forgetmenot seed: say --demo, --history-years N, or both.');
    return 2;
  }
  const history = historyOptions(values, err);
  if (history === null) return 2;
  return withRuntime(config, async ({ db, media }) => {
    if (values.demo) {
      if (!(await databaseIsEmpty(db))) {
        err('forgetmenot seed: the database already has data; demo data goes into an empty database only.');
        return 1;
      }
      const accounts = await seedDemo({ db, media, clock: () => new Date(), config });
      writeDemoCredentials(config.dataDir, accounts);
      out(formatDemoAccounts(accounts, new Date()));
    }
    if (!history) return 0;
    const started = Date.now();
    const seeded = await seedHistory(db, { ...history, now: new Date() });
    if (!seeded) {
      err('forgetmenot seed: a synthetic history is already stored; it is made once.');
      return 1;
    }
    out(
      `Generated a fictional history of ${seeded.episodes.toLocaleString('en-GB')} episodes over ${history.years === 1 ? '1 year' : `${history.years} years`} in ${seeded.forces} force areas, marked synthetic (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    return 0;
  });
}

/** --history-years and --history-scale: undefined when not asked, null (after saying why) when wrong. */
function historyOptions(
  values: CommandContext['values'],
  err: (line: string) => void,
): { years: number; scale: number } | undefined | null {
  if (values['history-years'] === undefined) return undefined;
  const years = Number(values['history-years']);
  const scale = values['history-scale'] === undefined ? 1 : Number(values['history-scale']);
  if (!Number.isInteger(years) || years < 1 || years > 20) {
    err('forgetmenot seed: --history-years takes a whole number of years from 1 to 20.');
    return null;
  }
  if (!Number.isFinite(scale) || scale <= 0 || scale > 2) {
    err(
      'forgetmenot seed: --history-scale takes a fraction of the national scale, above 0 and at most 2 (1 is about 215,000 episodes a year).',
    );
    return null;
  }
  return { years, scale };
}

export async function backupCommand({ config, values, out, err }: CommandContext): Promise<number> {
  if (!values.to) {
    err('forgetmenot backup: give --to FILE');
    return 2;
  }
  const manifest = await backup(
    { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
    values.to,
    { force: values.force === true },
    err,
  );
  out(`Backed up ${describeBackup(manifest)} to ${values.to}.`);
  return 0;
}

export async function restoreCommand({ config, values, out, err }: CommandContext): Promise<number> {
  if (!values.from) {
    err('forgetmenot restore: give --from FILE');
    return 2;
  }
  const manifest = await restore(
    { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
    values.from,
    { force: values.force === true },
    err,
  );
  out(
    `Restored ${describeBackup(manifest)} into ${config.databaseUrl ? `the database and ${config.dataDir}` : config.dataDir}; every table's rows and the photos were checked.`,
  );
  out('Run "forgetmenot audit verify" next, and compare its head with the one you kept.');
  return 0;
}

/** The PostgreSQL database to move into, or the refusal to print (exit 2). */
function moveTarget({ config, values }: CommandContext): { target: string } | { refusal: string } {
  const target = values.to ?? config.databaseUrl;
  if (!target) return { refusal: 'give --to postgres://USER@HOST:PORT/DATABASE, or set DATABASE_URL' };
  let password: string;
  try {
    const parsed = new URL(target);
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('protocol');
    password = parsed.password;
  } catch {
    return { refusal: '--to must be a postgres:// URL' };
  }
  if (values.to !== undefined && password) {
    return {
      refusal: 'leave the password out of --to (other users of the machine can read command lines); set PGPASSWORD or use ~/.pgpass',
    };
  }
  return { target };
}

export async function moveToPostgresCommand(context: CommandContext): Promise<number> {
  const { config, values, out, err } = context;
  const chosen = moveTarget(context);
  if ('refusal' in chosen) {
    err(`forgetmenot move-to-postgres: ${chosen.refusal}`);
    return 2;
  }
  if (!fs.existsSync(path.join(config.dataDir, 'pglite', 'PG_VERSION'))) {
    err(`forgetmenot move-to-postgres: ${config.dataDir} (DATA_DIR) holds no embedded database`);
    return 1;
  }
  const mediaTo = values['media-to'];
  return withRuntime({ ...config, databaseUrl: undefined }, async ({ db }) => {
    const report = await moveToPostgres(
      db,
      chosen.target,
      { from: path.join(config.dataDir, 'media'), ...(mediaTo ? { to: mediaTo } : {}) },
      () => undefined,
    );
    for (const line of describeMove(report, path.join(config.dataDir, 'media'))) out(line);
    return 0;
  });
}

export function auditVerify({ config, values, out }: CommandContext): Promise<number> {
  return withRuntime(config, async ({ db }) => {
    const verdict = await verifyAuditChain(db);
    if (!verdict.ok) {
      out(`BROKEN at entry ${verdict.brokenAt}: ${verdict.problem} (${verdict.entries} entries read)`);
      return 1;
    }
    const expected = values['expect-head'];
    if (expected && expected !== verdict.headHash) {
      const known = await auditHashInLog(db, expected);
      out(
        known
          ? `OK: ${verdict.entries} entries; the expected head is in the chain and newer entries follow it. Head: ${verdict.headHash}`
          : `BROKEN: the expected head ${expected} is not in the log: entries were removed from the end.`,
      );
      return known ? 0 : 1;
    }
    out(`OK: ${verdict.entries} entries, every hash and link intact. Head: ${verdict.headHash}`);
    if (verdict.erasedDetails > 0)
      out(`The reasons and addresses of ${verdict.erasedDetails} entries were erased; only their digests remain.`);
    return 0;
  });
}

export function retentionRun({ config, out }: CommandContext): Promise<number> {
  return withRuntime(config, async ({ db, media }) => {
    const results = await runRetention({ db, media, clock: () => new Date() }, { actorId: null, actor: 'system', ip: null });
    for (const result of results) {
      out(
        `${result.kind}: ${result.done} ${result.action === 'delete' ? 'deleted' : 'anonymised'}${result.more ? ' (more remain: run again)' : ''}`,
      );
    }
    return 0;
  });
}

export async function dispatchStatus({ config, values, positionals, out, err }: CommandContext): Promise<number> {
  const alertId = positionals[0];
  if (!alertId || !/^[0-9a-f-]{36}$/i.test(alertId)) {
    err('forgetmenot dispatch status: give the alert id, e.g. forgetmenot dispatch status 6f1c...');
    return 2;
  }
  return withRuntime(config, async ({ db }) => {
    if (!(await alertExists(db, alertId))) {
      err(`forgetmenot dispatch status: no alert has the id ${alertId}`);
      return 1;
    }
    for (let first = true; ; first = false) {
      const progress = await dispatchProgress(db, alertId);
      const lines = formatProgressBars(progress);
      // Redraw in place on a terminal; print once per refresh otherwise.
      if (!first && process.stdout.isTTY) process.stdout.write(`\x1b[${lines.length}A\x1b[0J`);
      for (const line of lines) out(line);
      if (!values.watch || dispatchSettled(progress)) return 0;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
}
