// The adapters a worker sends through, from the configuration: a real provider where one is set, the
// development inbox for email and SMS where none is. Push and webhooks need no provider: their
// addresses are the browsers' push services and the partners' own URLs.
import type { AppDeps } from '../app-deps.ts';
import type { ChannelAdapter, ChannelEvents, ChannelName } from '../channels/channel.ts';
import { createEmailAdapter } from '../channels/email.ts';
import { createPushAdapter } from '../channels/push.ts';
import { createSmsAdapter } from '../channels/sms.ts';
import { vapidKeys, vapidSubject } from '../channels/vapid.ts';
import { createWebhookAdapter } from '../channels/webhook.ts';
import { devInboxAdapter } from './dev-inbox.ts';

export type ChannelAdapters = Record<ChannelName, ChannelAdapter>;

/** The adapter for one channel as the configuration says. */
export async function adapterFromConfig(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  channel: ChannelName,
  events: ChannelEvents,
): Promise<ChannelAdapter> {
  const { config } = deps;
  switch (channel) {
    case 'email':
      return config.smtpUrl
        ? createEmailAdapter({ url: config.smtpUrl, from: config.smtpFrom })
        : devInboxAdapter(deps.db, 'email', deps.clock);
    case 'sms':
      return config.smppUrl
        ? createSmsAdapter({ url: config.smppUrl, sourceAddress: config.smppSourceAddress, events })
        : devInboxAdapter(deps.db, 'sms', deps.clock);
    case 'push': {
      const vapid = await vapidKeys(deps.db, deps.clock());
      return createPushAdapter({
        vapid: { ...vapid, subject: vapidSubject(config.publicUrl) },
        allowPrivateNetworks: config.allowPrivateDestinations,
      });
    }
    case 'webhook':
      return createWebhookAdapter({ allowPrivateNetworks: config.allowPrivateDestinations });
  }
}

/** Which channels go to the development inbox (for the console's label and the start-up banner). */
export function inboxChannels(config: Pick<AppDeps['config'], 'smtpUrl' | 'smppUrl'>): ChannelName[] {
  return [...(config.smtpUrl ? [] : (['email'] as const)), ...(config.smppUrl ? [] : (['sms'] as const))];
}
