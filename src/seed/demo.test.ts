// The demo seed on both databases: what it creates, that every account signs in and reaches what its role
// should, that the pictures carry no metadata, and that the audit chain it leaves is intact. The expected
// numbers are written out by hand from the demo data, not computed from it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describeOnEngines } from '../../test/support/databases.ts';
import { findUserByEmail } from '../auth/accounts.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { ROLE_GRANTS, ROLES } from '../auth/roles.ts';
import { currentTotpCode } from '../auth/totp.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { repeatMissingChildren } from '../cases/repeats.ts';
import { reviewQueue } from '../retention/reviews.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { areaContains, areaProblem } from '../geo/geojson.ts';
import { filesystemMediaStore, type MediaStore } from '../media/media-store.ts';
import { createMetrics } from '../ops/metrics.ts';
import { buildApp } from '../server.ts';
import { DEMO_JURISDICTIONS, DEMO_PLACES } from './demo-places.ts';
import {
  databaseIsEmpty,
  DEMO_CREDENTIALS_FILE,
  formatDemoAccounts,
  readDemoCredentials,
  seedDemo,
  writeDemoCredentials,
  type DemoAccount,
} from './demo.ts';

const NOW = new Date('2026-11-23T15:00:00Z');

describeOnEngines('demo seed', (engine) => {
  let db: Database;
  let media: MediaStore;
  let mediaDir: string;
  let accounts: DemoAccount[];
  let emptyBefore: boolean;
  let seedMs: number;

  before(async () => {
    db = await engine.open();
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-demo-'));
    media = filesystemMediaStore(mediaDir);
    emptyBefore = await databaseIsEmpty(db);
    const started = performance.now();
    accounts = await seedDemo({ db, media, clock: () => NOW, config: { publicUrl: 'http://localhost:8080' } });
    seedMs = performance.now() - started;
  });
  after(async () => {
    await db.close();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('fills an empty database, then refuses to seed it again', async (t) => {
    t.diagnostic(`seedDemo took ${Math.round(seedMs)} ms on ${engine.name}`);
    assert.equal(emptyBefore, true);
    assert.equal(await databaseIsEmpty(db), false);
    await assert.rejects(seedDemo({ db, media, clock: () => NOW, config: { publicUrl: 'http://localhost:8080' } }), /empty database only/);
  });

  it('creates two forces, the national centre and partner agencies, each with its area', async () => {
    const { rows: areas } = await db.query<{ code: string; kind: string; parent: string | null }>(
      'SELECT j.code, j.kind, p.code AS parent FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id ORDER BY j.code',
    );
    assert.deepEqual(areas, [
      { code: 'dyfed-powys', kind: 'force_area', parent: 'gb' },
      { code: 'gb', kind: 'country', parent: null },
      { code: 'thames-valley', kind: 'force_area', parent: 'gb' },
    ]);
    const { rows: organisations } = await db.query<{ code: string; kind: string; areas: string[] }>(
      `SELECT o.code, o.kind, array_agg(j.code ORDER BY j.code) AS areas FROM organisations o
         JOIN organisation_jurisdictions oj ON oj.organisation_id = o.id JOIN jurisdictions j ON j.id = oj.jurisdiction_id
        GROUP BY o.code, o.kind ORDER BY o.code`,
    );
    assert.deepEqual(organisations, [
      { code: 'dyfed-powys', kind: 'police_force', areas: ['dyfed-powys'] },
      { code: 'national', kind: 'national_centre', areas: ['gb'] },
      { code: 'oxfordshire-cc', kind: 'local_authority', areas: ['thames-valley'] },
      { code: 'postal-partner', kind: 'partner_company', areas: ['gb'] },
      { code: 'runaway-helpline', kind: 'charity', areas: ['gb'] },
      { code: 'thames-valley', kind: 'police_force', areas: ['thames-valley'] },
    ]);
  });

  it('creates staff in every role whose printed passwords work, with TOTP secrets exactly where the role needs one', async () => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    assert.equal(rows[0]!.n, 10);
    assert.equal(accounts.length, 10);
    assert.deepEqual(new Set(accounts.map((account) => account.role)), new Set(ROLES));
    for (const account of accounts) {
      const user = await findUserByEmail(db, account.email);
      assert.ok(user, account.email);
      assert.equal(user.role, account.role);
      assert.equal(user.organisation_code, account.organisation);
      assert.ok(account.password.length >= 16, `${account.email}: password of ${account.password.length} characters`);
      assert.equal(await verifyPassword(user.password_hash, account.password), true, `${account.email} signs in`);
      const needsSecondFactor = ROLE_GRANTS[account.role].secondFactorRequired;
      assert.equal(account.totpSecret !== null, needsSecondFactor, `${account.email}: TOTP secret only where the role needs it`);
      assert.equal(user.totp_secret, account.totpSecret);
      assert.equal(user.totp_enabled, needsSecondFactor);
    }
    assert.equal(new Set(accounts.map((account) => account.password)).size, accounts.length, 'every account has its own password');
  });

  it('records fifteen fictional children in seventeen episodes, one an exercise, of every risk level, in the right force areas', async () => {
    const { rows: counts } = await db.query<{ children: number; cases: number; closed: number; sensitive: number; exercise: number }>(
      `SELECT (SELECT count(*)::int FROM children) AS children, count(*)::int AS cases,
              count(*) FILTER (WHERE status = 'closed')::int AS closed, count(*) FILTER (WHERE sensitive)::int AS sensitive,
              count(*) FILTER (WHERE exercise)::int AS exercise FROM cases`,
    );
    assert.deepEqual(counts[0], { children: 15, cases: 17, closed: 8, sensitive: 1, exercise: 1 });

    const { rows: cases } = await db.query<{
      owner: string;
      area: string;
      risk_level: string | null;
      status: string;
      last_seen_at: Date;
      vehicle: string;
      answers: number;
      sources: number;
    }>(
      `SELECT o.code AS owner, j.code AS area, c.risk_level, c.status, c.last_seen_at, c.vehicle,
              (SELECT count(*)::int FROM risk_answers a WHERE a.case_id = c.id) AS answers,
              (SELECT count(*)::int FROM risk_answers a WHERE a.case_id = c.id AND a.source <> '') AS sources
         FROM cases c JOIN organisations o ON o.id = c.owning_organisation_id JOIN jurisdictions j ON j.id = c.jurisdiction_id`,
    );
    assert.equal(cases.filter((row) => row.owner === 'dyfed-powys').length, 7);
    assert.equal(cases.filter((row) => row.owner === 'thames-valley').length, 10);
    for (const row of cases) {
      assert.equal(row.area, row.owner, 'each case lies in its own force area');
      assert.ok(row.answers >= 3 && row.sources === row.answers, 'risk answers, each with its source');
      assert.ok(row.last_seen_at <= NOW);
    }
    assert.deepEqual(new Set(cases.map((row) => row.risk_level)), new Set(['no_apparent', 'low', 'medium', 'high']));
    const openCases = cases.filter((row) => row.status === 'open');
    assert.ok(
      openCases.every((row) => NOW.getTime() - row.last_seen_at.getTime() < 3 * 24 * 3_600_000),
      'open cases were last seen in the last few days',
    );
    assert.ok(
      openCases.some((row) => row.risk_level === 'high' && row.vehicle !== ''),
      'an open high-risk case with a vehicle to describe, fit for a Child Rescue Alert',
    );

    const { rows: repeats } = await db.query<{ episodes: number; closed: number }>(
      `SELECT count(*)::int AS episodes, count(*) FILTER (WHERE status = 'closed')::int AS closed FROM cases GROUP BY child_id HAVING count(*) > 1`,
    );
    assert.deepEqual(repeats, [{ episodes: 3, closed: 2 }]);
  });

  it('gives every case a generated photo, stored without EXIF', async () => {
    const { rows } = await db.query<{ id: string; variants: Record<string, string>[] }>(
      `SELECT c.id, COALESCE(array_agg(p.variants) FILTER (WHERE p.id IS NOT NULL), '{}') AS variants
         FROM cases c LEFT JOIN photos p ON p.case_id = c.id AND p.removed_at IS NULL GROUP BY c.id`,
    );
    assert.equal(rows.length, 17);
    for (const row of rows) {
      assert.ok(row.variants.length >= 1, `case ${row.id} has a photo`);
      for (const variants of row.variants) {
        assert.deepEqual(Object.keys(variants).sort(), ['full', 'page', 'thumb']);
        for (const key of Object.values(variants)) {
          const file = await media.get(key);
          assert.ok(file, `media ${key} is stored`);
          const metadata = await sharp(file.bytes).metadata();
          assert.equal(metadata.format, 'jpeg');
          assert.equal(metadata.exif, undefined);
        }
        const full = await sharp((await media.get(variants.full!))!.bytes).metadata();
        assert.deepEqual([full.width, full.height], [600, 750]);
      }
    }
  });

  it('shares the care case with the council and a closed case with the charity, each disclosure audited', () => sharesOfTheDemo(db));
  it('holds the return interviews: two declined years ago, Tyler’s first held with signs of exploitation, his second offered and overdue', () =>
    interviewsOfTheDemo(db));
  it('keeps two Philomena profiles for Thames Valley, one overdue for review, and Tyler on the repeat-missing list', () =>
    profilesOfTheDemo(db));
});

async function sharesOfTheDemo(db: Database): Promise<void> {
  const { rows } = await db.query<{ organisation: string; status: string; reason: string }>(
    `SELECT o.code AS organisation, c.status, s.reason FROM case_shares s
       JOIN organisations o ON o.id = s.organisation_id JOIN cases c ON c.id = s.case_id ORDER BY o.code`,
  );
  assert.deepEqual(
    rows.map((row) => [row.organisation, row.status]),
    [
      ['oxfordshire-cc', 'open'],
      ['runaway-helpline', 'closed'],
    ],
  );
  const { rows: audited } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.shared'`);
  assert.equal(audited[0]!.n, 2);
  const { rows: purposes } = await db.query<{ purpose: string }>(`SELECT purpose FROM case_shares ORDER BY purpose`);
  assert.deepEqual(
    purposes.map((row) => row.purpose),
    ['charity_support', 'strategy_meeting'],
  );
}

async function interviewsOfTheDemo(db: Database): Promise<void> {
  const { rows } = await db.query<{ reference: string; status: string; overdue: boolean; organisation: string | null; signs: string[] }>(
    `SELECT c.reference, i.status, (i.status IN ('requested', 'offered', 'accepted') AND i.due_at < $1) AS overdue,
            o.code AS organisation, i.exploitation_signs AS signs
       FROM return_interviews i JOIN cases c ON c.id = i.case_id LEFT JOIN organisations o ON o.id = i.organisation_id
      WHERE o.code = 'oxfordshire-cc' ORDER BY i.returned_at`,
    [NOW],
  );
  assert.deepEqual(
    rows.map((row) => [row.status, row.overdue]),
    [
      // The archived episodes' interviews, declined years ago.
      ['declined', false],
      ['declined', false],
      ['completed', false],
      ['offered', true],
      ['requested', false],
    ],
  );
  assert.deepEqual(rows[2]!.signs, ['criminal', 'county_lines']);
}

async function profilesOfTheDemo(db: Database): Promise<void> {
  const { rows } = await db.query<{ given_names: string; linked: boolean; overdue: boolean }>(
    `SELECT p.given_names, p.child_id IS NOT NULL AS linked, p.next_review_on < $1::date AS overdue
       FROM philomena_profiles p JOIN jurisdictions j ON j.id = p.jurisdiction_id WHERE j.code = 'thames-valley' ORDER BY p.given_names`,
    ['2026-11-23'],
  );
  assert.deepEqual(
    rows.map((row) => [row.given_names, row.linked, row.overdue]),
    [
      ['Kayla', false, true],
      ['Tyler James', true, false],
    ],
  );
  const listed = await repeatMissingChildren(db, { national: true }, NOW);
  assert.deepEqual(
    listed.map((row) => [row.given_names, row.episodes]),
    [['Tyler James', 3]],
  );
}

describeOnEngines('demo seed: the alerts, the audit chain and signing in', (engine) => {
  let db: Database;
  let media: MediaStore;
  let mediaDir: string;
  let accounts: DemoAccount[];

  before(async () => {
    db = await engine.open();
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-demo-'));
    media = filesystemMediaStore(mediaDir);
    accounts = await seedDemo({ db, media, clock: () => NOW, config: { publicUrl: 'http://localhost:8080' } });
  });
  after(async () => {
    await db.close();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('shows the alert lifecycle: an active exercise in English and Welsh, and one withdrawn when the child was found', async () => {
    const { rows } = await db.query<{
      state: string;
      cap_status: string;
      withdrawal_reason: string | null;
      languages: string[];
      messages: string[];
    }>(
      `SELECT a.state, a.cap_status, a.withdrawal_reason,
              (SELECT array_agg(language ORDER BY position) FROM alert_contents c WHERE c.alert_id = a.id) AS languages,
              (SELECT array_agg(msg_type ORDER BY seq) FROM alert_messages m WHERE m.alert_id = a.id) AS messages
         FROM alerts a ORDER BY a.created_at`,
    );
    assert.deepEqual(rows, [
      { state: 'withdrawn', cap_status: 'Actual', withdrawal_reason: 'found_safe', languages: ['en'], messages: ['Alert', 'Cancel'] },
      { state: 'active', cap_status: 'Exercise', withdrawal_reason: null, languages: ['en', 'cy'], messages: ['Alert'] },
    ]);
    // The exercise runs on the exercise case, whose child is made up and says so.
    const { rows: owners } = await db.query<{
      cap_status: string;
      exercise: boolean;
      given_names: string;
      family_name: string;
      known_as: string | null;
    }>(
      `SELECT a.cap_status, c.exercise, ch.given_names, ch.family_name, ch.known_as
         FROM alerts a JOIN cases c ON c.id = a.case_id JOIN children ch ON ch.id = c.child_id ORDER BY a.created_at`,
    );
    assert.deepEqual(
      owners.map((row) => [row.cap_status, row.exercise]),
      [
        ['Actual', false],
        ['Exercise', true],
      ],
    );
    assert.deepEqual([owners[1]!.given_names, owners[1]!.family_name, owners[1]!.known_as], ['Sam', 'Exercise', 'Fictional child']);
    const { rows: photos } = await db.query<{ public: number }>('SELECT count(public_key)::int AS public FROM alert_photos');
    assert.equal(photos[0]!.public, 1, 'only the active exercise has a public photo');
  });

  it('matches the people found as the API would: the girl found alone has Amira’s episode first, the remains nobody', async () => {
    const { rows } = await db.query<{ kind: string; given_names: string | null; score: number | null }>(
      `SELECT u.kind, ch.given_names, m.score
         FROM unidentified_people u
         LEFT JOIN match_candidates m ON m.unidentified_id = u.id
         LEFT JOIN cases c ON c.id = m.case_id
         LEFT JOIN children ch ON ch.id = c.child_id
        ORDER BY u.kind, m.score DESC NULLS LAST`,
    );
    const living = rows.filter((row) => row.kind === 'living');
    assert.equal(living[0]?.given_names, 'Amira', JSON.stringify(living));
    assert.ok(
      living.every((row, i) => i === 0 || row.score! < living[0]!.score!),
      'Amira ranks clearly first',
    );
    assert.deepEqual(
      rows.filter((row) => row.kind === 'remains'),
      [{ kind: 'remains', given_names: null, score: null }],
    );
  });

  it('gives the Retention page two records due for review: children found years ago, nothing open since', async () => {
    const queue = await reviewQueue({ db, media, clock: () => NOW }, 100);
    assert.equal(queue.total, 2);
    const { rows } = await db.query<{ reference: string; given_names: string }>(
      `SELECT c.reference, ch.given_names FROM cases c JOIN children ch ON ch.id = c.child_id WHERE c.reference = ANY($1::text[])
        ORDER BY c.reported_at`,
      [queue.items.flatMap((item) => item.references)],
    );
    assert.deepEqual(
      rows.map((row) => row.given_names),
      ['Jade', 'Owen'],
    );
  });

  it('leaves an intact audit chain that reads in time order', async () => {
    const verdict = await verifyAuditChain(db);
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
    const { rows } = await db.query<{ at: Date }>('SELECT at FROM audit_log ORDER BY seq');
    assert.ok(rows.length > 50);
    assert.ok(
      rows.every((row, i) => i === 0 || row.at >= rows[i - 1]!.at),
      'audit timestamps never go back',
    );
    assert.ok(rows.every((row) => row.at <= NOW));
  });

  it('publishes one long-term appeal with recorded consent in the gallery "Missing for longer", and has one partner', async () => {
    const { rows: appeals } = await db.query<{ slug: string; consent_basis: string; consent_given_by: string; photos: number }>(
      `SELECT slug, consent_basis, consent_given_by,
              (SELECT count(*)::int FROM long_term_appeal_photos p WHERE p.appeal_id = a.id AND p.public_key IS NOT NULL) AS photos
         FROM long_term_appeals a WHERE state = 'published'`,
    );
    assert.equal(appeals.length, 1);
    assert.equal(appeals[0]!.consent_basis, 'local_authority');
    assert.match(appeals[0]!.consent_given_by, /Oxfordshire County Council/);
    assert.equal(appeals[0]!.photos, 1);
    const { rows: partners } = await db.query<{ code: string; revoked_at: Date | null }>('SELECT code, revoked_at FROM pfif_partners');
    assert.deepEqual(partners, [{ code: 'ie-demo', revoked_at: null }]);

    const config = { ...loadConfig({}), dataDir: mediaDir, logLevel: 'silent' as const };
    const app = await buildApp({ db, media, config, clock: () => NOW, metrics: createMetrics({ defaultMetrics: false }) });
    try {
      const gallery = await app.inject({ method: 'GET', url: '/appeals' });
      assert.equal(gallery.statusCode, 200);
      assert.match(gallery.body, /Missing for longer/);
      assert.match(gallery.body, /Have you seen Tyler\? Missing from Banbury/);
      assert.ok(gallery.body.includes(`/missing/${appeals[0]!.slug}`));
      const photo = await app.inject({ method: 'GET', url: `/missing/${appeals[0]!.slug}/photos/1.jpg` });
      assert.equal(photo.statusCode, 200);
      assert.equal(photo.headers['content-type'], 'image/jpeg');
    } finally {
      await app.close();
    }
  });

  it('lets every account sign in through the API, with its code where needed, and reach the cases its role should', async () => {
    const config = { ...loadConfig({}), dataDir: mediaDir, logLevel: 'silent' as const };
    const app = await buildApp({ db, media, config, clock: () => NOW, metrics: createMetrics({ defaultMetrics: false }) });
    try {
      // Cases each account finds in a search; undefined where the role may not read cases at all.
      const reach: Record<string, number | undefined> = {
        // Dyfed-Powys holds the exercise case too.
        'investigator@dyfed-powys.demo': 7,
        'approver@dyfed-powys.demo': 7,
        'investigator@thames-valley.demo': 10,
        'approver@thames-valley.demo': 10,
        'national-coordinator@national.demo': 17,
        // Caseworkers read no whole case: what is shared with them, below.
        'caseworker@oxfordshire-cc.demo': undefined,
        'caseworker@runaway-helpline.demo': undefined,
        'analyst@national.demo': undefined,
        'administrator@national.demo': undefined,
        'partner-admin@postal-partner.demo': undefined,
      };
      assert.deepEqual(Object.keys(reach).sort(), accounts.map((account) => account.email).sort());
      for (const account of accounts) {
        const signIn = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: account.email, password: account.password },
        });
        assert.equal(signIn.statusCode, 200, `${account.email}: ${signIn.body}`);
        let cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const state = JSON.parse(signIn.body) as { stage: string; csrfToken: string };
        if (account.totpSecret) {
          assert.equal(state.stage, 'totp_required');
          const code = currentTotpCode(account.totpSecret, NOW);
          const second = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/second-factor',
            headers: { cookie, 'x-csrf-token': state.csrfToken },
            payload: { code },
          });
          assert.equal(second.statusCode, 200, `${account.email}: ${second.body}`);
          // The second factor renews the cookie.
          cookie = second.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        } else {
          assert.equal(state.stage, 'active');
        }
        const search = await app.inject({ method: 'GET', url: '/api/v1/cases?limit=100', headers: { cookie } });
        const expected = reach[account.email];
        if (expected === undefined) {
          assert.equal(search.statusCode, 403, account.email);
        } else {
          assert.equal(search.statusCode, 200, `${account.email}: ${search.body}`);
          assert.equal((JSON.parse(search.body) as { items: unknown[] }).items.length, expected, account.email);
        }
        if (account.role === 'caseworker') {
          const shared = await app.inject({ method: 'GET', url: '/api/v1/shared-cases', headers: { cookie } });
          assert.equal((JSON.parse(shared.body) as { items: unknown[] }).items.length, 1, `${account.email}: ${shared.body}`);
        }
      }
    } finally {
      await app.close();
    }
  });
});

describe('demo places', () => {
  const forces = ['dyfed-powys', 'thames-valley'] as const;

  it('draws each force area as a valid outline of 25 to 60 vertices, wholly inside the country', () => {
    for (const jurisdiction of Object.values(DEMO_JURISDICTIONS))
      assert.equal(areaProblem(jurisdiction.geometry), undefined, jurisdiction.code);
    for (const force of forces) {
      const outline = DEMO_JURISDICTIONS[force].geometry.coordinates[0]!;
      assert.ok(outline.length - 1 >= 25 && outline.length - 1 <= 60, `${force}: ${outline.length - 1} vertices`);
      for (const [lon, lat] of outline)
        assert.ok(areaContains(DEMO_JURISDICTIONS.country.geometry, lon!, lat!), `${force} vertex ${lon}, ${lat} is in the country`);
    }
  });

  it('puts every town inside its own force area and outside the other', () => {
    for (const place of Object.values(DEMO_PLACES)) {
      for (const force of forces) {
        assert.equal(
          areaContains(DEMO_JURISDICTIONS[force].geometry, place.lon, place.lat),
          force === place.force,
          `${place.town} and ${force}`,
        );
      }
    }
  });
});

describe('demo credentials', () => {
  const accounts: DemoAccount[] = [
    {
      email: 'investigator@force.demo',
      name: 'DC Test',
      role: 'investigator',
      organisation: 'force',
      password: 'bada-kefi-mono-pusa-42',
      totpSecret: null,
    },
    {
      email: 'approver@force.demo',
      name: 'DI Test',
      role: 'approver',
      organisation: 'force',
      password: 'zuvo-rite-hagu-sobe-17',
      totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    },
  ];
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-demo-credentials-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the accounts in a file only its owner can read, and reads them back', () => {
    assert.equal(readDemoCredentials(dataDir), undefined);
    writeDemoCredentials(dataDir, accounts);
    const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readDemoCredentials(dataDir), accounts);
    fs.writeFileSync(file, '{"accounts": [{"email": 1}]}');
    assert.equal(readDemoCredentials(dataDir), undefined);
    fs.writeFileSync(file, 'not json');
    assert.equal(readDemoCredentials(dataDir), undefined);
  });

  it('prints a table with the password, the secret and the code valid now', () => {
    const table = formatDemoAccounts(accounts, NOW);
    const lines = table.split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^Email +Role +Organisation +Password +TOTP secret +Code at 15:00:00 GMT$/);
    assert.match(lines[2]!, /^investigator@force\.demo +investigator +force +bada-kefi-mono-pusa-42 +- +-$/);
    assert.ok(lines[3]!.includes('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'));
    assert.ok(lines[3]!.endsWith(currentTotpCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', NOW)));
    // Columns line up: the password starts at the same place on every row.
    assert.equal(lines[2]!.indexOf('bada-'), lines[3]!.indexOf('zuvo-'));
  });
});
