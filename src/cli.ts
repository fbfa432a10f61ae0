// The forgetmenot command: one program, sub-commands for serving and for operations. Each command is a
// function of src/cli/; this file reads the command line, answers --help and runs the one named.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DatabaseError } from './db/database.ts';
import { Problem } from './http/problem.ts';
import { describeSafely } from './ops/safe-errors.ts';
import { OPTIONS, type Command, type CommandContext, type OptionValues, type Out } from './cli/command.ts';
import { GROUPS, groupHelp, HELP } from './cli/help.ts';
// Each command's module is loaded only when it runs: help answers at once, and a command pays only for the
// modules it uses (loading every one costs about a second and a half of CPU per run).
const accounts = () => import('./cli/accounts.ts');
const areas = () => import('./cli/areas.ts');
const operations = () => import('./cli/operations.ts');
const serving = () => import('./cli/serve.ts');

/** Every command (its help is in src/cli/help.ts); `positionals` for those that take a file or an id. */
const COMMANDS: Record<string, { load: () => Promise<Command>; positionals?: true }> = {
  serve: { load: async () => (await serving()).serve },
  work: { load: async () => (await serving()).work },
  migrate: { load: async () => (await operations()).migrateCommand },
  seed: { load: async () => (await operations()).seed },
  'user add': { load: async () => (await accounts()).userAdd },
  'user invite': { load: async () => (await accounts()).userInvite },
  'user list': { load: async () => (await accounts()).userList },
  'user disable': { load: async () => (await accounts()).userDisable },
  'user enable': { load: async () => (await accounts()).userEnable },
  'user change': { load: async () => (await accounts()).userChange },
  'user reset-password': { load: async () => (await accounts()).userResetPassword },
  'user reset-second-factor': { load: async () => (await accounts()).userResetSecondFactor },
  'token create': { load: async () => (await accounts()).tokenCreate },
  'org add': { load: async () => (await areas()).orgAdd },
  'org edit': { load: async () => (await areas()).orgEdit },
  'org list': { load: async () => (await areas()).orgList },
  'jurisdiction list': { load: async () => (await areas()).jurisdictionList },
  'import boundaries': { load: async () => (await areas()).importBoundariesCommand, positionals: true },
  'import gazetteer': { load: async () => (await areas()).importGazetteerCommand, positionals: true },
  'dispatch status': { load: async () => (await operations()).dispatchStatus, positionals: true },
  backup: { load: async () => (await operations()).backupCommand },
  restore: { load: async () => (await operations()).restoreCommand },
  'move-to-postgres': { load: async () => (await operations()).moveToPostgresCommand },
  'audit verify': { load: async () => (await operations()).auditVerify },
  'retention run': { load: async () => (await operations()).retentionRun },
};

const asksForHelp = (word: string) => word === '--help' || word === '-h' || word === 'help';

export async function main(
  argv: string[],
  out: Out = (line) => process.stdout.write(`${line}\n`),
  err: Out = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  const [command = '', maybeSub = ''] = argv;
  const hasSub = GROUPS.includes(command);
  // "forgetmenot user --help" (or just "forgetmenot user"): the group's commands and how to get each one's help.
  if (hasSub && (maybeSub === '' || asksForHelp(maybeSub))) {
    out(groupHelp(command));
    return maybeSub === '' ? 2 : 0;
  }
  const name = hasSub ? `${command} ${maybeSub}` : command;
  if (command === '' || asksForHelp(command)) {
    out(HELP['']!);
    return 0;
  }
  if (!(name in HELP)) {
    err(`forgetmenot: unknown command "${name}". Run "forgetmenot --help".`);
    return 2;
  }
  const parsed = parseOptions(name, argv.slice(hasSub ? 2 : 1), err);
  if (!parsed) return 2;
  if (parsed.values.help) {
    out(HELP[name]!);
    return 0;
  }
  const config = configOrRefusal(err);
  if (!config) return 2;
  const entry = COMMANDS[name];
  if (!entry) return 2;
  return run(await entry.load(), { name, config, ...parsed, out, err });
}

/** The options and positional arguments, or undefined (with the refusal printed) if parseArgs refuses them. */
function parseOptions(name: string, args: string[], err: Out): { values: OptionValues; positionals: string[] } | undefined {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: COMMANDS[name]?.positionals === true, strict: true });
  } catch (error) {
    err(`forgetmenot ${name}: ${(error as Error).message}`);
    return undefined;
  }
}

function configOrRefusal(err: Out): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`forgetmenot: configuration error: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

/** Runs a command; what it throws becomes one line on standard error and exit code 1. */
async function run(command: Command, context: CommandContext): Promise<number> {
  try {
    return await command(context);
  } catch (error) {
    if (error instanceof Problem) {
      context.err(`forgetmenot ${context.name}: ${error.detail}`);
      return 1;
    }
    // Database errors arrive without their values (see DatabaseError); a library's or Node's message can quote
    // the data that caused it, so of those only the class and codes are printed. Our own plain errors say what to do.
    const own = error instanceof DatabaseError || (error instanceof Error && error.constructor === Error && !('code' in error));
    context.err(`forgetmenot ${context.name}: ${own ? error.message : `failed: ${describeSafely(error)}`}`);
    return 1;
  }
}
