// Rendered appeal pages kept in memory for a few seconds, so a national surge of readers does not become
// a surge of database queries. The process that changes an alert forgets its entry at once; other
// processes (several `serve` behind a load balancer) see the change within the time to live, and an
// entry never outlives the alert's expiry.
import { createHash } from 'node:crypto';
import type { PublicAlertState } from '../alerts/public-state.ts';

export interface CachedPage {
  body: string;
  etag: string;
}

export interface CachedAppeal {
  state: PublicAlertState;
  expiresAt: Date | null;
  languages: string[];
  /** Rendered pages of the appeal by variant: the appeal page per reader and language, and its printable posters. */
  pages: Map<string, CachedPage>;
}

export interface AppealCache {
  get(slug: string, now: Date): CachedAppeal | undefined;
  set(slug: string, appeal: CachedAppeal, now: Date): void;
  forget(slug: string): void;
  /** Runs `listener` whenever an appeal is forgotten (the lists of appeals depend on every one of them). */
  onForget(listener: (slug: string) => void): void;
}

export const APPEAL_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

export function cachedPage(body: string): CachedPage {
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

export function createAppealCache(ttlMs = APPEAL_CACHE_TTL_MS): AppealCache {
  const entries = new Map<string, { appeal: CachedAppeal; storedAt: number }>();
  const listeners: ((slug: string) => void)[] = [];
  return {
    get(slug, now) {
      const entry = entries.get(slug);
      if (!entry) return undefined;
      const expired = entry.appeal.expiresAt !== null && entry.appeal.expiresAt.getTime() <= now.getTime() && !entry.appeal.state.ended;
      if (now.getTime() - entry.storedAt > ttlMs || now.getTime() < entry.storedAt || expired) {
        entries.delete(slug);
        return undefined;
      }
      return entry.appeal;
    },
    set(slug, appeal, now) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(slug, { appeal, storedAt: now.getTime() });
    },
    forget(slug) {
      entries.delete(slug);
      for (const listener of listeners) listener(slug);
    },
    onForget(listener) {
      listeners.push(listener);
    },
  };
}
