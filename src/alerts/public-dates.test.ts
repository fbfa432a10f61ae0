// What reaches the public about an alert says its dates the British way, in UK local time: the appeal
// page, the email, the SMS, the CAP message's text and the Atom feed. An alert drafted from the case (its
// words not rewritten by the officer) is approved in summer, so BST applies, and every text is searched for
// US-style dates, 12-hour clocks and "UTC".
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, testClock, type TestWorld } from '../../test/support/app.ts';
import { renderAlertNotice } from '../dispatch/render.ts';
import { formatDateTime } from '../i18n/dates.ts';

const CRITERIA = {
  under18: { met: true, reason: 'The case records her as 13.' },
  imminentDanger: { met: true, reason: 'Taken by a man with convictions.' },
  enoughInformation: { met: true, reason: 'Photo and vehicle known.' },
};
const LAST_SEEN = '2026-07-06T12:13:00Z'; // 13:13 BST

const US_MONTH_FIRST = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}/;
const TWELVE_HOUR = /\d{1,2}:\d\d(:\d\d)?\s?[AP]M\b/;
const SAYS_UTC = /\bUTC\b/;
const ISO_DAY = /\b\d{4}-\d\d-\d\d\b/;

function assertBritish(where: string, text: string): void {
  assert.doesNotMatch(text, US_MONTH_FIRST, `${where}: a US-style date`);
  assert.doesNotMatch(text, TWELVE_HOUR, `${where}: a 12-hour clock`);
  assert.doesNotMatch(text, SAYS_UTC, `${where}: UTC for people`);
  assert.doesNotMatch(text, ISO_DAY, `${where}: an ISO date for people`);
}

describeOnEngines('dates in what the public reads', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine, { clock: testClock(new Date('2026-07-06T14:00:00Z')) });
  });
  after(() => world.close());

  it('are British dates in UK local time on the page, in email, SMS, CAP text and the feed', async () => {
    const investigator = asToken(world, 'force-a/investigator');
    const created = await investigator(
      'POST',
      '/api/v1/cases',
      newChildCase(undefined, { lastSeen: { at: LAST_SEEN, lon: -3.5, lat: 52.5, place: 'Aberaeron harbour' } }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const draft = JSON.parse(
      (await investigator('POST', '/api/v1/alerts', { caseId: JSON.parse(created.body).id, criteria: CRITERIA })).body,
    );
    assert.equal((await investigator('POST', `/api/v1/alerts/${draft.id}/submit`)).statusCode, 200);
    const approver = await sessionFor(world, 'force-a/approver');
    const approved = await approver('POST', `/api/v1/alerts/${draft.id}/approve`, {});
    assert.equal(approved.statusCode, 200, approved.body);
    const alert = JSON.parse(approved.body);
    const { rows } = await world.db.query<{ id: string; identifier: string }>(
      'SELECT id, identifier FROM alert_messages WHERE alert_id = $1',
      [alert.id],
    );
    const message = rows[0]!;

    const british = formatDateTime(LAST_SEEN, 'en');
    assert.equal(british, '6 July 2026 at 13:13 BST');

    // The drafted description, as the officer approved it.
    const english = alert.contents.find((c: { language: string }) => c.language === 'en');
    assert.ok(english.description.includes(british), english.description);
    assertBritish('drafted description', english.description);

    const page = await world.app.inject({ method: 'GET', url: `/appeals/${alert.slug}` });
    assert.equal(page.statusCode, 200);
    const pageText = page.body.replace(/<[^>]*>/g, ' ');
    assert.ok(pageText.includes(formatDateTime(LAST_SEEN, 'en', { weekday: true })), 'the page names the time the same way');
    assertBritish('appeal page', pageText);

    const email = (await renderAlertNotice(world.deps, message.id, 'alert', 'en', 0))!;
    assert.ok(email.text.includes(british), email.text);
    for (const [where, text] of Object.entries({
      'email subject': email.subject,
      'email text': email.text,
      'email html': email.html,
      sms: email.sms,
    }))
      assertBritish(where, text);
    const found = (await renderAlertNotice(world.deps, message.id, 'found', 'en', 0))!;
    assert.ok(found.sms.includes(formatDateTime(new Date('2026-07-06T14:00:00Z'), 'en')), found.sms);
    for (const [where, text] of Object.entries({ 'found email': found.text, 'found SMS': found.sms })) assertBritish(where, text);

    const cap = await world.app.inject({ method: 'GET', url: `/cap/${encodeURIComponent(message.identifier)}.xml` });
    assert.equal(cap.statusCode, 200);
    // Machine fields (sent, effective, expires, references) stay ISO; the text fields are for people.
    const capText = [...cap.body.matchAll(/<(headline|description|instruction|contact|resourceDesc|areaDesc|value)>([^<]*)</g)]
      .map((m) => m[2])
      .join('\n');
    assert.ok(capText.includes(british), capText);
    assertBritish('CAP text', capText);

    const feed = await world.app.inject({ method: 'GET', url: '/feeds/alerts.atom' });
    assert.equal(feed.statusCode, 200);
    const feedText = [...feed.body.matchAll(/<(title|summary|subtitle)[^>]*>([^<]*)</g)].map((m) => m[2]).join('\n');
    assertBritish('Atom feed', feedText);
  });
});
