// Who may open and work a sighting, on both databases: the force whose queue holds it, the national
// centre, and the force in whose area it was seen (routed to it, though another force owns the appeal),
// each access audited with why; everyone else 404 (out of reach) or 403 (no triage role at all).
// The expectations are written out by hand, not derived from the policy code they check.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { triageNewSubmission } from './intake.ts';

const USERS = [
  'force-a/investigator',
  'force-a/approver',
  'force-b/investigator',
  'force-b/approver',
  'force-b/analyst',
  'national/national_coordinator',
  'council-a/caseworker',
  'partner/partner_admin',
] as const;
type User = (typeof USERS)[number];

// Three submissions: a sighting of force A's appeal seen in area B (A's queue, B told of it), a sighting of
// the same appeal seen in area A, and a report made in area B (B's queue). For each kind of access: who
// succeeds, who gets 404 (out of reach); everyone else gets 403.
type Subject = 'seenInB' | 'seenInA' | 'reportInB';
const EXPECTED: Record<Subject, Record<'read' | 'note' | 'reassign', { allowed: User[]; outOfReach: User[] }>> = {
  seenInB: {
    read: {
      allowed: ['force-a/investigator', 'force-a/approver', 'force-b/investigator', 'force-b/approver', 'national/national_coordinator'],
      outOfReach: [],
    },
    note: {
      allowed: ['force-a/investigator', 'force-a/approver', 'force-b/investigator', 'force-b/approver', 'national/national_coordinator'],
      outOfReach: [],
    },
    // The force where it was seen works it, but passing it to another queue is the owning force's call (403).
    reassign: { allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'], outOfReach: [] },
  },
  seenInA: {
    read: {
      allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
      outOfReach: ['force-b/investigator', 'force-b/approver'],
    },
    note: {
      allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
      outOfReach: ['force-b/investigator', 'force-b/approver'],
    },
    reassign: {
      allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
      outOfReach: ['force-b/investigator', 'force-b/approver'],
    },
  },
  reportInB: {
    read: {
      allowed: ['force-b/investigator', 'force-b/approver', 'national/national_coordinator'],
      outOfReach: ['force-a/investigator', 'force-a/approver'],
    },
    note: {
      allowed: ['force-b/investigator', 'force-b/approver', 'national/national_coordinator'],
      outOfReach: ['force-a/investigator', 'force-a/approver'],
    },
    reassign: {
      allowed: ['force-b/investigator', 'force-b/approver', 'national/national_coordinator'],
      outOfReach: ['force-a/investigator', 'force-a/approver'],
    },
  },
};

function expectedStatus(subject: Subject, action: 'read' | 'note' | 'reassign', user: User): number {
  const rule = EXPECTED[subject][action];
  if (rule.allowed.includes(user)) return 200;
  if (rule.outOfReach.includes(user)) return 404;
  return 403;
}

/** Stores a submission and triages it in one transaction, as intake does; returns its id. */
async function submit(
  world: TestWorld,
  input: { kind: 'sighting' | 'report'; alertId?: string; point: { lon: number; lat: number } },
): Promise<string> {
  const now = world.clock.now();
  return world.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO public_submissions (reference, kind, idempotency_key, alert_id, category, seen_at, lon, lat, description, queue, received_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Seen by the petrol station', 'national', $6, $6) RETURNING id`,
      [
        `R-${randomUUID().slice(0, 8).toUpperCase()}`,
        input.kind,
        randomUUID(),
        input.alertId ?? null,
        input.kind === 'report' ? 'other' : null,
        now,
        input.point.lon,
        input.point.lat,
      ],
    );
    await triageNewSubmission(tx, rows[0]!.id, now);
    return rows[0]!.id;
  });
}

describeOnEngines('Reach of sightings: the force where the child was seen', (engine) => {
  let world: TestWorld;
  let alertId: string;
  const ids = {} as Record<Subject, string>;

  before(async () => {
    world = await startTestWorld(engine);
    ({ alertId } = await approvedAlert(world));
    ids.seenInB = await submit(world, { kind: 'sighting', alertId, point: FORCE_B_POINT });
    ids.seenInA = await submit(world, { kind: 'sighting', alertId, point: FORCE_A_POINT });
    ids.reportInB = await submit(world, { kind: 'report', point: FORCE_B_POINT });
    const { rows } = await world.db.query<{ id: string; queue: string }>(
      `SELECT id, queue FROM public_submissions WHERE id = ANY($1::uuid[])`,
      [Object.values(ids)],
    );
    const queueOf = new Map(rows.map((row) => [row.id, row.queue]));
    assert.equal(queueOf.get(ids.seenInB), 'jurisdiction:area-a', "a sighting goes to the appeal's force");
    assert.equal(queueOf.get(ids.reportInB), 'jurisdiction:area-b');
  });
  after(() => world.close());

  for (const subject of Object.keys(EXPECTED) as Subject[]) {
    it(`opens ${subject} for those with reach, 404 for other forces, 403 for other roles`, async () => {
      for (const user of USERS) {
        const response = await asToken(world, user)('GET', `/api/v1/submissions/${ids[subject]}`);
        assert.equal(response.statusCode, expectedStatus(subject, 'read', user), `${user} read ${subject}: ${response.body}`);
      }
    });

    it(`lets those with reach add a note to ${subject}, and only its queue's force pass it on`, async () => {
      for (const user of USERS) {
        const noted = await asToken(world, user)('POST', `/api/v1/submissions/${ids[subject]}/triage`, { note: `Looked at by ${user}` });
        assert.equal(noted.statusCode, expectedStatus(subject, 'note', user), `${user} note on ${subject}: ${noted.body}`);
      }
      for (const user of USERS) {
        const before = await world.db.query<{ queue: string }>('SELECT queue FROM public_submissions WHERE id = $1', [ids[subject]]);
        const other = before.rows[0]!.queue === 'national' ? 'jurisdiction:area-a' : 'national';
        const moved = await asToken(world, user)('POST', `/api/v1/submissions/${ids[subject]}/triage`, {
          note: 'Passing it on',
          queue: other,
        });
        assert.equal(moved.statusCode, expectedStatus(subject, 'reassign', user), `${user} reassign ${subject}: ${moved.body}`);
        // Put it back where it was, so the next user meets the same rule.
        if (moved.statusCode === 200) {
          await world.db.query('UPDATE public_submissions SET queue = $2 WHERE id = $1', [ids[subject], before.rows[0]!.queue]);
        }
      }
    });
  }

  it('lets the force where a sighting was seen set its status, and says why it reaches it', async () => {
    const forceB = asToken(world, 'force-b/investigator');
    const detail = await forceB('GET', `/api/v1/submissions/${ids.seenInB}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const view = JSON.parse(detail.body) as { reach: string; alertId: string; status: string };
    assert.equal(view.reach, 'seen_in_area');
    assert.equal(view.alertId, alertId);
    // The sighting says nothing of who the child is: the appeal's case stays out of force B's reach.
    assert.ok(!detail.body.includes('Amelia'), 'no child identity in the sighting');
    assert.equal((await forceB('GET', `/api/v1/alerts/${alertId}`)).statusCode, 404);
    const reviewed = await forceB('POST', `/api/v1/submissions/${ids.seenInB}/triage`, {
      note: 'Patrol sent to the petrol station',
      status: 'reviewed',
    });
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    assert.equal((JSON.parse(reviewed.body) as { status: string }).status, 'reviewed');
    const own = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/submissions/${ids.seenInB}`)).body) as {
      reach: string;
    };
    assert.equal(own.reach, 'queue');
  });

  it("lists a sighting seen in a force's area among that force's work, but not the appeal force's other sightings", async () => {
    const list = JSON.parse((await asToken(world, 'force-b/investigator')('GET', '/api/v1/submissions?limit=200')).body) as {
      items: { id: string; reach: string }[];
    };
    const listed = new Map(list.items.map((item) => [item.id, item.reach]));
    assert.equal(listed.get(ids.seenInB), 'seen_in_area');
    assert.equal(listed.get(ids.reportInB), 'queue');
    assert.ok(!listed.has(ids.seenInA));
    // Filtering by the appeal force's queue is still out of reach.
    assert.equal((await asToken(world, 'force-b/investigator')('GET', '/api/v1/submissions?queue=jurisdiction:area-a')).statusCode, 404);
  });

  it('audits every access by the force where it was seen, with who, which sighting and why', async () => {
    const { rows } = await world.db.query<{ actor: string; action: string; details: { reach: string; reason: string } }>(
      `SELECT actor, action, details FROM audit_log WHERE subject_type = 'submission' AND subject_id = $1 ORDER BY seq`,
      [ids.seenInB],
    );
    const byB = rows.filter((row) => row.actor.endsWith('@force-b.test'));
    assert.ok(byB.some((row) => row.action === 'submission.read'));
    assert.ok(byB.some((row) => row.action === 'submission.triage'));
    for (const row of byB) {
      assert.equal(row.details.reach, 'seen_in_area', JSON.stringify(row));
      assert.equal(row.details.reason, 'routed to your force');
    }
    const byA = rows.filter((row) => row.actor.endsWith('@force-a.test'));
    assert.ok(byA.length > 0 && byA.every((row) => row.details.reach === 'queue'));
  });
});
