// Demo members of the public signed up for alerts, so that the demo's exercise alert shows dispatch at
// work: their email and SMS land in the development inbox (no provider is configured in the demo).
// Addresses use example.org and Ofcom's drama number range; each is stored as its coarse cell only.
import { cellToBigInt, pointToCell } from '../geo/cells.ts';
import type { Queryable } from '../db/database.ts';
import { DEMO_PLACES } from './demo-places.ts';

export async function seedDemoSubscribers(db: Queryable, now: Date): Promise<number> {
  let count = 0;
  for (const [key, place] of Object.entries(DEMO_PLACES)) {
    for (let i = 0; i < 4; i++) {
      const welsh = place.force === 'dyfed-powys' && i % 2 === 1;
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO subscribers (language, include_exercises, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id',
        [welsh ? 'cy' : 'en', i < 3, now],
      );
      const id = rows[0]!.id;
      // A few streets apart within the town; only the cell is kept.
      const cell = cellToBigInt(pointToCell(place.lon + (i - 1.5) * 0.01, place.lat + (i % 2) * 0.01)).toString();
      await db.query('INSERT INTO subscriber_cells (cell, subscriber_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [cell, id]);
      await db.query('INSERT INTO subscriber_channels (subscriber_id, channel, address, confirmed_at, created_at) VALUES ($1, $2, $3, $4, $4)', [
        id,
        'email',
        `${key.toLowerCase()}.resident${i + 1}@example.org`,
        now,
      ]);
      if (i % 2 === 0) {
        const number = `+447700900${String(100 + count).padStart(3, '0')}`;
        await db.query('INSERT INTO subscriber_channels (subscriber_id, channel, address, confirmed_at, created_at) VALUES ($1, $2, $3, $4, $4)', [id, 'sms', number, now]);
      }
      count++;
    }
  }
  return count;
}
