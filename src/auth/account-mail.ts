// Invitations and password resets by email, when a mail relay is configured (SMTP_URL): the person gets their
// one-time link straight into their own mailbox, so it need not pass through anyone else's hands. Without a
// relay (the embedded default) the administrator passes the link on, as the console and the command say.
// The link is committed before the email is tried, so a relay that fails loses nothing: the administrator
// still holds the link. Nothing about the person or the link is logged.
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { formatDateTime } from '../i18n/dates.ts';
import type { IssuedLink } from './account-lifecycle.ts';

/** Whether the link reached the relay: `no-relay` when none is configured, `failed` when it refused or was unreachable. */
export type LinkMailing = 'sent' | 'no-relay' | 'failed';

const SEND_TIMEOUT_MS = 15_000;

/** The email's subject and text, in British English with the expiry in UK time. */
export function accountLinkEmail(issued: IssuedLink): { subject: string; text: string } {
  const until = formatDateTime(issued.expiresAt, 'en');
  const invitation = issued.purpose === 'invitation';
  const opening = invitation
    ? 'An account on Forget-me-not has been made for you. Choose your password by opening this link'
    : 'A new password has been asked for on your Forget-me-not account. Choose it by opening this link';
  return {
    subject: invitation ? 'Your Forget-me-not account: choose your password' : 'Forget-me-not: choose a new password',
    text: [
      `Hello ${issued.name},`,
      '',
      `${opening} (it works once, until ${until}):`,
      '',
      issued.link,
      '',
      `Or type this code on the “set your password” page: ${issued.code}`,
      '',
      'If you did not expect this email, do not open the link: tell your organisation’s administrator.',
      '',
      'Forget-me-not',
    ].join('\n'),
  };
}

/** Emails a one-time link to the account's own address, if a relay is configured; never throws. */
export async function mailAccountLink(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>, issued: IssuedLink): Promise<LinkMailing> {
  if (!config.smtpUrl) return 'no-relay';
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  try {
    await transport.sendMail({ from: config.smtpFrom, to: issued.email, ...accountLinkEmail(issued) });
    return 'sent';
  } catch {
    // The reason may quote the address; the administrator is told to pass the link on instead.
    return 'failed';
  } finally {
    transport.close();
  }
}
