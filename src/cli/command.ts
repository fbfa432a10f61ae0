// What every sub-command is given, and the small helpers several of them share.
import type { Config } from '../config.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

export type Out = (line: string) => void;

/** Every option any command takes; each command reads its own (parseArgs refuses the rest). */
export const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  demo: { type: 'boolean' },
  'history-years': { type: 'string' },
  'history-scale': { type: 'string' },
  code: { type: 'string' },
  kind: { type: 'string' },
  jurisdictions: { type: 'string' },
  'code-property': { type: 'string' },
  'name-property': { type: 'string' },
  parent: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  org: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'expect-head': { type: 'string' },
  watch: { type: 'boolean' },
  to: { type: 'string' },
  from: { type: 'string' },
  force: { type: 'boolean' },
  'media-to': { type: 'string' },
  'contact-desk': { type: 'string' },
  'contact-phone': { type: 'string' },
  'contact-email': { type: 'string' },
} as const;

export type OptionValues = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

export interface CommandContext {
  /** The command as typed, e.g. "user add": messages start "forgetmenot <name>: ". */
  name: string;
  config: Config;
  values: OptionValues;
  positionals: string[];
  out: Out;
  err: Out;
}

/** Runs a command; resolves to the exit code. */
export type Command = (context: CommandContext) => Promise<number>;

/** Who the audit log names for what an operator does at the command line. */
export const CLI_ACTOR = { actorId: null, actor: 'cli' };

export function codeList(value: string | undefined): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean)
    : [];
}

/** The options of `keys` that were not given, as "--a, --b" (empty when all were). */
export function missingOptions(values: OptionValues, keys: (keyof OptionValues)[]): string {
  return keys
    .filter((key) => !values[key])
    .map((key) => `--${key}`)
    .join(', ');
}

export async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
