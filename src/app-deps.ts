// What the app is built from. Tests hand in their own parts (an in-memory database, a fixed clock).
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { MediaStore } from './media/media-store.ts';
import type { Metrics } from './ops/metrics.ts';

export interface AppDeps {
  db: Database;
  media: MediaStore;
  config: Config;
  clock: () => Date;
  metrics: Metrics;
  /** Called after a commit that queued dispatch work, so in-process workers start at once rather than at their next poll. */
  onOutbox?: () => void;
}
