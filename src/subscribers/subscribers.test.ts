// Members of the public signing up for alerts, on both databases: the form and the API, what is stored
// (addresses and coarse cells, never a point), confirming by link and by code, re-signing up, leaving by
// one-click and by STOP, the manage page, and hostile input.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createHash, randomBytes, randomUUID } from 'node:crypto';
import { gridDisk } from 'h3-js';
import { describeOnEngines } from '../../test/support/databases.ts';
import { worldPerEngine, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { cellToBigInt, pointToCell } from '../geo/cells.ts';
import { linkSecret, recipientToken } from './links.ts';
import { removeAbandonedSignUps, unsubscribeByAddress, isStopKeyword } from './store.ts';
import { ensureReferenceGazetteer } from '../geo/reference-gazetteer.ts';

const FORM = 'application/x-www-form-urlencoded';
const OXFORD = { lon: -1.2583, lat: 51.753 };

let addressCounter = 0;
/** A fresh client address per use, so that the per-address rate limits only bite where a test wants them. */
function nextIp(): string {
  addressCounter++;
  return `127.3.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}
function uniqueEmail(tag: string): string {
  return `${tag}-${randomUUID().slice(0, 8)}@example.org`;
}
let phoneCounter = 0;
/** A UK mobile number, national form, unique to the run. */
function uniquePhone(): { national: string; e164: string } {
  phoneCounter++;
  const digits = String((Date.now() % 900_000) + phoneCounter)
    .padStart(6, '0')
    .slice(-6);
  return { national: `07400 ${digits}`, e164: `+447400${digits}` };
}
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  return { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

function encode(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Requests and reads of one world's sign-ups; `world` is read when each is called, after `before` has opened it. */
function signUpHelpers(world: () => TestWorld) {
  const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}, ip = nextIp()) =>
    world().app.inject({ method: 'POST', url, remoteAddress: ip, headers: { 'content-type': FORM, ...headers }, payload: encode(fields) });
  const get = (url: string, headers: Record<string, string> = {}) =>
    world().app.inject({ method: 'GET', url, remoteAddress: nextIp(), headers });
  const api = (url: string, body: unknown, ip = nextIp()) =>
    world().app.inject({ method: 'POST', url, remoteAddress: ip, payload: body as object });

  async function count(table: string): Promise<number> {
    const { rows } = await world().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]!.n;
  }
  async function channelsOf(address: string) {
    const { rows } = await world().db.query<{
      subscriber_id: string;
      channel: string;
      address: string;
      confirmed_at: Date | null;
      confirm_hash: string | null;
      confirm_expires_at: Date | null;
      confirm_attempts: number;
      created_at: Date;
    }>('SELECT * FROM subscriber_channels WHERE address = $1 ORDER BY created_at', [address]);
    return rows;
  }
  async function cellsOf(subscriberId: string): Promise<string[]> {
    const { rows } = await world().db.query<{ cell: string }>(
      'SELECT cell::text AS cell FROM subscriber_cells WHERE subscriber_id = $1 ORDER BY cell',
      [subscriberId],
    );
    return rows.map((row) => row.cell);
  }
  async function confirmationsTo(subscriberId: string, channel: 'email' | 'sms') {
    const { rows } = await world().db.query<{ state: string; payload: { code?: string; link?: string; language: string } }>(
      `SELECT state, payload FROM deliveries WHERE subscriber_id = $1 AND channel = $2 AND notice = 'confirm' ORDER BY id`,
      [subscriberId, channel],
    );
    return rows;
  }
  const cellText = (lon: number, lat: number) => cellToBigInt(pointToCell(lon, lat)).toString();

  function signUpFields(overrides: Record<string, string> = {}): Record<string, string> {
    return { channel_email: 'yes', email: uniqueEmail('person'), place1: 'Oxford', language: 'en', consent: 'yes', ...overrides };
  }
  return { postForm, get, api, count, channelsOf, cellsOf, confirmationsTo, cellText, signUpFields };
}

// One world per engine for the file's four suites: each sign-up has an address of its own, each request a client
// address of its own, and a test that moves the clock puts it back.
const worldOf = worldPerEngine({ users: { 'force-a': ['investigator', 'approver'] } });

describeOnEngines('Public sign-up for alerts: the form and the API', (engine) => {
  let world: TestWorld;
  const { postForm, get, api, count, channelsOf, cellsOf, confirmationsTo, cellText, signUpFields } = signUpHelpers(() => world);

  before(async () => {
    world = await worldOf(engine);
  });

  it('shows an accessible sign-up form in the asked language, with no JavaScript needed to send it', async () => {
    const page = await get('/alerts/sign-up');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<html lang="en" dir="ltr">/);
    assert.match(page.body, /<form class="stack" id="sign-up" method="post" action="\/alerts\/sign-up\?lang=en"/);
    for (const id of ['channel_email', 'channel_sms', 'email', 'phone', 'place1', 'place2', 'place3', 'language', 'exercises', 'consent']) {
      assert.match(page.body, new RegExp(`<label for="${id}">`), `label for ${id}`);
      assert.match(page.body, new RegExp(`id="${id}"`), `control ${id}`);
    }
    assert.match(page.body, /<script src="\/alerts\/assets\/subscribe\.js" defer><\/script>/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);

    const arabic = await get('/alerts/sign-up?lang=ar');
    assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
    assert.match(arabic.body, /تنبيهات إنقاذ الأطفال/);
    const welsh = await get('/alerts/sign-up', { 'accept-language': 'cy-GB,cy;q=0.9' });
    assert.match(welsh.body, /<html lang="cy" dir="ltr">/);
  });

  it('signs up through the form: subscriber, unconfirmed channels, coarse cells, queued confirmations, and no point stored', async () => {
    const email = uniqueEmail('form');
    const phone = uniquePhone();
    const before = await count('subscribers');
    const response = await postForm('/alerts/sign-up?lang=en', {
      channel_email: 'yes',
      channel_sms: 'yes',
      email: `  ${email.toUpperCase()} `,
      phone: phone.national,
      place1: 'oxford',
      // "Use my location", already rounded by the browser.
      place2: 'Near my location',
      lat2: '51.46',
      lon2: '-0.97',
      language: 'cy',
      exercises: 'yes',
      consent: 'yes',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.body, /Check your messages/);
    assert.match(response.body, new RegExp(email.replace(/[.]/g, '\\.')));
    assert.match(response.body, /name="code"/, 'the SMS code form is on the page');
    assert.equal(await count('subscribers'), before + 1);

    const [emailRow] = await channelsOf(email);
    assert.ok(emailRow, 'the email is stored lower-cased and trimmed');
    const subscriberId = emailRow.subscriber_id;
    const [smsRow] = await channelsOf(phone.e164);
    assert.equal(smsRow?.subscriber_id, subscriberId, 'the number is stored in E.164');
    for (const row of [emailRow, smsRow]) {
      assert.equal(row.confirmed_at, null);
      assert.match(row.confirm_hash!, /^[0-9a-f]{64}$/);
    }
    const now = world.clock.now().getTime();
    assert.equal(emailRow.confirm_expires_at!.getTime() - now, 24 * 3_600_000);
    assert.equal(smsRow.confirm_expires_at!.getTime() - now, 30 * 60_000);

    const { rows: subscriber } = await world.db.query<{ language: string; include_exercises: boolean; organisation_id: string | null }>(
      'SELECT * FROM subscribers WHERE id = $1',
      [subscriberId],
    );
    assert.deepEqual(subscriber[0] && { l: subscriber[0].language, x: subscriber[0].include_exercises, o: subscriber[0].organisation_id }, {
      l: 'cy',
      x: true,
      o: null,
    });

    // The cells are the res-7 cells of the town and of the rounded point, nothing else.
    assert.deepEqual(await cellsOf(subscriberId), [cellText(OXFORD.lon, OXFORD.lat), cellText(-0.97, 51.46)].sort());

    // Confirmations: a link whose secret hashes to the stored hash, and a six-digit code, in Welsh.
    const [emailConfirmation] = await confirmationsTo(subscriberId, 'email');
    assert.equal(emailConfirmation?.state, 'queued');
    const link = emailConfirmation.payload.link!;
    // The link carries the language chosen, so the page it opens speaks it whatever the mail client's browser asks.
    const match = new RegExp(`^http://localhost:8080/alerts/confirm/${subscriberId}/([A-Za-z0-9_-]{43})\\?lang=cy$`).exec(link);
    assert.ok(match, link);
    assert.equal(createHash('sha256').update(match[1]!).digest('hex'), emailRow.confirm_hash);
    assert.equal(emailConfirmation.payload.language, 'cy');
    const [smsConfirmation] = await confirmationsTo(subscriberId, 'sms');
    assert.match(smsConfirmation!.payload.code!, /^\d{6}$/);
    assert.equal(smsConfirmation!.payload.code!.length, 6);

    // No coordinate anywhere: not the point given, not the town's.
    const stored = JSON.stringify([
      (await world.db.query('SELECT * FROM subscribers WHERE id = $1', [subscriberId])).rows,
      (await world.db.query('SELECT * FROM subscriber_channels WHERE subscriber_id = $1', [subscriberId])).rows,
      (await world.db.query('SELECT cell::text FROM subscriber_cells WHERE subscriber_id = $1', [subscriberId])).rows,
      (await world.db.query('SELECT * FROM deliveries WHERE subscriber_id = $1', [subscriberId])).rows,
    ]);
    for (const coordinate of ['51.46', '-0.97', '0.97', '51.75', '1.25', '-1.2583'])
      assert.ok(!stored.includes(coordinate), `${coordinate} is not stored`);
    const { rows: columns } = await world.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name IN ('subscribers', 'subscriber_channels', 'subscriber_cells') AND table_schema = current_schema()`,
    );
    assert.ok(!columns.some((c) => /lat|lon|geom|point|position/.test(c.column_name)), 'no column could hold a position');
  });

  it('widens a place to its neighbouring cells when asked', async () => {
    const email = uniqueEmail('widen');
    const response = await postForm('/alerts/sign-up', signUpFields({ email, place1: 'Reading', wide1: 'yes', place2: 'Slough' }));
    assert.equal(response.statusCode, 200, response.body);
    const [row] = await channelsOf(email);
    const reading = pointToCell(-0.972, 51.456);
    const expected = [...gridDisk(reading, 1), pointToCell(-0.608, 51.514)].map((cell) => cellToBigInt(cell).toString()).sort();
    assert.deepEqual(await cellsOf(row!.subscriber_id), [...new Set(expected)].sort());
  });

  it('signs up through the JSON API, answering 202 with nothing that identifies anyone', async () => {
    const email = uniqueEmail('api');
    const phone = uniquePhone();
    const response = await api('/api/v1/public/subscriptions', {
      email,
      phone: phone.e164,
      places: [{ name: 'Banbury' }, { lon: -4.08, lat: 52.42, widen: true }],
      language: 'pl',
      includeExercises: false,
      consent: true,
    });
    assert.equal(response.statusCode, 202, response.body);
    assert.deepEqual(JSON.parse(response.body), { status: 'accepted' });
    const [row] = await channelsOf(email);
    assert.ok(row);
    assert.equal((await channelsOf(phone.e164))[0]?.subscriber_id, row.subscriber_id);
    const cells = await cellsOf(row.subscriber_id);
    assert.equal(cells.length, 8, 'Banbury, and Aberystwyth with its six neighbours');
    assert.ok(cells.includes(cellText(-4.08, 52.42)));
    assert.equal((await confirmationsTo(row.subscriber_id, 'sms'))[0]?.payload.language, 'pl');
  });
});

describeOnEngines('Public sign-up for alerts: refusals, places and confirming by email', (engine) => {
  let world: TestWorld;
  const { postForm, get, api, count, channelsOf, cellsOf, confirmationsTo, cellText, signUpFields } = signUpHelpers(() => world);

  before(async () => {
    world = await worldOf(engine);
  });

  it('refuses bad input with readable messages next to each field, keeps what was typed, and writes nothing', async () => {
    const counts = async () => [await count('subscribers'), await count('subscriber_channels'), await count('deliveries')];
    const before = await counts();
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ['bad email', signUpFields({ email: 'not-an-email' }), 'email', /Enter an email address in the right form/],
      ['too long email', signUpFields({ email: `${'a'.repeat(60)}@${'b'.repeat(200)}.org` }), 'email', /254 characters or fewer/],
      ['bad phone', signUpFields({ channel_sms: 'yes', phone: '12345' }), 'phone', /Enter a phone number like/],
      ['landline', signUpFields({ channel_sms: 'yes', phone: '020 7946 0000' }), 'phone', /This is not a mobile number/],
      ['no channel', { email: uniqueEmail('x'), place1: 'Oxford', consent: 'yes' }, 'channel_email', /Choose at least one way/],
      ['no place', signUpFields({ place1: '' }), 'place1', /Enter at least one place/],
      ['unknown place', signUpFields({ place1: 'Atlantis' }), 'place1', /We could not find “Atlantis”/],
      ['no consent', signUpFields({ consent: '' }), 'consent', /Tick the box to agree/],
      ['push without a subscription', signUpFields({ channel_push: 'yes' }), 'channel_push', /Notifications were not turned on/],
    ];
    for (const [what, fields, id, message] of cases) {
      if (fields.consent === '') delete fields.consent;
      const response = await postForm('/alerts/sign-up', fields);
      assert.equal(response.statusCode, 422, what);
      assert.match(response.body, new RegExp(`<p class="error" id="${id}-error">`), `${what}: the error sits by its field`);
      assert.match(
        response.body,
        new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error"`),
        `${what}: the field points at its error`,
      );
      assert.match(response.body, message, what);
      assert.match(response.body, new RegExp(`<a href="#${id}">`), `${what}: the summary links to the field`);
      assert.match(response.body, /<title>Error: /, what);
    }
    // What was typed comes back.
    const kept = await postForm('/alerts/sign-up', signUpFields({ channel_sms: 'yes', phone: '020 7946 0000', place2: 'Brecon' }));
    assert.match(kept.body, /value="020 7946 0000"/);
    assert.match(kept.body, /name="place2" value="Brecon"/);
    assert.match(kept.body, /id="channel_sms" name="channel_sms" value="yes" checked/);
    assert.deepEqual(await counts(), before, 'nothing was written');

    // The API says the same, with pointers.
    const bad = await api('/api/v1/public/subscriptions', {
      email: 'nope',
      phone: '020 7946 0000',
      places: [{ name: 'Atlantis' }],
      consent: true,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
    const problem = JSON.parse(bad.body);
    assert.deepEqual(
      problem.errors.map((e: { pointer: string }) => e.pointer),
      ['/body/email', '/body/phone', '/body/places/0/name'],
    );
    assert.match(problem.errors[1].detail, /not a mobile number/);
    const none = await api('/api/v1/public/subscriptions', { places: [{ name: 'Oxford' }], consent: true });
    assert.equal(JSON.parse(none.body).errors[0].pointer, '/body');
    const unknownField = await api('/api/v1/public/subscriptions', {
      email: uniqueEmail('x'),
      places: [{ name: 'Oxford' }],
      consent: true,
      admin: true,
    });
    assert.equal(unknownField.statusCode, 400);
    assert.equal(JSON.parse(unknownField.body).errors[0].pointer, '/body/admin');
    const noConsent = await api('/api/v1/public/subscriptions', { email: uniqueEmail('x'), places: [{ name: 'Oxford' }], consent: false });
    assert.equal(noConsent.statusCode, 400);
    assert.deepEqual(await counts(), before, 'nothing was written');
  });

  it('shows hostile input escaped when the form comes back', async () => {
    const response = await postForm(
      '/alerts/sign-up',
      signUpFields({ email: '<script>alert(1)</script>', place1: '"><img src=x onerror=alert(1)>' }),
    );
    assert.equal(response.statusCode, 422);
    assert.ok(!response.body.includes('<script>alert(1)</script>'));
    assert.ok(!response.body.includes('<img src=x'));
    assert.match(response.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(response.body, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('offers a choice when a place name is ambiguous, and takes the one picked', async () => {
    const email = uniqueEmail('newport');
    const first = await postForm('/alerts/sign-up', signUpFields({ email, place1: 'Newport' }));
    assert.equal(first.statusCode, 422);
    assert.match(first.body, /More than one place matches “Newport”/);
    for (const label of ['Newport, Isle of Wight', 'Newport, Shropshire', 'Newport, Wales']) {
      assert.match(first.body, new RegExp(`<input type="radio" id="place1-choice-\\d" name="place1_choice" value="${label}">`));
    }
    const second = await postForm('/alerts/sign-up', signUpFields({ email, place1: 'Newport', place1_choice: 'Newport, Isle of Wight' }));
    assert.equal(second.statusCode, 200, second.body);
    const [row] = await channelsOf(email);
    assert.deepEqual(await cellsOf(row!.subscriber_id), [cellText(-1.2985, 50.7008)]);
    // Accents and case do not matter; Welsh names work.
    const welsh = await postForm('/alerts/sign-up', signUpFields({ place1: 'ABERTAWE' }));
    assert.equal(welsh.statusCode, 200);
  });

  it('signs up for a small town the built-in list lacks, from the whole gazetteer', async () => {
    await ensureReferenceGazetteer(world.db);
    const email = uniqueEmail('rhayader');
    const response = await postForm('/alerts/sign-up', signUpFields({ email, place1: 'Rhayader' }));
    assert.equal(response.statusCode, 200, response.body.slice(0, 600));
    const [row] = await channelsOf(email);
    assert.deepEqual(await cellsOf(row!.subscriber_id), [cellToBigInt(pointToCell(-3.51146, 52.30154)).toString()]);
    const welsh = await postForm('/alerts/sign-up', signUpFields({ place1: 'Rhaeadr Gwy' }));
    assert.equal(welsh.statusCode, 200, 'its Welsh name too');
  });

  it('confirms an email address with its link: a page with a button first, then the POST; once only, and not after 24 hours', async () => {
    const email = uniqueEmail('link');
    await postForm('/alerts/sign-up', signUpFields({ email }));
    const [row] = await channelsOf(email);
    const link = (await confirmationsTo(row!.subscriber_id, 'email'))[0]!.payload.link!;
    const path = new URL(link).pathname;

    const page = await get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<form method="post" action="${path}\\?lang=en">`));
    assert.equal((await channelsOf(email))[0]!.confirmed_at, null, 'opening the link alone confirms nothing');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');

    const wrongSecret = await postForm(path.replace(/[A-Za-z0-9_-]{43}$/, 'A'.repeat(43)), {});
    assert.equal(wrongSecret.statusCode, 404);

    const confirmed = await postForm(path, {});
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.match(confirmed.body, /You are signed up/);
    assert.match(confirmed.body, new RegExp(`/alerts/manage/${row!.subscriber_id}/`));
    const after = (await channelsOf(email))[0]!;
    assert.ok(after.confirmed_at);
    assert.equal(after.confirm_hash, null);
    assert.equal((await postForm(path, {})).statusCode, 404, 'a used link is spent');

    const late = uniqueEmail('late');
    await postForm('/alerts/sign-up', signUpFields({ email: late }));
    const [lateRow] = await channelsOf(late);
    const latePath = new URL((await confirmationsTo(lateRow!.subscriber_id, 'email'))[0]!.payload.link!).pathname;
    world.clock.advance(24 * 3_600_000 + 1000);
    try {
      assert.equal((await get(latePath)).statusCode, 404);
      assert.equal((await postForm(latePath, {})).statusCode, 404);
      assert.equal((await channelsOf(late))[0]!.confirmed_at, null);
    } finally {
      world.clock.advance(-(24 * 3_600_000 + 1000));
    }
  });
});

describeOnEngines('Public sign-up for alerts: confirming by SMS, repeats, limits and unsubscribing', (engine) => {
  let world: TestWorld;
  const { postForm, get, api, count, channelsOf, cellsOf, confirmationsTo, cellText, signUpFields } = signUpHelpers(() => world);

  before(async () => {
    world = await worldOf(engine);
  });

  it('confirms a mobile number with its code; wrong codes count, five lock it, and it expires after 30 minutes', async () => {
    const phone = uniquePhone();
    await postForm('/alerts/sign-up', signUpFields({ channel_email: '', email: '', channel_sms: 'yes', phone: phone.national }));
    const [row] = await channelsOf(phone.e164);
    const code = (await confirmationsTo(row!.subscriber_id, 'sms'))[0]!.payload.code!;
    const wrong = code === '000000' ? '111111' : '000000';

    const first = await postForm('/alerts/confirm-code', { phone: phone.e164, code: wrong });
    assert.equal(first.statusCode, 422);
    assert.match(first.body, /That code is wrong or has expired/);
    assert.match(first.body, /aria-describedby="code-error"/);
    assert.equal((await channelsOf(phone.e164))[0]!.confirm_attempts, 1);
    for (let i = 0; i < 4; i++) await postForm('/alerts/confirm-code', { phone: phone.e164, code: wrong });
    assert.equal((await channelsOf(phone.e164))[0]!.confirm_attempts, 5);
    const locked = await postForm('/alerts/confirm-code', { phone: phone.e164, code });
    assert.equal(locked.statusCode, 422, 'after five wrong codes even the right one is refused');
    assert.equal((await channelsOf(phone.e164))[0]!.confirmed_at, null);

    // A fresh sign-up of another number: the right code works, in national form too.
    const other = uniquePhone();
    await postForm('/alerts/sign-up', signUpFields({ channel_email: '', channel_sms: 'yes', phone: other.national }));
    const [otherRow] = await channelsOf(other.e164);
    const otherCode = (await confirmationsTo(otherRow!.subscriber_id, 'sms'))[0]!.payload.code!;
    const ok = await postForm('/alerts/confirm-code?lang=ro', { phone: other.national, code: otherCode });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(ok.body, /Abonarea este activă/);
    assert.ok((await channelsOf(other.e164))[0]!.confirmed_at);

    // Expiry.
    const slow = uniquePhone();
    await postForm('/alerts/sign-up', signUpFields({ channel_email: '', channel_sms: 'yes', phone: slow.national }));
    const [slowRow] = await channelsOf(slow.e164);
    const slowCode = (await confirmationsTo(slowRow!.subscriber_id, 'sms'))[0]!.payload.code!;
    world.clock.advance(31 * 60_000);
    try {
      assert.equal((await postForm('/alerts/confirm-code', { phone: slow.e164, code: slowCode })).statusCode, 422);
      assert.equal((await channelsOf(slow.e164))[0]!.confirmed_at, null);
    } finally {
      world.clock.advance(-31 * 60_000);
    }

    // And through the API.
    const viaApi = uniquePhone();
    assert.equal(
      (await api('/api/v1/public/subscriptions', { phone: viaApi.national, places: [{ name: 'Oxford' }], consent: true })).statusCode,
      202,
    );
    const [apiRow] = await channelsOf(viaApi.e164);
    const apiCode = (await confirmationsTo(apiRow!.subscriber_id, 'sms'))[0]!.payload.code!;
    const apiWrong = await api('/api/v1/public/subscriptions/confirm-code', {
      phone: viaApi.e164,
      code: apiCode === '123456' ? '654321' : '123456',
    });
    assert.equal(apiWrong.statusCode, 400);
    assert.equal(JSON.parse(apiWrong.body).errors[0].pointer, '/body/code');
    const apiOk = await api('/api/v1/public/subscriptions/confirm-code', { phone: viaApi.e164, code: apiCode });
    assert.equal(apiOk.statusCode, 200, apiOk.body);
    assert.deepEqual(JSON.parse(apiOk.body), { status: 'confirmed' });
  });

  it('answers a second sign-up of a known address exactly like a new one, and confirming it replaces the first: no duplicate', async () => {
    const email = uniqueEmail('again');
    const fresh = await postForm('/alerts/sign-up', signUpFields({ email, place1: 'Oxford' }));
    const [first] = await channelsOf(email);
    const firstPath = new URL((await confirmationsTo(first!.subscriber_id, 'email'))[0]!.payload.link!).pathname;
    assert.equal((await postForm(firstPath, {})).statusCode, 200);

    const again = await postForm('/alerts/sign-up', signUpFields({ email, place1: 'Brecon' }));
    assert.equal(again.statusCode, fresh.statusCode);
    assert.equal(again.body, fresh.body, 'the answer does not tell a known address from a new one');
    const [, pending] = await channelsOf(email);
    assert.ok(pending && pending.confirmed_at === null, 'the new choice waits for confirmation');
    assert.deepEqual(
      await cellsOf(first!.subscriber_id),
      [cellText(OXFORD.lon, OXFORD.lat)],
      'until then the first subscription is untouched',
    );

    const secondPath = new URL((await confirmationsTo(pending.subscriber_id, 'email'))[0]!.payload.link!).pathname;
    assert.equal((await postForm(secondPath, {})).statusCode, 200);
    const rows = await channelsOf(email);
    assert.equal(rows.length, 1, 'one row for the address');
    assert.equal(rows[0]!.subscriber_id, pending.subscriber_id);
    assert.ok(rows[0]!.confirmed_at);
    assert.deepEqual(await cellsOf(pending.subscriber_id), [cellText(-3.3905, 51.9465)], 'the newest places apply');
    const { rows: gone } = await world.db.query('SELECT 1 FROM subscribers WHERE id = $1', [first!.subscriber_id]);
    assert.equal(gone.length, 0, 'the earlier subscriber, left with nothing, is removed');
  });

  it('sends one address no more than three confirmations an hour, however often the form is sent', async () => {
    const email = uniqueEmail('spam');
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const response = await postForm('/alerts/sign-up', signUpFields({ email }));
      assert.equal(response.statusCode, 200);
      bodies.add(response.body);
    }
    assert.equal(bodies.size, 1, 'every answer is the same');
    const { rows } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries d JOIN subscriber_channels sc ON sc.subscriber_id = d.subscriber_id AND sc.channel = 'email'
        WHERE sc.address = $1 AND d.notice = 'confirm'`,
      [email],
    );
    assert.equal(rows[0]!.n, 3);
    world.clock.advance(61 * 60_000);
    try {
      await postForm('/alerts/sign-up', signUpFields({ email }));
      assert.equal((await channelsOf(email)).length, 4, 'an hour later one more is sent');
    } finally {
      world.clock.advance(-61 * 60_000);
    }
  });

  it('unsubscribes with one click: GET shows a button, a mail client POST removes everything and drops pending sends', async () => {
    const email = uniqueEmail('leave');
    await postForm('/alerts/sign-up', signUpFields({ email, channel_sms: 'yes', phone: uniquePhone().national }));
    const [row] = await channelsOf(email);
    const subscriberId = row!.subscriber_id;
    // An alert delivery queued, one retrying, one already sent (the same message, three issues of it).
    const { alertId } = await approvedAlert(world);
    const { rows: messages } = await world.db.query<{ id: string }>('SELECT id FROM alert_messages WHERE alert_id = $1', [alertId]);
    for (const [issue, state] of ['queued', 'retrying', 'sent'].entries()) {
      await world.db.query(
        `INSERT INTO deliveries (message_id, issue, subscriber_id, channel, notice, state, due_at, created_at) VALUES ($1, $2, $3, 'email', 'alert', $4, $5, $5)`,
        [messages[0]!.id, issue, subscriberId, state, world.clock.now()],
      );
    }
    const { rows: theirs } = await world.db.query<{ id: string }>('SELECT id FROM deliveries WHERE subscriber_id = $1', [subscriberId]);
    const token = recipientToken(await linkSecret(world.db, world.clock.now()), subscriberId);
    const path = `/alerts/unsubscribe/${subscriberId}/${token}`;

    assert.equal((await get(`/alerts/unsubscribe/${subscriberId}/${'x'.repeat(32)}`)).statusCode, 404);
    assert.equal(
      (await postForm(`/alerts/unsubscribe/${subscriberId}/${'x'.repeat(32)}`, { 'List-Unsubscribe': 'One-Click' })).statusCode,
      404,
    );
    assert.equal((await get(`/alerts/unsubscribe/not-a-uuid/${token}`)).statusCode, 404);
    assert.equal((await get(`/alerts/unsubscribe/${randomUUID()}/${token}`)).statusCode, 404, 'a token is bound to its subscriber');

    const page = await get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<button type="submit" class="submit danger">Unsubscribe<\/button>/);
    assert.equal(await count(`subscribers WHERE id = '${subscriberId}'`), 1, 'the page alone removes nothing');

    // From a mail provider's server: no cookie, another origin, the RFC 8058 body.
    const oneClick = await postForm(
      path,
      { 'List-Unsubscribe': 'One-Click' },
      { origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site' },
    );
    assert.equal(oneClick.statusCode, 200, oneClick.body);
    assert.match(oneClick.body, /You have unsubscribed/);
    assert.equal(await count(`subscribers WHERE id = '${subscriberId}'`), 0);
    assert.equal(await count(`subscriber_channels WHERE subscriber_id = '${subscriberId}'`), 0);
    assert.equal(await count(`subscriber_cells WHERE subscriber_id = '${subscriberId}'`), 0);
    // Their deliveries stay for the counts, pending ones dropped, and none of them says whom it was for.
    const { rows: deliveries } = await world.db.query<{ state: string; notice: string; subscriber_id: string | null }>(
      'SELECT state, notice, subscriber_id FROM deliveries WHERE id = ANY($1::bigint[]) ORDER BY id',
      [theirs.map((d) => d.id)],
    );
    assert.deepEqual(
      deliveries.map((d) => `${d.notice}:${d.state}:${d.subscriber_id}`),
      ['confirm:dropped:null', 'confirm:dropped:null', 'alert:dropped:null', 'alert:dropped:null', 'alert:sent:null'],
    );
    // A repeat (a mail client retrying) is fine.
    assert.equal((await postForm(path, { 'List-Unsubscribe': 'One-Click' })).statusCode, 200);

    // Multipart bodies are allowed by RFC 8058 too.
    const other = uniqueEmail('leave-multipart');
    await postForm('/alerts/sign-up', signUpFields({ email: other }));
    const otherId = (await channelsOf(other))[0]!.subscriber_id;
    const otherPath = `/alerts/unsubscribe/${otherId}/${recipientToken(await linkSecret(world.db, world.clock.now()), otherId)}`;
    const boundary = 'x-boundary-1';
    const multipart = await world.app.inject({
      method: 'POST',
      url: otherPath,
      remoteAddress: nextIp(),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    assert.equal(multipart.statusCode, 200, multipart.body);
    assert.equal(await count(`subscribers WHERE id = '${otherId}'`), 0);
  });
});

/** Browser notifications: the VAPID key, the service worker, the script, and only sound subscriptions taken. */
async function browserNotificationsTakeOnlySoundSubscriptions(world: TestWorld) {
  const { postForm, get, channelsOf, signUpFields } = signUpHelpers(() => world);
  const key = await get('/alerts/vapid-public-key');
  assert.equal(key.statusCode, 200);
  const { publicKey } = JSON.parse(key.body) as { publicKey: string };
  assert.equal(Buffer.from(publicKey, 'base64url').length, 65);
  assert.equal(JSON.parse((await get('/alerts/vapid-public-key')).body).publicKey, publicKey, 'the same key every time');

  const worker = await get('/sw.js');
  assert.equal(worker.statusCode, 200);
  assert.match(String(worker.headers['content-type']), /^text\/javascript/);
  assert.match(worker.body, /addEventListener\('push'/);
  assert.match(worker.body, /addEventListener\('notificationclick'/);
  const script = await get('/alerts/assets/subscribe.js');
  assert.match(script.body, /pushManager\.subscribe/);
  assert.match(script.body, /toFixed\(2\)/);

  const good = browserKeys();
  const attempts: [string, Record<string, string>, number][] = [
    ['https push service', { push_endpoint: 'https://push.example.net/send/abc', push_p256dh: good.p256dh, push_auth: good.auth }, 200],
    ['plain http elsewhere', { push_endpoint: 'http://push.example.net/send/abc', push_p256dh: good.p256dh, push_auth: good.auth }, 422],
    ['an address on the network', { push_endpoint: 'https://10.0.0.5/send', push_p256dh: good.p256dh, push_auth: good.auth }, 422],
    [
      'credentials in the URL',
      { push_endpoint: 'https://user:pw@push.example.net/x', push_p256dh: good.p256dh, push_auth: good.auth },
      422,
    ],
    ['too long', { push_endpoint: `https://push.example.net/${'a'.repeat(1100)}`, push_p256dh: good.p256dh, push_auth: good.auth }, 422],
    [
      'short key',
      { push_endpoint: 'https://push.example.net/send/abc', push_p256dh: randomBytes(33).toString('base64url'), push_auth: good.auth },
      422,
    ],
    [
      'long auth',
      { push_endpoint: 'https://push.example.net/send/abc', push_p256dh: good.p256dh, push_auth: randomBytes(32).toString('base64url') },
      422,
    ],
  ];
  for (const [what, fields, status] of attempts) {
    const response = await postForm('/alerts/sign-up', { ...signUpFields({ channel_email: '', channel_push: 'yes' }), ...fields });
    assert.equal(response.statusCode, status, what);
    if (status === 422) assert.match(response.body, /notification subscription could not be used/, what);
  }
  // The same browser signing up again replaces its earlier registration.
  const endpoint = `https://push.example.net/send/${randomUUID()}`;
  for (let i = 0; i < 2; i++) {
    await postForm('/alerts/sign-up', {
      ...signUpFields({ channel_email: '', channel_push: 'yes' }),
      push_endpoint: endpoint,
      push_p256dh: good.p256dh,
      push_auth: good.auth,
    });
  }
  assert.equal((await channelsOf(endpoint)).length, 1);
}

describeOnEngines('Public sign-up for alerts: STOP, managing, browser notifications and forgetting', (engine) => {
  let world: TestWorld;
  const { postForm, get, api, count, channelsOf, signUpFields } = signUpHelpers(() => world);

  before(async () => {
    world = await worldOf(engine);
  });

  it('stops by SMS: STOP removes that number everywhere, and the subscriber when nothing is left', async () => {
    for (const text of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'End', 'CANCEL', 'quit', 'STOP ALL'])
      assert.equal(isStopKeyword(text), true, text);
    for (const text of ['stop sending me pictures of cats', 'STOPPED', 'hello', '', 'please stop'])
      assert.equal(isStopKeyword(text), false, text);

    const phone = uniquePhone();
    const both = uniqueEmail('stop-both');
    await postForm('/alerts/sign-up', signUpFields({ email: both, channel_sms: 'yes', phone: phone.national }));
    const bothId = (await channelsOf(both))[0]!.subscriber_id;
    await postForm('/alerts/sign-up', signUpFields({ channel_email: '', channel_sms: 'yes', phone: phone.national }));
    const smsRows = await channelsOf(phone.e164);
    assert.equal(smsRows.length, 2);
    const onlySmsId = smsRows.find((r) => r.subscriber_id !== bothId)!.subscriber_id;

    // SMSCs give the originator as international digits without the plus.
    const removed = await unsubscribeByAddress(world.db, 'sms', phone.e164.slice(1), world.clock.now());
    assert.equal(removed, 2);
    assert.equal((await channelsOf(phone.e164)).length, 0);
    assert.equal(await count(`subscribers WHERE id = '${onlySmsId}'`), 0, 'left with nothing, the subscriber goes');
    assert.equal(await count(`subscribers WHERE id = '${bothId}'`), 1, 'the one with email stays');
    assert.equal((await channelsOf(both)).length, 1);
    const { rows } = await world.db.query<{ state: string }>(`SELECT state FROM deliveries WHERE subscriber_id = $1 AND channel = 'sms'`, [
      bothId,
    ]);
    assert.deepEqual(
      rows.map((r) => r.state),
      ['dropped'],
    );
    assert.equal(await unsubscribeByAddress(world.db, 'sms', 'garbage', world.clock.now()), 0);
    assert.equal(await unsubscribeByAddress(world.db, 'email', both.toUpperCase(), world.clock.now()), 1);
    assert.equal(await count(`subscribers WHERE id = '${bothId}'`), 0);
  });

  it('lets a subscriber see their areas (never a point), change language and exercises, remove a channel, and leave', async () => {
    const email = uniqueEmail('manage');
    const phone = uniquePhone();
    const push = { endpoint: `http://127.0.0.1:9/push/${randomUUID()}`, ...browserKeys() };
    await postForm(
      '/alerts/sign-up',
      signUpFields({
        email,
        channel_sms: 'yes',
        phone: phone.national,
        channel_push: 'yes',
        push_endpoint: push.endpoint,
        push_p256dh: push.p256dh,
        push_auth: push.auth,
        place1: 'Oxford',
        place2: 'Aberystwyth',
        wide2: 'yes',
      }),
    );
    const subscriberId = (await channelsOf(email))[0]!.subscriber_id;
    const pushRow = (await channelsOf(push.endpoint))[0]!;
    assert.equal(pushRow.subscriber_id, subscriberId);
    assert.ok(pushRow.confirmed_at, 'a push channel is confirmed at once');
    const token = recipientToken(await linkSecret(world.db, world.clock.now()), subscriberId);
    const base = `/alerts/manage/${subscriberId}/${token}`;

    assert.equal((await get(`/alerts/manage/${subscriberId}/${'y'.repeat(32)}`)).statusCode, 404);
    const page = await get(base);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Area near Oxford/);
    assert.match(page.body, /Area near Aberystwyth/);
    assert.ok(!/51\.7|52\.4|-1\.2|-4\.0/.test(page.body.replace(/<style>[\s\S]*?<\/style>/g, '')), 'no coordinates on the page');
    assert.match(page.body, new RegExp(email.replace(/[.]/g, '\\.')));
    assert.match(page.body, /waiting for confirmation/);
    assert.ok(!page.body.includes(push.endpoint), 'the push endpoint is not shown');

    const saved = await postForm(`${base}/settings`, { language: 'ar', exercises: 'yes' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${base}?saved=1`);
    const { rows } = await world.db.query<{ language: string; include_exercises: boolean }>(
      'SELECT language, include_exercises FROM subscribers WHERE id = $1',
      [subscriberId],
    );
    assert.deepEqual(rows[0], { language: 'ar', include_exercises: true });
    const arabic = await get(`${base}?saved=1`);
    assert.match(arabic.body, /<html lang="ar" dir="rtl">/, 'the page follows the chosen language');
    assert.match(arabic.body, /حُفظت تغييراتك/);

    const crossSite = await postForm(`${base}/settings`, { language: 'en' }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403, 'a form sent from another site is refused');

    assert.equal((await postForm(`${base}/remove-channel`, { channel: 'sms' })).statusCode, 303);
    assert.equal((await channelsOf(phone.e164)).length, 0);
    assert.equal((await postForm(`${base}/remove-channel`, { channel: 'push' })).statusCode, 303);
    const last = await postForm(`${base}/remove-channel`, { channel: 'email' });
    assert.equal(last.statusCode, 200);
    assert.match(last.body, /إلغاء/);
    assert.equal(await count(`subscribers WHERE id = '${subscriberId}'`), 0, 'removing the last channel is leaving');
  });

  it('takes browser notifications: the VAPID key, the service worker, the script, and only sound subscriptions', () =>
    browserNotificationsTakeOnlySoundSubscriptions(world));

  it('refuses cross-site form posts, oversized bodies, and too many requests from one address', async () => {
    const crossSite = await postForm('/alerts/sign-up', signUpFields(), { origin: 'https://evil.example' });
    assert.equal(crossSite.statusCode, 403);
    const fetchMeta = await postForm('/alerts/sign-up', signUpFields(), {
      'sec-fetch-site': 'cross-site',
      origin: 'http://localhost:8080',
    });
    assert.equal(fetchMeta.statusCode, 403);
    const sameOrigin = await postForm('/alerts/sign-up', signUpFields(), {
      origin: 'http://localhost:8080',
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(sameOrigin.statusCode, 200);

    const big = await postForm('/alerts/sign-up', signUpFields({ place1: 'x'.repeat(9000) }));
    assert.equal(big.statusCode, 413);
    const bigJson = await api('/api/v1/public/subscriptions', {
      email: uniqueEmail('big'),
      places: [{ name: 'Oxford' }],
      consent: true,
      pad: 'x'.repeat(9000),
    });
    assert.equal(bigJson.statusCode, 413);

    const nul = await postForm('/alerts/sign-up', signUpFields({ place1: 'Ox\u0000ford' }));
    assert.equal(nul.statusCode, 400);

    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postForm('/alerts/sign-up', { place1: 'Oxford' }, {}, ip)).statusCode);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(422));
    assert.equal(statuses[10], 429);
    const codeIp = nextIp();
    const codeStatuses: number[] = [];
    for (let i = 0; i < 11; i++)
      codeStatuses.push(
        (await api('/api/v1/public/subscriptions/confirm-code', { phone: '07400 000001', code: '123456' }, codeIp)).statusCode,
      );
    assert.equal(codeStatuses[10], 429);
    assert.ok(codeStatuses.slice(0, 10).every((s) => s === 400));
  });

  it('forgets sign-ups never confirmed after two days', async () => {
    const email = uniqueEmail('abandoned');
    await postForm('/alerts/sign-up', signUpFields({ email }));
    const [row] = await channelsOf(email);
    world.clock.advance(49 * 3_600_000);
    try {
      assert.ok((await removeAbandonedSignUps(world.db, world.clock.now())) >= 1);
    } finally {
      world.clock.advance(-49 * 3_600_000);
    }
    assert.equal((await channelsOf(email)).length, 0);
    assert.equal(await count(`subscribers WHERE id = '${row!.subscriber_id}'`), 0);
  });
});
