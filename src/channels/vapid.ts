// The instance's VAPID identity (RFC 8292): one P-256 key pair, made on first use and kept in the
// database, so every process signs with the same key. Browsers subscribe with the public key as their
// applicationServerKey; a new key would silently orphan every existing push subscription.
import webpush from 'web-push';
import type { Queryable } from '../db/database.ts';
import { instanceKey } from '../db/instance-keys.ts';

export interface VapidKeys {
  /** The uncompressed P-256 public point, base64url: what the public site hands to PushManager.subscribe. */
  publicKey: string;
  /** The private scalar, base64url. */
  privateKey: string;
}

export async function vapidKeys(db: Queryable, now: Date): Promise<VapidKeys> {
  const keys = await instanceKey<VapidKeys>(db, 'vapid', () => webpush.generateVAPIDKeys(), now);
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The VAPID `sub` claim: how a push service's operator can reach this instance's operator. It must be
 * an https: URL or a mailto: address (web-push refuses anything else). The public site's URL is used
 * when it is https on a real host name. An http:// or localhost address (the embedded default) cannot
 * be used: http is refused outright, and Apple's push service rejects a localhost https subject with
 * BadJwtToken. Then a mailto: stands in, the given contact address if there is one.
 */
export function vapidSubject(publicUrl: string, contactEmail?: string): string {
  let url: URL | undefined;
  try {
    url = new URL(publicUrl);
  } catch {
    url = undefined;
  }
  if (url && url.protocol === 'https:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    return url.origin + url.pathname.replace(/\/+$/, '');
  }
  if (contactEmail) return `mailto:${contactEmail}`;
  return `mailto:push@${url?.hostname.replace(/^\[|\]$/g, '') || 'localhost'}`;
}
