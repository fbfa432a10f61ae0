// Reports through the "report" button on both databases: the banner, anonymous and with contact details,
// attachments, links kept as text, the form and API, the partner button script, and hostile text made inert.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { jpegWithGps } from '../../test/support/images.ts';
import { seedDemoGazetteer } from '../geo/gazetteer.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey, XSS } from './test-support.ts';

describeOnEngines('Reports from the public', (engine) => {
  let world: TestWorld;
  const postApi = (body: Record<string, unknown>) =>
    world.app.inject({ method: 'POST', url: '/api/v1/public/reports', remoteAddress: freshClientAddress(), payload: body });
  const postForm = (fields: Record<string, string>, files: Parameters<typeof multipartBody>[1] = []) => {
    const form = multipartBody(fields, files);
    return world.app.inject({
      method: 'POST',
      url: '/report',
      remoteAddress: freshClientAddress(),
      headers: { 'content-type': form.contentType },
      payload: form.payload,
    });
  };
  const reportRows = (key: string) =>
    world.db.query<{
      reference: string;
      category: string;
      contact_name: string | null;
      contact_phone: string | null;
      contact_email: string | null;
      details: Record<string, unknown>;
      lat: number | null;
      place_text: string | null;
      queue: string;
    }>(
      `SELECT reference, category, contact_name, contact_phone, contact_email, details, lat, place_text, queue FROM public_submissions WHERE idempotency_key = $1`,
      [key],
    );

  before(async () => {
    world = await startTestWorld(engine);
    await seedDemoGazetteer(world.db);
  });
  after(() => world.close());

  it('shows the emergency banner before the form', async () => {
    const page = await world.app.inject({ method: 'GET', url: '/report?from=partner.example' });
    assert.equal(page.statusCode, 200);
    const banner = page.body.indexOf(
      'If a child is in danger now, call 999. If you have seen a missing child, call 116 000. This is not an emergency service.',
    );
    assert.ok(banner > 0 && banner < page.body.indexOf('<form'), 'the banner comes first');
    assert.match(page.body, /name="from" value="partner\.example"/);
  });

  it('takes an anonymous report through the API, once per idempotency key', async () => {
    const body = {
      idempotencyKey: uniqueKey(),
      ...(await solvedChallenge(world.db, world.clock.now())),
      category: 'online_grooming',
      description: 'An adult messaging my niece',
      links: ['https://social.example/u/someone'],
    };
    const first = await postApi(body);
    assert.equal(first.statusCode, 201, first.body);
    const reference = JSON.parse(first.body).reference;
    assert.match(reference, /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const again = await postApi(body);
    assert.equal(JSON.parse(again.body).reference, reference);
    const { rows } = await reportRows(body.idempotencyKey);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.contact_name, null);
    assert.equal(rows[0]!.contact_email, null);
    assert.deepEqual(rows[0]!.details.links, ['https://social.example/u/someone']);
    assert.equal(rows[0]!.queue, 'national', 'no place: national triage');
  });

  it('takes a report with contact details, a place and photos through the form', async () => {
    const key = uniqueKey();
    const photo = await jpegWithGps(300, 200);
    const response = await postForm(
      {
        idempotency_key: key,
        category: 'suspected_trafficking',
        description: 'Children dropped at a car wash at night',
        place: 'Aberystwyth',
        who: 'Two men',
        link1: 'https://a.example/x',
        contact_name: 'Sam',
        contact_phone: '07400 123456',
        contact_email: 'Sam@Example.org',
      },
      [
        { field: 'attachment', filename: 'a.jpg', type: 'image/jpeg', bytes: photo },
        { field: 'attachment', filename: 'b.jpg', type: 'image/jpeg', bytes: photo },
      ],
    );
    assert.equal(response.statusCode, 200, response.body.slice(0, 400));
    const { rows } = await reportRows(key);
    assert.equal(rows[0]!.category, 'suspected_trafficking');
    assert.equal(rows[0]!.contact_email, 'sam@example.org');
    assert.equal(rows[0]!.contact_phone, '+447400123456');
    assert.ok(rows[0]!.lat !== null);
    assert.equal(rows[0]!.details.noScript, true, 'sent without a solved challenge: flagged');
    const { rows: files } = await world.db.query<{ sha256: string }>(
      `SELECT a.sha256 FROM submission_attachments a JOIN public_submissions s ON s.id = a.submission_id WHERE s.idempotency_key = $1`,
      [key],
    );
    assert.deepEqual(
      files.map((f) => f.sha256),
      Array(2).fill(createHash('sha256').update(photo).digest('hex')),
    );
  });

  it('refuses a report without a category or description, with bad links or a non-image file, storing nothing', async () => {
    const count = async () =>
      Number((await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public_submissions WHERE kind = 'report'`)).rows[0]!.n);
    const before = await count();
    const base = { idempotencyKey: uniqueKey(), category: 'other', description: 'Something' };
    for (const [change, message] of [
      [{ category: 'nonsense' }, /what the report is about/],
      [{ description: '' }, /what happened/i],
      [{ links: ['javascript:alert(1)'] }, /http/],
      [
        {
          links: [
            'https://a.example/1',
            'https://a.example/2',
            'https://a.example/3',
            'https://a.example/4',
            'https://a.example/5',
            'https://a.example/6',
          ],
        },
        /at most 5/,
      ],
    ] as [Record<string, unknown>, RegExp][]) {
      const response = await postApi({ ...base, ...(await solvedChallenge(world.db, world.clock.now())), ...change });
      assert.equal(response.statusCode, 400, response.body);
      assert.match(JSON.parse(response.body).detail, message);
    }
    const pdf = await postForm({ idempotency_key: uniqueKey(), category: 'other', description: 'x' }, [
      { field: 'attachment', filename: 'a.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n%EOF') },
    ]);
    assert.equal(pdf.statusCode, 422);
    assert.equal(await count(), before);
  });

  it('renders HTML and script in every field inert, and shows links as text', async () => {
    const fields = {
      idempotency_key: uniqueKey(),
      category: 'other',
      description: XSS,
      who: XSS,
      place: XSS,
      link1: `https://x.example/"><script>alert(2)</script>`,
      contact_name: XSS,
    };
    const receipt = await postForm(fields);
    assert.equal(receipt.statusCode, 200, receipt.body.slice(0, 300));
    const refused = await postForm({ ...fields, idempotency_key: uniqueKey(), category: XSS });
    assert.equal(refused.statusCode, 422);
    for (const body of [receipt.body, refused.body]) {
      assert.ok(!body.includes('<script>alert'), 'no live script');
      assert.ok(!body.includes('<img src=x'), 'no live element');
      assert.ok(!/<a [^>]*href="https:\/\/x\.example/.test(body), 'links are never live');
      assert.ok(body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    }
  });

  it('serves the partner button as JavaScript that links to the report form', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/report/button.js' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/javascript/);
    assert.ok(response.body.includes(JSON.stringify(`${world.deps.config.publicUrl}/report`)));
    assert.match(response.body, /\?from=/);
    for (const url of ['/report/intake.js', '/report/pow-worker.js']) {
      assert.match(String((await world.app.inject({ method: 'GET', url })).headers['content-type']), /^text\/javascript/);
    }
  });
});
