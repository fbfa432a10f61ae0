// Demo members of the public signed up for alerts, so that the demo's exercise alert shows dispatch at
// work: their email and SMS land in the development inbox (no provider is configured in the demo).
// Addresses use example.org and Ofcom's drama number range; each is stored as its coarse cell only.
import type { Queryable } from '../db/database.ts';
import { pointToCell } from '../geo/cells.ts';
import { insertDemoRecipient } from '../subscribers/demo-recipients.ts';
import { DEMO_PLACES } from './demo-places.ts';

export async function seedDemoSubscribers(db: Queryable, now: Date): Promise<number> {
  let count = 0;
  for (const [key, place] of Object.entries(DEMO_PLACES)) {
    for (let i = 0; i < 4; i++) {
      const welsh = place.force === 'dyfed-powys' && i % 2 === 1;
      await insertDemoRecipient(
        db,
        {
          language: welsh ? 'cy' : 'en',
          includeExercises: i < 3,
          // A few streets apart within the town; only the cell is kept.
          cells: [pointToCell(place.lon + (i - 1.5) * 0.01, place.lat + (i % 2) * 0.01)],
          email: `${key.toLowerCase()}.resident${i + 1}@example.org`,
          ...(i % 2 === 0 ? { sms: `+447700900${String(100 + count).padStart(3, '0')}` } : {}),
        },
        now,
      );
      count++;
    }
  }
  return count;
}
