// Changing a partner over HTTP, on both databases: the national centre alone may, every change is validated
// (problem+json naming the field) and audited without any key; a new key replaces the old one at once, a
// disabled partner's key stops working until it is enabled again, and a feed needs our key there.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, TEST_USERS, type TestWorld } from '../../test/support/app.ts';

interface Partner {
  code: string;
  name: string;
  personFields: string[];
  feedUrl: string | null;
  revokedAt: string | null;
}

describeOnEngines('changing PFIF partners', (engine) => {
  let world: TestWorld;
  let firstKey: string;
  const national = () => asToken(world, 'national/national_coordinator');
  const feedWith = (key: string) =>
    world.app.inject({ method: 'GET', url: '/pfif/1.4/persons', headers: { 'x-partner-key': key } }).then((r) => r.statusCode);

  before(async () => {
    world = await startTestWorld(engine);
    const created = await national()('POST', '/api/v1/exchange/partners', { code: 'ie-site', name: 'Ireland', personFields: ['sex'] });
    assert.equal(created.statusCode, 201, created.body);
    firstKey = (JSON.parse(created.body) as { key: string }).key;
  });
  after(() => world.close());

  it('lets only the national centre change a partner', async () => {
    for (const who of TEST_USERS.filter((user) => user !== 'national/national_coordinator')) {
      const refused = await asToken(world, who)('PATCH', '/api/v1/exchange/partners/ie-site', { name: 'Taken over' });
      assert.equal(refused.statusCode, 403, `${who}: ${refused.body}`);
    }
    const anonymous = await world.app.inject({ method: 'PATCH', url: '/api/v1/exchange/partners/ie-site', payload: { name: 'Anyone' } });
    assert.ok([401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
    const { rows } = await world.db.query<{ name: string }>(`SELECT name FROM pfif_partners WHERE code = 'ie-site'`);
    assert.equal(rows[0]!.name, 'Ireland');
  });

  it('refuses bad changes with a problem naming the field, and an unknown partner as not found', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, ''],
      [{ nickname: 'x' }, ''],
      [{ name: '' }, '/body/name'],
      [{ personFields: ['home_street'] }, '/body/personFields/0'],
      [{ personFields: ['sex', 'sex'] }, '/body/personFields'],
      [{ feedUrl: 'ftp://partner.example/pfif' }, '/body/feedUrl'],
      [{ feedUrl: 'https://partner.example/pfif/1.4' }, '/body/feedKey'],
      [{ feedUrl: null, feedKey: 'our-key-there' }, '/body/feedKey'],
      [{ enabled: 'no' }, '/body/enabled'],
      [{ rotateKey: false }, '/body/rotateKey'],
    ];
    for (const [body, pointer] of cases) {
      const refused = await national()('PATCH', '/api/v1/exchange/partners/ie-site', body);
      assert.equal(refused.statusCode, 400, `${JSON.stringify(body)}: ${refused.body}`);
      assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
      if (pointer) assert.ok(refused.body.includes(`"${pointer}`), `${JSON.stringify(body)} names ${pointer}: ${refused.body}`);
    }
    const missing = await national()('PATCH', '/api/v1/exchange/partners/nobody', { name: 'Nobody' });
    assert.equal(missing.statusCode, 404);
  });

  it('changes name, fields and feed, rotates the key and disables and enables, each audited without a key', async () => {
    const changed = await national()('PATCH', '/api/v1/exchange/partners/ie-site', {
      name: 'Ireland national centre',
      personFields: ['sex', 'age', 'photo_url'],
      feedUrl: 'https://partner.example/pfif/1.4',
      feedKey: 'our-key-at-the-partner',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const { partner } = JSON.parse(changed.body) as { partner: Partner; key?: string };
    assert.deepEqual(
      { name: partner.name, fields: partner.personFields, feedUrl: partner.feedUrl },
      { name: 'Ireland national centre', fields: ['sex', 'age', 'photo_url'], feedUrl: 'https://partner.example/pfif/1.4' },
    );
    assert.doesNotMatch(changed.body, /our-key-at-the-partner|key_hash/);

    assert.equal(await feedWith(firstKey), 200);
    const rotated = await national()('PATCH', '/api/v1/exchange/partners/ie-site', { rotateKey: true });
    assert.equal(rotated.statusCode, 200, rotated.body);
    const { key } = JSON.parse(rotated.body) as { key: string };
    assert.match(key, /^fmp_/);
    assert.notEqual(await feedWith(firstKey), 200, 'the old key stops at once');
    assert.equal(await feedWith(key), 200);

    const disabled = await national()('PATCH', '/api/v1/exchange/partners/ie-site', { enabled: false });
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.notEqual((JSON.parse(disabled.body) as { partner: Partner }).partner.revokedAt, null);
    assert.notEqual(await feedWith(key), 200);
    const enabled = await national()('PATCH', '/api/v1/exchange/partners/ie-site', { enabled: true });
    assert.equal((JSON.parse(enabled.body) as { partner: Partner }).partner.revokedAt, null);
    assert.equal(await feedWith(key), 200);

    const stopped = await national()('PATCH', '/api/v1/exchange/partners/ie-site', { feedUrl: null });
    assert.equal((JSON.parse(stopped.body) as { partner: Partner }).partner.feedUrl, null);
    const { rows: feed } = await world.db.query<{ feed_key: string | null }>(`SELECT feed_key FROM pfif_partners WHERE code = 'ie-site'`);
    assert.equal(feed[0]!.feed_key, null, 'our key there is forgotten with the feed');

    const { rows } = await world.db.query<{ details: { code: string; fields: string[] }; actor: string }>(
      `SELECT details, actor FROM audit_log WHERE action = 'exchange.partner_changed' ORDER BY seq`,
    );
    assert.deepEqual(
      rows.map((row) => row.details.fields),
      [['name', 'personFields', 'feedUrl', 'feedKey'], ['rotateKey'], ['enabled'], ['enabled'], ['feedUrl']],
    );
    assert.ok(rows.every((row) => row.actor.startsWith('national_coordinator@')));
    assert.doesNotMatch(JSON.stringify(rows), /fmp_|our-key-at-the-partner/);
  });
});
