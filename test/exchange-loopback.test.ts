// Two national sites on loopback, each a real HTTP server on its own database, configured as partners: a
// long-term appeal published in one appears in the other's gallery after a pull, in the other's languages;
// both ways; a child found in one is withdrawn at the other on its next pull; a note added at one on the
// other's record travels back to its origin. A Child Rescue Alert approved in one is offered to the other's
// national coordinator with its CAP message, relayed into the other's gallery, and gone there once the child is
// found at the origin. Pulls go over HTTP with the partner keys, as the schedule runs them.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describeOnEngines } from './support/databases.ts';
import { asToken, newChildCase, publicPageWhen, sessionFor, startTestWorld, type TestWorld } from './support/app.ts';
import { approvedAlert } from './support/alerts.ts';
import { pullAllPartners } from '../src/exchange/pull.ts';

async function listen(world: TestWorld): Promise<string> {
  await world.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}/pfif/1.4`;
}

async function addPartner(world: TestWorld, body: Record<string, unknown>): Promise<string> {
  const created = await asToken(world, 'national/national_coordinator')('POST', '/api/v1/exchange/partners', body);
  assert.equal(created.statusCode, 201, created.body);
  return (JSON.parse(created.body) as { key: string }).key;
}

async function publish(world: TestWorld, givenNames: string, familyName: string, country: string) {
  const created = await asToken(world, 'force-a/investigator')(
    'POST',
    '/api/v1/cases',
    newChildCase(undefined, { child: { ...newChildCase().child, givenNames, familyName } }),
  );
  assert.equal(created.statusCode, 201, created.body);
  const caseId = (JSON.parse(created.body) as { id: string }).id;
  const published = await asToken(world, 'force-a/approver')('POST', '/api/v1/long-term-appeals', {
    caseId,
    consent: { basis: 'parent_or_guardian', givenBy: 'Mother' },
    reviewDueOn: '2027-05-01',
    country,
    contents: [{ language: 'en', headline: `${givenNames} ${familyName}`, description: 'Missing since November.' }],
  });
  assert.equal(published.statusCode, 201, published.body);
  return { caseId, ...(JSON.parse(published.body) as { pfifRecordId: string }) };
}

async function pull(world: TestWorld) {
  const failures: unknown[] = [];
  const reports = await pullAllPartners(world.deps, (_partner, error) => failures.push(error));
  assert.deepEqual(failures, []);
  return reports;
}

/** The gallery once it shows (or, with `shown` false, no longer shows) `name`: each site's gallery is a snapshot a few seconds old. */
function gallery(world: TestWorld, query: string, name: RegExp, shown = true): Promise<string> {
  return publicPageWhen(world, `/appeals?${query}`, (body) => name.test(body) === shown);
}

describeOnEngines('two national sites exchanging PFIF on loopback', (engine) => {
  const sites = {} as { uk: TestWorld; ie: TestWorld };
  before(async () => {
    sites.uk = await startTestWorld(engine, { config: { publicUrl: 'https://uk.example' } });
    sites.ie = await startTestWorld(engine, { config: { publicUrl: 'https://ie.example' } });
    const [ukFeed, ieFeed] = [await listen(sites.uk), await listen(sites.ie)];
    // Each site gives the other a key to read its feeds, then records the other's feeds with that key.
    const ukKeyForIe = await addPartner(sites.uk, {
      code: 'ie-reads',
      name: 'Ireland (reader)',
      personFields: ['description', 'sex', 'age', 'home_country'],
      receivesAlerts: true,
    });
    const ieKeyForUk = await addPartner(sites.ie, {
      code: 'uk-reads',
      name: 'UK (reader)',
      personFields: ['description', 'sex', 'age', 'home_country'],
      receivesAlerts: true,
    });
    await addPartner(sites.uk, {
      code: 'ie',
      name: 'Ireland',
      personFields: [],
      feedUrl: ieFeed,
      feedKey: ieKeyForUk,
      recordDomain: 'ie.example',
      receivesAlerts: true,
    });
    await addPartner(sites.ie, {
      code: 'uk',
      name: 'United Kingdom',
      personFields: [],
      feedUrl: ukFeed,
      feedKey: ukKeyForIe,
      recordDomain: 'uk.example',
      receivesAlerts: true,
    });
  });
  after(async () => {
    await sites.uk.close();
    await sites.ie.close();
  });

  it('exchanges appeals both ways, withdraws the found child at the partner, and carries notes back to the origin', async () => {
    const ukChild = await publish(sites.uk, 'Gwenllian', 'Price', 'GB');
    const ieChild = await publish(sites.ie, 'Aoife', 'Murphy', 'IE');

    const [ieReport] = await pull(sites.ie);
    assert.equal(ieReport!.refused, 0, JSON.stringify(ieReport!.refusals));
    const [ukReport] = await pull(sites.uk);
    assert.equal(ukReport!.refused, 0, JSON.stringify(ukReport!.refusals));
    const ieGallery = await gallery(sites.ie, 'lang=fr&country=GB', /Gwenllian Price/);
    assert.match(ieGallery, /Disparus depuis longtemps/);
    assert.match(ieGallery, /Gwenllian Price/);
    assert.match(ieGallery, /Partagé par notre partenaire uk/);
    assert.match(await gallery(sites.uk, 'q=Aoife', /Aoife Murphy/), /Aoife Murphy/);

    // Pulling again finds nothing new: the cursors moved on.
    const [repeat] = await pull(sites.ie);
    assert.equal(repeat!.accepted, 0);

    // A note added in Ireland on the UK's record goes back to the UK in Ireland's note feed.
    const note = await asToken(sites.ie, 'national/national_coordinator')('POST', '/api/v1/exchange/notes', {
      personRecordId: ukChild.pfifRecordId,
      text: 'Possible sighting in Cork.',
    });
    assert.equal(note.statusCode, 201, note.body);

    const started = Date.now();
    const closed = await asToken(sites.uk, 'force-a/investigator')('POST', `/api/v1/cases/${ukChild.caseId}/close`, {
      outcome: 'found_safe',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const [afterFound] = await pull(sites.ie);
    assert.ok(afterFound!.withdrawn >= 1, JSON.stringify(afterFound));
    assert.ok(Date.now() - started < 60_000);
    assert.doesNotMatch(await gallery(sites.ie, 'country=GB', /Gwenllian Price/, false), /Gwenllian Price/);
    assert.match(await gallery(sites.ie, 'country=IE', /Aoife Murphy/), /Aoife Murphy/);

    await pull(sites.uk);
    const { rows } = await sites.uk.db.query<{ fields: Record<string, string> }>(
      `SELECT fields FROM pfif_inbound WHERE kind = 'note' AND person_record_id = $1`,
      [ukChild.pfifRecordId],
    );
    assert.deepEqual(
      rows.map((row) => row.fields.text),
      ['Possible sighting in Cork.'],
    );
    assert.ok(ieChild.pfifRecordId.startsWith('ie.example/'));
  });

  it('offers a Child Rescue Alert of one to the other, relays it into its gallery, and takes it down when the child is found', async () => {
    const ukAlert = await approvedAlert(sites.uk);
    const [offered] = await pull(sites.ie);
    assert.equal(offered!.refused, 0, JSON.stringify(offered!.refusals));

    // Offered to Ireland's national coordinator, with the CAP message's facts; nothing public yet.
    const coordinator = await sessionFor(sites.ie, 'national/national_coordinator');
    const listed = await coordinator('GET', '/api/v1/exchange/alert-offers');
    assert.equal(listed.statusCode, 200, listed.body);
    const offer = (
      JSON.parse(listed.body) as {
        items: {
          id: string;
          state: string;
          partner: { code: string };
          infos: { language: string; headline: string; description: string | null }[];
        }[];
      }
    ).items.find((item) => item.infos.some((info) => /Amelia Testcase/.test(info.headline)))!;
    assert.equal(offer.state, 'offered');
    assert.equal(offer.partner.code, 'uk');
    assert.deepEqual(
      offer.infos.map((info) => info.language),
      ['en', 'cy'],
    );
    assert.match(offer.infos[0]!.description!, /white van/, 'Ireland is granted descriptions');
    assert.doesNotMatch((await sites.ie.app.inject({ method: 'GET', url: '/appeals?lang=en' })).body, /Amelia Testcase/);

    const relayed = await coordinator('POST', `/api/v1/exchange/alert-offers/${offer.id}/relay`, {});
    assert.equal(relayed.statusCode, 200, relayed.body);
    const publicPath = (JSON.parse(relayed.body) as { publicPath: string }).publicPath;
    const ieGallery = await gallery(sites.ie, 'lang=pl', /Amelia Testcase/);
    assert.match(ieGallery, /Alerty z krajów partnerskich/, "in Ireland's languages");
    assert.match(ieGallery, /Amelia Testcase/);
    assert.match(ieGallery, /Przekazane przez naszego partnera United Kingdom/);
    assert.equal((await sites.ie.app.inject({ method: 'GET', url: publicPath })).statusCode, 200);

    // Found at the origin: withdrawn there, and gone in Ireland on its next pull.
    const approver = await sessionFor(sites.uk, 'force-a/approver');
    const found = await approver('POST', `/api/v1/alerts/${ukAlert.alertId}/withdraw`, { reason: 'found_safe' });
    assert.equal(found.statusCode, 200, found.body);
    const [ended] = await pull(sites.ie);
    assert.ok(ended!.withdrawn >= 1, JSON.stringify(ended));
    const gone = await sites.ie.app.inject({ method: 'GET', url: publicPath });
    assert.equal(gone.statusCode, 410);
    assert.doesNotMatch(gone.body, /Amelia/);
    assert.doesNotMatch(await gallery(sites.ie, 'lang=en', /Amelia Testcase/, false), /Amelia Testcase/);
  });
});
