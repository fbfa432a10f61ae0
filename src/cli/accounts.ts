// Staff accounts and API tokens from the command line: "forgetmenot user ..." and "forgetmenot token create".
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { resetSecondFactor } from '../auth/second-factor-reset.ts';
import { accountsWaiting } from '../auth/backoff.ts';
import { findUserByEmail, listUsers } from '../auth/accounts.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { isRole, ROLES, type Role } from '../auth/roles.ts';
import {
  accountActivity,
  addUser,
  changeUser,
  disableUser,
  enableUser,
  inviteUser,
  issuePasswordReset,
  type IssuedLink,
} from '../auth/account-lifecycle.ts';
import { mailAccountLink } from '../auth/account-mail.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { CLI_ACTOR, missingOptions, withRuntime, type CommandContext, type Out } from './command.ts';

type Account = NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>;
type AccountDeps = { db: Database; clock: () => Date; config: Config };

/** Emails a one-time link to its person through the mail relay, if there is one, and prints it for the operator. */
async function showLink(out: Out, config: Config, issued: IssuedLink, what: string): Promise<void> {
  const mailing = await mailAccountLink(config, issued);
  const until = formatDateTime(issued.expiresAt, 'en');
  if (mailing === 'sent')
    out(`${what} for ${issued.email} was emailed to them. The same link, should it not arrive (it works once, until ${until}):`);
  else {
    if (mailing === 'failed') out('The mail relay (SMTP_URL) did not take the email: pass the link on yourself.');
    out(`${what} for ${issued.email}. Give them this link (it works once, until ${until}):`);
  }
  out(`  ${issued.link}`);
  out(`or, on the console's "set your password" page, this code: ${issued.code}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function generatedPassword(): string {
  // 20 characters from a 54-character alphabet without look-alikes: about 115 bits.
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** The email, name, role and organisation a new account needs; undefined (with the refusal printed) if any is wrong. */
function newAccount({
  name,
  values,
  err,
}: CommandContext): { email: string; name: string; role: Role; organisationCode: string } | undefined {
  const missing = missingOptions(values, ['email', 'name', 'role', 'org']);
  if (missing) {
    err(`forgetmenot ${name}: missing ${missing}`);
    return undefined;
  }
  const role = String(values.role);
  if (!isRole(role)) {
    err(`forgetmenot ${name}: --role must be one of ${ROLES.join(', ')}`);
    return undefined;
  }
  return { email: String(values.email), name: String(values.name), role, organisationCode: String(values.org) };
}

export async function userAdd(context: CommandContext): Promise<number> {
  const { config, values, out } = context;
  const account = newAccount(context);
  if (!account) return 2;
  const password = values['password-stdin'] ? await readStdin() : generatedPassword();
  return withRuntime(config, async ({ db }) => {
    await addUser({ db, clock: () => new Date() }, { ...account, password }, CLI_ACTOR);
    out(`Created ${account.email} (${account.role}, ${account.organisationCode}).`);
    if (!values['password-stdin']) out(`Password: ${password}`);
    return 0;
  });
}

export async function userInvite(context: CommandContext): Promise<number> {
  const { config, out } = context;
  const account = newAccount(context);
  if (!account) return 2;
  return withRuntime(config, async ({ db }) => {
    const issued = await inviteUser({ db, clock: () => new Date(), config }, account, CLI_ACTOR);
    out(`Invited ${issued.email} (${account.role}, ${account.organisationCode}).`);
    await showLink(out, config, issued, 'An invitation');
    return 0;
  });
}

export function userList({ config, out }: CommandContext): Promise<number> {
  return withRuntime(config, async ({ db }) => {
    const users = await listUsers(db);
    const now = new Date();
    const waiting = await accountsWaiting(
      db,
      users.map((user) => user.email),
      now,
    );
    const activity = await accountActivity(
      db,
      users.map((user) => user.id),
    );
    out(['EMAIL', 'ROLE', 'ORGANISATION', '2FA', 'SIGN-INS', 'STATUS', 'LAST SIGN-IN'].join('\t'));
    for (const user of users) {
      const seen = activity.get(user.id);
      const status = user.disabled_at ? 'disabled' : seen?.awaitingPassword ? 'invited' : 'active';
      const last = seen?.lastSignInAt ? formatDateTime(seen.lastSignInAt, 'en') : 'never';
      out(
        [
          user.email,
          user.role,
          user.organisation_code,
          user.totp_enabled ? 'yes' : 'no',
          waiting.has(user.email) ? 'waiting' : '',
          status,
          last,
        ].join('\t'),
      );
    }
    return 0;
  });
}

type WithEmail = CommandContext & { values: { email: string } };

/** Refuses (exit 2) a command about one account that was not told which. */
function emailGiven(context: CommandContext): context is WithEmail {
  if (context.values.email) return true;
  context.err(`forgetmenot ${context.name}: missing --email`);
  return false;
}

/** Runs `work` on the account --email names, or refuses (exit 1) if there is none. */
function onAccount({ name, config, values, err }: WithEmail, work: (deps: AccountDeps, user: Account) => Promise<void>): Promise<number> {
  return withRuntime(config, async ({ db }) => {
    const user = await findUserByEmail(db, values.email);
    if (!user) {
      err(`forgetmenot ${name}: no account has the email ${values.email}`);
      return 1;
    }
    await work({ db, clock: () => new Date(), config }, user);
    return 0;
  });
}

export async function userResetSecondFactor(context: CommandContext): Promise<number> {
  if (!emailGiven(context)) return 2;
  const { config, values, out, err } = context;
  return withRuntime(config, async ({ db }) => {
    const user = await findUserByEmail(db, values.email);
    if (!user || !(await resetSecondFactor({ db, clock: () => new Date() }, user.id, CLI_ACTOR))) {
      err(`forgetmenot user reset-second-factor: no account has the email ${values.email}`);
      return 1;
    }
    out(`Reset the second factor of ${user.email}: their sessions ended, and their next sign-in sets up a new one.`);
    return 0;
  });
}

export async function userDisable(context: CommandContext): Promise<number> {
  if (!emailGiven(context)) return 2;
  return onAccount(context, async (deps, user) => {
    await disableUser(deps, user.id, CLI_ACTOR);
    context.out(`Disabled ${user.email}: their sessions ended and their API tokens were revoked.`);
  });
}

export async function userEnable(context: CommandContext): Promise<number> {
  if (!emailGiven(context)) return 2;
  return onAccount(context, async (deps, user) => {
    await enableUser(deps, user.id, CLI_ACTOR);
    context.out(`Enabled ${user.email}: they can sign in again.`);
  });
}

export async function userResetPassword(context: CommandContext): Promise<number> {
  if (!emailGiven(context)) return 2;
  return onAccount(context, async (deps, user) => {
    await showLink(context.out, context.config, await issuePasswordReset(deps, user.id, CLI_ACTOR), 'A password reset link');
  });
}

export async function userChange(context: CommandContext): Promise<number> {
  if (!emailGiven(context)) return 2;
  const { values, out, err } = context;
  if (!values.role && !values.org) {
    err('forgetmenot user change: say --role, --org or both');
    return 2;
  }
  if (values.role && !isRole(values.role)) {
    err(`forgetmenot user change: --role must be one of ${ROLES.join(', ')}`);
    return 2;
  }
  return onAccount(context, async (deps, user) => {
    const change = { ...(values.role ? { role: values.role as Role } : {}), ...(values.org ? { organisationCode: values.org } : {}) };
    await changeUser(deps, user.id, change, CLI_ACTOR);
    const after = (await findUserByEmail(deps.db, user.email))!;
    out(`${user.email} is now ${after.role} at ${after.organisation_code}; their sessions ended.`);
  });
}

export async function tokenCreate(context: CommandContext): Promise<number> {
  if (!emailGiven(context)) return 2;
  const { config, values, out, err } = context;
  return withRuntime(config, async ({ db }) => {
    const user = await findUserByEmail(db, values.email);
    if (!user) {
      err(`forgetmenot token create: no account has the email ${values.email}`);
      return 1;
    }
    const token = await createApiToken(db, user.id, values.name ?? 'cli', new Date());
    out(token.token);
    return 0;
  });
}
