// Requests the router cannot take: an over-long path segment (414), a path that is not valid
// percent-encoding (400), a path that exists with other methods (405 with Allow), and a body in a media
// type the route does not take (415). All as problem details that never repeat an over-long path.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ENGINES } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';

const PROBLEM = /^application\/problem\+json/;

describe('routing errors', () => {
  let world: TestWorld;
  let token: string;
  before(async () => {
    world = await startTestWorld(TEST_ENGINES[0]!, { users: { 'force-a': ['investigator', 'administrator'] } });
    token = world.tokens['force-a/investigator']!;
  });
  after(() => world.close());

  it('answers an over-long path segment with a 414 problem that does not repeat the path', async () => {
    const segment = `Amelia-Testcase-${'x'.repeat(400)}`;
    const response = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${segment}`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.statusCode, 414);
    assert.match(String(response.headers['content-type']), PROBLEM);
    assert.ok(!response.body.includes('Amelia'), response.body);
    const body = response.json<{ type: string; status: number; instance?: string }>();
    assert.equal(body.status, 414);
    assert.match(body.type, /uri-too-long$/);
    assert.equal(body.instance, undefined);
  });

  it('answers a path that is not valid percent-encoding with a 400 problem', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/v1/cases/%E0%A4%A' });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), PROBLEM);
    assert.match(response.json<{ type: string }>().type, /malformed$/);
  });

  it('never names an over-long path or a link secret in a 404', async () => {
    const long = await world.app.inject({ method: 'GET', url: `/no/such/${'y'.repeat(150)}/${'z'.repeat(150)}` });
    assert.equal(long.statusCode, 404);
    assert.ok(!long.body.includes('yyyy'), long.body);
    assert.equal(long.json<{ instance?: string }>().instance, undefined);
    const secret = await world.app.inject({ method: 'PUT', url: '/alerts/unsubscribe/6f1c0d7e/sEcReTtOkEn' });
    assert.ok(!secret.body.includes('sEcReTtOkEn'), secret.body);
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const health = await world.app.inject({ method: 'DELETE', url: '/healthz' });
    assert.equal(health.statusCode, 405);
    assert.match(String(health.headers['content-type']), PROBLEM);
    assert.equal(health.headers.allow, 'GET, HEAD');

    const cases = await world.app.inject({ method: 'PUT', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } });
    assert.equal(cases.statusCode, 405);
    assert.equal(cases.headers.allow, 'GET, HEAD, POST');

    // A path with a parameter.
    const approve = await world.app.inject({
      method: 'GET',
      url: '/api/v1/alerts/6f1c0d7e-1111-4222-8333-944445555666/approve',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(approve.statusCode, 405);
    assert.equal(approve.headers.allow, 'POST');
    assert.equal(approve.json<{ status: number }>().status, 405);

    const nothing = await world.app.inject({ method: 'DELETE', url: '/api/v1/no-such-thing' });
    assert.equal(nothing.statusCode, 404);
  });

  it('answers a body in a media type the route does not take with 415', async () => {
    const headers = { authorization: `Bearer ${token}` };
    for (const [contentType, payload] of [
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'givenNames=Amelia'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'],
      ['application/xml', '<case/>'],
    ] as const) {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { ...headers, 'content-type': contentType },
        payload,
      });
      assert.equal(response.statusCode, 415, `${contentType}: ${response.body}`);
      assert.match(String(response.headers['content-type']), PROBLEM);
      // Fastify itself refuses types it has no parser for; the others name what to send.
      if (contentType === 'text/plain' || contentType.startsWith('multipart/'))
        assert.match(response.json<{ detail: string }>().detail, /application\/json/, contentType);
    }
    // A route that takes another type says which.
    const admin = { authorization: `Bearer ${world.tokens['force-a/administrator']!}` };
    const csv = await world.app.inject({
      method: 'POST',
      url: '/api/v1/enrolment/recipients/import',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(csv.statusCode, 415, csv.body);
    // JSON still reaches validation.
    const json = await world.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: {} });
    assert.equal(json.statusCode, 400);
  });
});
