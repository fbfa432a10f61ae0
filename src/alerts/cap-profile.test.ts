// Every CAP message an alert publishes (Alert, Update, the Cancel of a withdrawal and the Cancel of an
// expiry) is valid CAP 1.2 by the OASIS schema (xmllint) and meets what Google's public alerts CAP profile
// adds: each info block carries expires, and a Cancel carries the area geometry of what it cancels. Each
// language's block describes its photos in that language; identifiers follow CAP's rules and stay the same
// for a message. A drafted cell broadcast text is never cut inside a word.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { CAP_XSD, validateAgainstXsd } from '../../test/support/xmllint.ts';
import { translator } from '../i18n/i18n.ts';
import { parseCapXml, type CapMessage } from './cap.ts';
import { expireDueAlerts } from './housekeeping.ts';
import { ALERT_TEXT_LIMITS } from './text-limits.ts';

const CRITERIA = {
  under18: { met: true, reason: 'The case records her as 13.' },
  imminentDanger: { met: true, reason: 'Taken by a man with convictions.' },
  enoughInformation: { met: true, reason: 'Photo and vehicle known.' },
};

/** The schema's rules, then the profile's, for one message; returns it read back. */
function assertProfile(xml: string, where: string): CapMessage {
  const schema = validateAgainstXsd(xml, CAP_XSD);
  assert.equal(schema.valid, true, `${where}: ${schema.errors}`);
  const message = parseCapXml(xml);
  assert.match(message.identifier, /^[^\s,<&]+$/, `${where}: identifier`);
  assert.ok(message.info.length > 0, `${where}: at least one info block`);
  for (const info of message.info) {
    assert.ok(info.expires, `${where} (${info.language}): every info carries expires`);
    assert.ok(info.expires.getTime() > message.sent.getTime(), `${where} (${info.language}): expires after sent`);
    assert.ok(info.areas?.length, `${where} (${info.language}): an area`);
    for (const area of info.areas)
      assert.ok(area.polygons?.length || area.circles?.length, `${where} (${info.language}): area "${area.areaDesc}" has geometry`);
    assert.ok(info.headline && info.description, `${where} (${info.language}): headline and description`);
  }
  if (message.msgType !== 'Alert') assert.ok(message.references?.length, `${where}: references what it acts on`);
  return message;
}

const geometryOf = (message: CapMessage) =>
  message.info.map((info) => (info.areas ?? []).map((area) => ({ polygons: area.polygons, circles: area.circles })));

describeOnEngines('CAP messages and the public alerts profile', (engine) => {
  let world: TestWorld;
  const publicGet = (url: string) => world.app.inject({ method: 'GET', url });

  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  async function messagesOf(alertId: string) {
    const { rows } = await world.db.query<{ identifier: string; msg_type: string; xml: string }>(
      'SELECT identifier, msg_type, xml FROM alert_messages WHERE alert_id = $1 ORDER BY seq',
      [alertId],
    );
    return rows;
  }

  it('meets the profile in the Alert, the Update and the Cancel of a withdrawal', async () => {
    const { alertId } = await approvedAlert(world, { withPhoto: true });
    const investigator = asToken(world, 'force-a/investigator');
    const active = JSON.parse((await investigator('GET', `/api/v1/alerts/${alertId}`)).body);
    assert.equal(
      (await investigator('POST', `/api/v1/alerts/${alertId}/updates`, { version: active.version, note: 'Van seen', vehicle: 'White van' }))
        .statusCode,
      200,
    );
    assert.equal((await investigator('POST', `/api/v1/alerts/${alertId}/withdraw`, { reason: 'cancelled' })).statusCode, 200);

    const stored = await messagesOf(alertId);
    assert.deepEqual(
      stored.map((m) => m.msg_type),
      ['Alert', 'Update', 'Cancel'],
    );
    const [alert, update, cancel] = stored.map((m) => assertProfile(m.xml, m.msg_type)) as [CapMessage, CapMessage, CapMessage];

    // The Cancel covers the very area of what it cancels, in every language.
    assert.deepEqual(geometryOf(cancel), geometryOf(update));
    assert.deepEqual(geometryOf(cancel)[0], geometryOf(alert)[0]);

    // Photos are described in each block's own language.
    for (const message of [alert, update]) {
      for (const info of message.info) {
        assert.ok(info.resources?.length, `${message.msgType} (${info.language}) lists the photo`);
        for (const resource of info.resources) assert.equal(resource.resourceDesc, translator(info.language)('cap.photoDescription'));
      }
    }
    const [english, welsh] = alert.info.map((info) => info.resources![0]!.resourceDesc);
    assert.notEqual(english, welsh, 'the Welsh block does not describe its photo in English');

    // Identifiers: one per message, kept as stored, and what its URL serves.
    assert.equal(new Set(stored.map((m) => m.identifier)).size, 3);
    for (const m of stored) assert.equal(parseCapXml(m.xml).identifier, m.identifier);
    const cancelServed = await publicGet(`/cap/${encodeURIComponent(cancel.identifier)}.xml`);
    assert.equal(cancelServed.statusCode, 200);
    assert.equal(cancelServed.body, stored[2]!.xml);
  });

  it('publishes a Cancel, meeting the profile, when an alert expires', async () => {
    const { alertId, slug } = await approvedAlert(world);
    const { rows } = await world.db.query<{ expires_at: Date }>('SELECT expires_at FROM alerts WHERE id = $1', [alertId]);
    world.clock.set(new Date(rows[0]!.expires_at.getTime() + 1000));
    assert.ok((await expireDueAlerts(world.deps)) >= 1);

    const stored = await messagesOf(alertId);
    assert.deepEqual(
      stored.map((m) => m.msg_type),
      ['Alert', 'Cancel'],
    );
    const alert = assertProfile(stored[0]!.xml, 'Alert');
    const cancel = assertProfile(stored[1]!.xml, 'Cancel of an expiry');
    assert.deepEqual(
      cancel.references?.map((r) => r.identifier),
      [alert.identifier],
    );
    assert.deepEqual(geometryOf(cancel), geometryOf(alert));
    assert.ok(!stored[1]!.xml.includes('Amelia'), 'the Cancel does not name the child');

    // Receivers find it where they look: the alert's latest message and the Atom feed.
    const latest = await publicGet(`/alerts/${alertId}/cap.xml`);
    assert.equal(latest.statusCode, 200);
    assert.equal(parseCapXml(latest.body).msgType, 'Cancel');
    const feed = (await publicGet('/feeds/alerts.atom')).body;
    assert.ok(feed.includes(encodeURIComponent(cancel.identifier)), 'the feed lists the Cancel');
    assert.ok(!feed.includes(slug) || !feed.includes('Amelia'), 'the feed does not name the child');
    world.clock.set(new Date('2026-11-23T03:00:00Z'));
  });

  it('drafts the cell broadcast text in whole words, within its limit', async () => {
    const investigator = asToken(world, 'force-a/investigator');
    const clothing =
      'a long dark-green waterproof parka with a fur-trimmed hood, grey school trousers, scuffed black trainers with white laces, a purple rucksack with reflective strips, a knitted yellow scarf and matching woollen gloves';
    const created = await investigator('POST', '/api/v1/cases', newChildCase(undefined, { clothing }));
    assert.equal(created.statusCode, 201, created.body);
    const draft = JSON.parse(
      (await investigator('POST', '/api/v1/alerts', { caseId: JSON.parse(created.body).id, criteria: CRITERIA })).body,
    );
    const content = draft.contents[0] as { description: string; broadcastText: string };
    assert.ok([...content.description].length > ALERT_TEXT_LIMITS.broadcastText, 'the description is longer than a broadcast');
    const broadcast = content.broadcastText;
    assert.ok([...broadcast].length <= ALERT_TEXT_LIMITS.broadcastText, `${[...broadcast].length} characters`);
    assert.ok(broadcast.endsWith(' Call 999.'), broadcast);
    const shown = broadcast.slice(0, -' Call 999.'.length).replace(/…$/, '');
    assert.ok(content.description.startsWith(shown), 'a beginning of the description');
    assert.match(
      content.description.slice(shown.length),
      /^[\s,;:.]/,
      `cut inside a word: "…${shown.slice(-20)}|${content.description.slice(shown.length, shown.length + 20)}…"`,
    );
  });
});
