// Webhooks an organisation registers: the secret shown once, never listed, rotated; areas by jurisdiction,
// cells or national; URLs refused that could leak or mislead; and no reach into another organisation's.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { latLngToCell } from 'h3-js';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, square, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { cellsForArea } from '../geo/cells.ts';
import { addPartnerOrganisation, countRows } from './enrolment.test-support.ts';

describeOnEngines('Organisation webhooks', (engine) => {
  let world: TestWorld;
  const partner = () => asToken(world, 'partner/partner_admin');
  const cellsOf = (id: string) => countRows(world, 'subscriber_cells WHERE subscriber_id = $1', [id]);

  before(async () => {
    world = await startTestWorld(engine);
    await addPartnerOrganisation(world, 'rival');
  });
  after(() => world.close());

  it('returns the secret once, never lists it, and rotates it', async () => {
    const created = await partner()('POST', '/api/v1/enrolment/webhooks', {
      name: 'Depot displays',
      url: 'http://127.0.0.1:8099/alerts',
      area: { jurisdictionCodes: ['area-a'] },
      language: 'cy',
      exercises: true,
    });
    assert.equal(created.statusCode, 201, created.body);
    const webhook = JSON.parse(created.body);
    assert.match(webhook.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.match(webhook.externalRef, /^webhook:[0-9a-f-]{36}$/);
    assert.deepEqual(
      [webhook.name, webhook.url, webhook.language, webhook.exercises],
      ['Depot displays', 'http://127.0.0.1:8099/alerts', 'cy', true],
    );
    assert.equal(webhook.cells, cellsForArea([{ kind: 'polygon', geometry: square(-5, 51.8, -2.6, 53.4) }]).cells.length);
    assert.equal(await cellsOf(webhook.id), webhook.cells);

    const stored = await world.db.query<{ webhook_secret: string; confirmed: boolean }>(
      `SELECT webhook_secret, confirmed_at IS NOT NULL AS confirmed FROM subscriber_channels WHERE subscriber_id = $1 AND channel = 'webhook'`,
      [webhook.id],
    );
    assert.deepEqual(stored.rows[0], { webhook_secret: webhook.secret, confirmed: true });

    const list = await partner()('GET', '/api/v1/enrolment/webhooks');
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes('whsec_'), 'the list never shows a secret');
    assert.ok(!list.body.includes('"secret"'));
    assert.deepEqual(
      JSON.parse(list.body).items.map((w: { id: string }) => w.id),
      [webhook.id],
    );
    // The area is named by the force areas it falls in, not only counted in cells.
    assert.deepEqual(JSON.parse(list.body).items[0].areaNames, ['Area A']);
    // Webhooks made here are not among the recipients a file enrolled (their own routes remove them).
    assert.equal(JSON.parse((await partner()('GET', '/api/v1/enrolment/recipients')).body).counts.total, 0);

    const rotated = await partner()('POST', `/api/v1/enrolment/webhooks/${webhook.id}/rotate-secret`);
    assert.equal(rotated.statusCode, 200, rotated.body);
    const { secret } = JSON.parse(rotated.body);
    assert.match(secret, /^whsec_/);
    assert.notEqual(secret, webhook.secret);
    const rotatedRow = await world.db.query<{ webhook_secret: string }>(
      `SELECT webhook_secret FROM subscriber_channels WHERE subscriber_id = $1`,
      [webhook.id],
    );
    assert.equal(rotatedRow.rows[0]!.webhook_secret, secret);

    const actions = await world.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE action LIKE 'enrolment.webhook%' ORDER BY seq`,
    );
    assert.deepEqual(
      actions.rows.map((r) => r.action),
      ['enrolment.webhook_created', 'enrolment.webhook_secret_rotated'],
    );
    assert.ok(!JSON.stringify(actions.rows).includes('whsec_'), 'secrets stay out of the audit log');

    assert.equal((await partner()('DELETE', `/api/v1/enrolment/webhooks/${webhook.id}`)).statusCode, 204);
    assert.deepEqual(JSON.parse((await partner()('GET', '/api/v1/enrolment/webhooks')).body).items, []);
    assert.equal(await cellsOf(webhook.id), 0);
    assert.equal((await partner()('DELETE', `/api/v1/enrolment/webhooks/${webhook.id}`)).statusCode, 404);
  });

  it('takes areas as H3 cells, and national as the cells of the country', async () => {
    const coarse = latLngToCell(52.5, -3.5, 6);
    const byCells = JSON.parse(
      (
        await partner()('POST', '/api/v1/enrolment/webhooks', {
          name: 'Two cells',
          url: 'https://hooks.example.org/a',
          area: { cells: [coarse, latLngToCell(51.5, -1.5, 7)] },
        })
      ).body,
    );
    assert.equal(byCells.cells, 7 + 1);
    const national = await partner()('POST', '/api/v1/enrolment/webhooks', {
      name: 'Everywhere',
      url: 'https://hooks.example.org/n',
      area: { national: true },
    });
    assert.equal(national.statusCode, 201, national.body);
    assert.equal(JSON.parse(national.body).cells, cellsForArea([{ kind: 'polygon', geometry: square(-8, 49.8, 2, 59) }]).cells.length);
    for (const id of [byCells.id, JSON.parse(national.body).id])
      assert.equal((await partner()('DELETE', `/api/v1/enrolment/webhooks/${id}`)).statusCode, 204);
  });

  it('refuses URLs and areas it cannot use, creating nothing', async () => {
    const before = await countRows(world, 'subscribers');
    const create = (body: Record<string, unknown>) =>
      partner()('POST', '/api/v1/enrolment/webhooks', { name: 'x', url: 'https://hooks.example.org/x', area: { national: true }, ...body });
    for (const url of [
      'http://hooks.example.org/x',
      'https://user:secret@hooks.example.org/x',
      'ftp://hooks.example.org/x',
      'javascript:alert(1)',
      'not a url',
      `https://hooks.example.org/${'x'.repeat(2048)}`,
    ]) {
      const response = await create({ url });
      assert.equal(response.statusCode, 400, url);
    }
    assert.match(JSON.parse((await create({ url: 'http://hooks.example.org/x' })).body).detail, /https/);
    // Domain refusals carry a field pointer and a stable code, as the validator's do.
    const refusal = async (body: Record<string, unknown>) => {
      const response = await create(body);
      assert.equal(response.statusCode, 400, response.body);
      return (JSON.parse(response.body) as { errors: { pointer: string; code: string }[] }).errors[0];
    };
    assert.deepEqual(await refusal({ area: {} }), {
      pointer: '/body/area',
      code: 'area-empty',
      detail: 'the area is empty: give jurisdictionCodes, cells, or national',
    });
    assert.deepEqual(await refusal({ area: { jurisdictionCodes: ['atlantis'] } }).then((e) => [e?.pointer, e?.code]), [
      '/body/area/jurisdictionCodes',
      'unknown-jurisdiction',
    ]);
    assert.equal((await refusal({ area: { national: true, cells: [latLngToCell(52.5, -3.5, 7)] } }))?.code, 'area-national-mixed');
    assert.equal((await refusal({ language: 'english!' }))?.code, 'language-tag');
    assert.equal((await create({ area: { cells: [latLngToCell(52.5, -3.5, 9)] } })).statusCode, 400);
    assert.equal((await create({ language: 'english!' })).statusCode, 400);
    assert.equal((await create({ secret: 'whsec_mine' })).statusCode, 400);
    assert.equal(await countRows(world, 'subscribers'), before);
  });

  it('keeps each organisation to its own webhooks', async () => {
    const ours = JSON.parse(
      (
        await partner()('POST', '/api/v1/enrolment/webhooks', {
          name: 'Ours',
          url: 'https://hooks.example.org/ours',
          area: { jurisdictionCodes: ['area-b'] },
        })
      ).body,
    );
    const rival = asToken(world, 'rival/partner_admin');
    assert.deepEqual(JSON.parse((await rival('GET', '/api/v1/enrolment/webhooks')).body).items, []);
    assert.equal((await rival('POST', `/api/v1/enrolment/webhooks/${ours.id}/rotate-secret`)).statusCode, 404);
    assert.equal((await rival('DELETE', `/api/v1/enrolment/webhooks/${ours.id}`)).statusCode, 404);
    const stored = await world.db.query<{ webhook_secret: string }>(
      `SELECT webhook_secret FROM subscriber_channels WHERE subscriber_id = $1`,
      [ours.id],
    );
    assert.equal(stored.rows[0]!.webhook_secret, ours.secret, 'unchanged by the other organisation');
    assert.equal((await asToken(world, 'force-a/investigator')('GET', '/api/v1/enrolment/webhooks')).statusCode, 403);
    assert.equal((await asToken(world, 'force-a/administrator')('GET', '/api/v1/enrolment/webhooks')).statusCode, 200);
    const openapi = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body);
    assert.ok(openapi.paths['/api/v1/enrolment/webhooks'].post, 'the enrolment API is published');
    assert.ok(openapi.paths['/api/v1/enrolment/recipients/import'].post);
    assert.deepEqual(JSON.parse((await asToken(world, 'force-a/administrator')('GET', '/api/v1/enrolment/webhooks')).body).items, []);
  });
});
