// The review queue of missing episodes: children whose every episode is closed, the latest before the cutoff,
// less those a reviewer decided to keep until a date not yet past.
import { childrenDueForReview, countChildrenDueForReview, type ChildDueRow } from '../cases/erasure.ts';
import type { Queryable } from '../db/database.ts';
import { keptRecordIds } from './store.ts';

export const EPISODES_KIND = 'missing_episodes';

const today = (now: Date) => now.toISOString().slice(0, 10);

export async function countChildrenDue(db: Queryable, cutoff: Date, now: Date): Promise<number> {
  return countChildrenDueForReview(db, cutoff, await keptRecordIds(db, EPISODES_KIND, today(now)));
}

export async function childrenDue(db: Queryable, cutoff: Date, now: Date, limit: number): Promise<ChildDueRow[]> {
  return childrenDueForReview(db, cutoff, { limit, excluding: await keptRecordIds(db, EPISODES_KIND, today(now)) });
}
