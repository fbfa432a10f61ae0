// Child Rescue Alerts relayed between partner sites, on both databases. Out: the alert feed only for a
// partner's key, only the statuses it takes (an exercise never to a partner not in it), each message cut to the
// partner's grants, and an ended alert replaced by its Cancel. In: offers reach the national coordinator and
// nothing is public until relayed (with a second factor, ending no later than the origin); a Cancel withdraws
// an undecided offer and ends a relayed one (410); broken, oversize and hostile messages are refused one by one.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { capToXml, childRescueInfo, parseCapXml, type CapMessage } from '../alerts/cap.ts';
import { importAlertFeedPage, MAX_CAP_BYTES } from './alert-inbound.ts';
import { findPartnerByCode } from './partners.ts';

interface FeedItem {
  incident: string;
  msgType: string;
  ended: string | null;
  cap: string;
}

interface OfferView {
  id: string;
  state: string;
  capStatus: string;
  infos: { language: string; headline: string; description: string | null; photoUri: string | null }[];
  originExpiresAt: string | null;
  relayEndsAt: string | null;
  publicPath: string | null;
  endedReason: string | null;
}

async function addPartner(world: TestWorld, body: Record<string, unknown>): Promise<string> {
  const created = await asToken(world, 'national/national_coordinator')('POST', '/api/v1/exchange/partners', body);
  assert.equal(created.statusCode, 201, created.body);
  return (JSON.parse(created.body) as { key: string }).key;
}

async function alertFeed(world: TestWorld, key: string | undefined): Promise<{ status: number; items: FeedItem[] }> {
  const response = await world.app.inject({
    method: 'GET',
    url: '/pfif/1.4/alerts',
    headers: key === undefined ? {} : { 'x-partner-key': key },
  });
  return {
    status: response.statusCode,
    items: response.statusCode === 200 ? (JSON.parse(response.body) as { items: FeedItem[] }).items : [],
  };
}

async function offers(world: TestWorld): Promise<OfferView[]> {
  const listed = await asToken(world, 'national/national_coordinator')('GET', '/api/v1/exchange/alert-offers');
  assert.equal(listed.statusCode, 200, listed.body);
  return (JSON.parse(listed.body) as { items: OfferView[] }).items;
}

/** A CAP message as a partner at uk.example would send it, with whatever a test changes. */
function partnerMessage(world: TestWorld, change: Partial<CapMessage> = {}, infoChange: Record<string, unknown> = {}): string {
  const now = world.clock.now();
  const message: CapMessage = {
    identifier: `uk.example.cra.${Math.random().toString(36).slice(2)}`,
    sender: 'alerts@uk.example',
    sent: new Date(Math.floor(now.getTime() / 1000) * 1000),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    incidents: [`2026-${Math.random().toString(36).slice(2, 12)}`],
    info: [
      childRescueInfo({
        language: 'en',
        headline: 'Child Rescue Alert: Siân Example, 9, taken in Holyhead',
        description: 'Siân was taken from the ferry terminal by a woman in a green coat.',
        expires: new Date(now.getTime() + 6 * 3_600_000),
        areas: [{ areaDesc: 'Anglesey and the Irish Sea ferry ports' }],
        ...infoChange,
      }),
    ],
    ...change,
  };
  return capToXml(message);
}

/** The sending side: each partner is offered only the statuses it takes, cut to its grants; an ended alert becomes its Cancel. */
async function offersCutToGrants(sites: { uk: TestWorld; ie: TestWorld }): Promise<void> {
  const readerOnly = await addPartner(sites.uk, { code: 'pfif-only', name: 'Reader', personFields: ['description', 'photo_url'] });
  const bare = await addPartner(sites.uk, { code: 'bare', name: 'Bare', personFields: [], receivesAlerts: true });
  const granted = await addPartner(sites.uk, {
    code: 'granted',
    name: 'Granted',
    personFields: ['description', 'photo_url', 'source_url'],
    receivesAlerts: true,
  });
  const exercising = await addPartner(sites.uk, { code: 'drill', name: 'Drill', personFields: ['description'], inExercise: true });

  const live = await approvedAlert(sites.uk, { withPhoto: true });
  const drill = await approvedAlert(sites.uk, { capStatus: 'Exercise' });

  assert.equal((await alertFeed(sites.uk, undefined)).status, 401);
  assert.deepEqual((await alertFeed(sites.uk, readerOnly)).items, [], 'a partner not taking alerts is offered none');

  const bareItems = (await alertFeed(sites.uk, bare)).items;
  assert.deepEqual(
    bareItems.map((item) => item.incident),
    [live.slug],
    'an exercise never reaches a partner not in it',
  );
  const bareCap = parseCapXml(bareItems[0]!.cap);
  assert.equal(bareCap.status, 'Actual');
  assert.match(bareCap.info[0]!.headline!, /Amelia Testcase/);
  for (const info of bareCap.info) {
    assert.equal(info.description, undefined, 'no description without the grant');
    assert.equal(info.parameters, undefined, 'nor the SMS and broadcast texts that restate it');
    assert.equal(info.resources, undefined, 'no photo without the grant');
    assert.equal(info.web, undefined);
  }

  const grantedCap = parseCapXml((await alertFeed(sites.uk, granted)).items[0]!.cap);
  assert.match(grantedCap.info[0]!.description!, /white van/);
  assert.match(grantedCap.info[0]!.resources![0]!.uri!, new RegExp(`^https://uk.example/appeals/${live.slug}/photos/`));

  const drillItems = (await alertFeed(sites.uk, exercising)).items;
  assert.deepEqual(
    drillItems.map((item) => item.incident),
    [drill.slug],
  );
  assert.equal(parseCapXml(drillItems[0]!.cap).status, 'Exercise');

  // Found: the feed's entry for the alert becomes its Cancel, with nothing of the child in it.
  const approver = await sessionFor(sites.uk, 'force-a/approver');
  const withdrawn = await approver('POST', `/api/v1/alerts/${live.alertId}/withdraw`, { reason: 'found_safe' });
  assert.equal(withdrawn.statusCode, 200, withdrawn.body);
  const afterFound = (await alertFeed(sites.uk, granted)).items;
  assert.equal(afterFound.length, 1);
  assert.equal(afterFound[0]!.msgType, 'Cancel');
  assert.equal(afterFound[0]!.ended, 'found');
  assert.doesNotMatch(afterFound[0]!.cap, /Amelia|white van/);
}

describeOnEngines('Child Rescue Alerts relayed between partner sites', (engine) => {
  const sites = {} as { uk: TestWorld; ie: TestWorld };
  before(async () => {
    sites.uk = await startTestWorld(engine, { config: { publicUrl: 'https://uk.example' } });
    sites.ie = await startTestWorld(engine, { config: { publicUrl: 'https://ie.example' } });
    // Ireland takes the UK's live alerts; the UK's other partners read its PFIF only, or are in its exercises.
    await addPartner(sites.ie, { code: 'uk', name: 'United Kingdom', personFields: [], recordDomain: 'uk.example', receivesAlerts: true });
  });
  after(async () => {
    await sites.uk.close();
    await sites.ie.close();
  });

  it('offers each partner only the statuses it takes, cut to its grants, and replaces an ended alert with its Cancel', () =>
    offersCutToGrants(sites));

  it('offers an alert to the coordinator, publishes nothing until it is relayed, and ends it when the origin does', async () => {
    const partner = (await findPartnerByCode(sites.ie.db, 'uk'))!;
    const first = partnerMessage(sites.ie);
    const report = await importAlertFeedPage(sites.ie.db, partner, [{ cap: first }], sites.ie.clock.now());
    assert.deepEqual([report.accepted, report.refused], [1, 0], JSON.stringify(report.refusals));
    assert.equal((await importAlertFeedPage(sites.ie.db, partner, [{ cap: first }], sites.ie.clock.now())).unchanged, 1);

    const offer = (await offers(sites.ie)).find((o) => o.infos[0]?.headline.includes('Siân'))!;
    assert.equal(offer.state, 'offered');
    assert.equal(offer.publicPath, null);
    const { rows } = await sites.ie.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'exchange.alert_%' ORDER BY seq`,
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['exchange.alert_offered', 'exchange.alert_offers_read'],
    );
    const gallery = await sites.ie.app.inject({ method: 'GET', url: '/appeals' });
    assert.doesNotMatch(gallery.body, /Siân/, 'an offer is not public');

    // Relaying publishes: a second factor is needed, and our end may not pass the origin's.
    const coordinatorByToken = asToken(sites.ie, 'national/national_coordinator');
    assert.equal((await coordinatorByToken('POST', `/api/v1/exchange/alert-offers/${offer.id}/relay`, {})).statusCode, 403);
    const coordinator = await sessionFor(sites.ie, 'national/national_coordinator');
    const late = new Date(new Date(offer.originExpiresAt!).getTime() + 3_600_000).toISOString();
    const refused = await coordinator('POST', `/api/v1/exchange/alert-offers/${offer.id}/relay`, { expiresAt: late });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const relayed = await coordinator('POST', `/api/v1/exchange/alert-offers/${offer.id}/relay`, {
      contents: [
        { language: 'ga', headline: 'Rabhadh: Siân Example, 9', description: 'Tógadh Siân ó chríochfort an bháid farantóireachta.' },
      ],
    });
    assert.equal(relayed.statusCode, 200, relayed.body);
    const relayedView = JSON.parse(relayed.body) as OfferView;
    assert.equal(relayedView.relayEndsAt, offer.originExpiresAt);
    const path = relayedView.publicPath!;

    const page = await sites.ie.app.inject({ method: 'GET', url: `${path}?lang=fr` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Relayée depuis notre partenaire United Kingdom/);
    assert.match(page.body, /ferry terminal/);
    assert.match(page.body, /lang="en"/, "the origin's text is marked with its language");
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    assert.match((await sites.ie.app.inject({ method: 'GET', url: '/appeals' })).body, /Siân Example/);

    // An Update at the origin replaces the facts here, on the relayed page too.
    const firstCap = parseCapXml(first);
    const update = partnerMessage(
      sites.ie,
      {
        msgType: 'Update',
        incidents: firstCap.incidents!,
        references: [{ sender: firstCap.sender, identifier: firstCap.identifier, sent: firstCap.sent }],
        sent: new Date(sites.ie.clock.now().getTime() + 30_000),
      },
      { description: 'Siân was seen boarding the 14:10 ferry to Dublin.' },
    );
    const updated = await importAlertFeedPage(sites.ie.db, partner, [{ cap: update }], sites.ie.clock.now());
    assert.equal(updated.accepted, 1, JSON.stringify(updated.refusals));
    const updatedPage = await sites.ie.app.inject({ method: 'GET', url: `${path}?lang=en` });
    assert.match(updatedPage.body, /boarding the 14:10 ferry/);
    assert.doesNotMatch(updatedPage.body, /ferry terminal by a woman/);

    // Found at the origin: the relay ends here, its page answers 410 and says nothing of the child.
    const cancel = partnerMessage(
      sites.ie,
      {
        msgType: 'Cancel',
        incidents: parseCapXml(first).incidents!,
        references: [{ sender: 'alerts@uk.example', identifier: parseCapXml(first).identifier, sent: parseCapXml(first).sent }],
        sent: new Date(sites.ie.clock.now().getTime() + 60_000),
      },
      { headline: 'The appeal is over', description: 'Thank you.', responseTypes: ['AllClear'], urgency: 'Past', severity: 'Minor' },
    );
    const ended = await importAlertFeedPage(sites.ie.db, partner, [{ cap: cancel, ended: 'found' }], sites.ie.clock.now());
    assert.equal(ended.withdrawn, 1, JSON.stringify(ended));
    const gone = await sites.ie.app.inject({ method: 'GET', url: path });
    assert.equal(gone.statusCode, 410);
    assert.doesNotMatch(gone.body, /Siân/);
    const endedOffer = (await offers(sites.ie)).find((o) => o.id === offer.id)!;
    assert.deepEqual([endedOffer.state, endedOffer.endedReason, endedOffer.infos], ['ended', 'found', []]);

    // An offer the origin ends before anyone decides is withdrawn: it can no longer be relayed.
    const second = partnerMessage(sites.ie, {}, { headline: 'Child Rescue Alert: Bryn Example, 7' });
    await importAlertFeedPage(sites.ie.db, partner, [{ cap: second }], sites.ie.clock.now());
    const undecided = (await offers(sites.ie)).find((o) => o.infos[0]?.headline.includes('Bryn'))!;
    const decline = await coordinator('POST', `/api/v1/exchange/alert-offers/${undecided.id}/decline`, { reason: 'short' });
    assert.equal(decline.statusCode, 400, 'a decline needs a reason');
    const secondCap = parseCapXml(second);
    const withdraw = partnerMessage(sites.ie, {
      msgType: 'Cancel',
      incidents: secondCap.incidents!,
      references: [{ sender: secondCap.sender, identifier: secondCap.identifier, sent: secondCap.sent }],
      sent: new Date(sites.ie.clock.now().getTime() + 60_000),
    });
    await importAlertFeedPage(sites.ie.db, partner, [{ cap: withdraw, ended: 'cancelled' }], sites.ie.clock.now());
    assert.equal((await offers(sites.ie)).find((o) => o.id === undecided.id)!.state, 'withdrawn');
    assert.equal((await coordinator('POST', `/api/v1/exchange/alert-offers/${undecided.id}/relay`, {})).statusCode, 409);
  });

  it('refuses broken, oversize, hostile and out-of-place messages one by one, and takes the rest', async () => {
    const partner = (await findPartnerByCode(sites.ie.db, 'uk'))!;
    const good = partnerMessage(sites.ie, {}, { headline: 'Child Rescue Alert: Owain Example, 11' });
    const items = [
      { cap: '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>' },
      { cap: `${partnerMessage(sites.ie)}${' '.repeat(MAX_CAP_BYTES)}` },
      { cap: partnerMessage(sites.ie, {}, { headline: 'Child <script>alert(1)</script>' }) },
      { cap: partnerMessage(sites.ie, {}, { description: 'Seen \u202Enav etihw\u202C near the port' }) },
      { cap: partnerMessage(sites.ie, { sender: 'alerts@elsewhere.example' }) },
      { cap: partnerMessage(sites.ie, { status: 'Exercise' }) },
      { cap: partnerMessage(sites.ie, {}, { expires: new Date(sites.ie.clock.now().getTime() - 60_000) }) },
      { nothing: true },
      { cap: good },
    ];
    const report = await importAlertFeedPage(sites.ie.db, partner, items, sites.ie.clock.now());
    assert.equal(report.accepted, 1, JSON.stringify(report.refusals));
    assert.deepEqual(
      report.refusals.map((r) => r.index),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    const reasons = report.refusals.map((r) => r.reason);
    assert.match(reasons[0]!, /not valid CAP 1.2/);
    assert.match(reasons[1]!, /larger than/);
    assert.match(reasons[2]!, /markup/);
    assert.match(reasons[3]!, /direction-changing/);
    assert.match(reasons[4]!, /partner's domain/);
    assert.match(reasons[5]!, /exercise/);
    assert.match(reasons[6]!, /expires has passed/);
    assert.match(reasons[7]!, /no CAP message/);
    // The refusals never repeat what the partner sent.
    assert.doesNotMatch(JSON.stringify(report.refusals), /<script|etihw/);

    const runs = await asToken(sites.ie, 'national/national_coordinator')('GET', '/api/v1/exchange/partners/uk/runs');
    assert.equal(runs.statusCode, 200, runs.body);
    // The run is kept with its reasons (the test clock stands still, so it is found by its counts).
    const kept = (JSON.parse(runs.body) as { items: { refused: number; accepted: number; refusals: { reason: string }[] }[] }).items;
    assert.ok(kept.some((run) => run.accepted === 1 && run.refused === 8 && /markup/.test(run.refusals[2]!.reason)));
    assert.ok((await offers(sites.ie)).some((o) => o.infos[0]?.headline.includes('Owain')));
  });
});
