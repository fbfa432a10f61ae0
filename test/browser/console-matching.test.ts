// Candidate matches in real Chromium against the real server: the national coordinator goes from the queue to
// the two records side by side (each feature with its two values and its contribution), refers the pair for DNA
// comparison and then confirms the identification, which closes the case and the record; the owning force's
// approver reads the notice that says so; its investigator sees the candidates on the case page without the
// decisions; a role without `match:read` sees no queue. axe on every page visited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, FORCE_A_POINT } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';

const HOUR_MS = 3600_000;

interface Pair {
  caseId: string;
  caseReference: string;
  recordId: string;
  recordReference: string;
}

/** A girl missing from force A, and a girl found near there hours later who fits her description. */
async function recordPair(world: BrowserWorld, givenNames: string): Promise<Pair> {
  const now = Date.now();
  const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', {
    confirmedNewChild: true,
    child: {
      givenNames,
      familyName: 'Kowalska',
      dateOfBirth: new Date(now - 7.5 * 365 * 24 * HOUR_MS).toISOString().slice(0, 10),
      sex: 'female',
      heightCm: 120,
      build: 'Slim',
      hairColour: 'Light brown',
      eyeColour: 'Blue',
      distinguishingMarks: 'Birthmark on her left forearm',
      languages: ['pl'],
    },
    lastSeen: { at: new Date(now - 30 * HOUR_MS).toISOString(), ...FORCE_A_POINT, place: 'Playground, Mill Lane' },
    circumstances: 'Left the playground with an older child.',
    clothing: 'Pink raincoat and blue wellies',
  });
  assert.equal(created.statusCode, 201, created.body);
  const episode = JSON.parse(created.body) as { id: string; reference: string };
  const found = await asToken(world, 'force-a/investigator')('POST', '/api/v1/unidentified', {
    kind: 'living',
    found: { at: new Date(now - 20 * HOUR_MS).toISOString(), lon: FORCE_A_POINT.lon + 0.05, lat: FORCE_A_POINT.lat, place: 'Bus station' },
    sex: 'female',
    ageMin: 6,
    ageMax: 9,
    heightMinCm: 112,
    heightMaxCm: 125,
    build: 'slim',
    hairColour: 'light_brown',
    eyeColour: 'blue',
    marks: [{ kind: 'birthmark', bodyLocation: 'left_forearm', description: 'Oval, coffee-coloured' }],
    clothing: 'Pink raincoat, blue wellington boots',
  });
  assert.equal(found.statusCode, 201, found.body);
  const record = JSON.parse(found.body) as { id: string; reference: string };
  return { caseId: episode.id, caseReference: episode.reference, recordId: record.id, recordReference: record.reference };
}

async function openPage(world: BrowserWorld, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await world.newContext(viewport ? { viewport } : {})).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** The coordinator's walk: queue, side by side, referred for DNA, then confirmed from the referred list. */
async function reviewFromTheQueue(world: BrowserWorld, pair: Pair): Promise<void> {
  const page = await openPage(world);
  await signInToConsole(page, world, 'national/national_coordinator');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Candidate matches' }).click();
  await page.getByRole('heading', { level: 1, name: 'Candidate matches' }).waitFor();
  const card = page.locator('.candidate-card').filter({ hasText: pair.recordReference });
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(`Maja Kowalska \\(${pair.caseReference}\\)`));
  assert.match(await card.innerText(), /Score \d+\.\d/);
  await assertAccessible(page, 'candidate queue');

  await card.getByRole('button', { name: 'Compare side by side' }).click();
  const compare = page.locator('.side-by-side');
  await compare.getByRole('heading', { name: `${pair.caseReference} compared with ${pair.recordReference}` }).waitFor();
  assert.match(page.url(), /candidate=/, 'the candidate opened is in the address');
  const table = compare.getByRole('table', { name: `Features compared for ${pair.caseReference} and ${pair.recordReference}` });
  const hair = table.getByRole('row', { name: /^Hair/ });
  assert.match(await hair.innerText(), /light brown/i);
  assert.match(await hair.innerText(), /\+\d/, 'hair of the same colour adds to the score');
  assert.ok((await table.getByRole('row').count()) > 4, 'several features compared');
  assert.match(await compare.innerText(), /Playground, Mill Lane/);
  assert.match(await compare.innerText(), /Bus station/);
  await assertAccessible(page, 'candidate side by side');
  await screenshot(page, 'matching-side-by-side');

  // Dismissing needs a reason: the API's refusal is shown by the field.
  await compare.getByLabel('Dismiss: not the same person').check();
  await compare.getByRole('button', { name: 'Record the decision' }).click();
  await compare.locator('#decision-words-problem').waitFor();
  await assertAccessible(page, 'decision refused');

  await compare.getByLabel('Refer for DNA comparison').check();
  await compare.getByLabel('Note (optional)').fill('Hair sample sent to the laboratory');
  await compare.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText('The candidate was referred for comparison.').waitFor();
  assert.equal(await card.count(), 0, 'a referred pair leaves the open queue');

  await page.getByLabel('Status').selectOption('referred');
  await card.getByRole('button', { name: 'Compare side by side' }).click();
  assert.match(await compare.innerText(), /Hair sample sent to the laboratory/);
  await compare.getByLabel('Confirm the identification').check();
  await compare.getByRole('button', { name: 'Record the decision' }).click();
  await compare.getByText(`Confirming closes case ${pair.caseReference}`).waitFor();
  await compare.getByRole('button', { name: 'Yes, confirm the identification' }).click();
  await page.getByText(/The identification was confirmed/).waitFor();

  const states = await world.db.query<{ case_status: string; record_status: string; match_status: string }>(
    `SELECT c.status AS case_status, u.status AS record_status, m.status AS match_status
       FROM match_candidates m JOIN cases c ON c.id = m.case_id JOIN unidentified_people u ON u.id = m.unidentified_id
      WHERE m.case_id = $1 AND m.unidentified_id = $2`,
    [pair.caseId, pair.recordId],
  );
  assert.deepEqual(states.rows[0], { case_status: 'closed', record_status: 'identified', match_status: 'confirmed' });

  // The owning force is told, in its officer's language, with the way to the case.
  const approver = await openPage(world);
  await signInToConsole(approver, world, 'force-a/approver');
  await approver.goto(`${world.baseUrl}/console/approvals`);
  await approver.getByText(`Case ${pair.caseReference} was identified through a candidate match`).waitFor();
  await approver.getByRole('link', { name: `Open case ${pair.caseReference}` }).click();
  await approver.waitForURL(`**/console/cases/${pair.caseId}`);
}

describe('console candidate matches in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
  });
  after(async () => ifStarted(world)?.close());

  it('walks the national coordinator from the queue to both records side by side and a decision', async () => {
    await reviewFromTheQueue(world, await recordPair(world, 'Maja'));
  });

  it('shows the force its case’s candidates without the decisions, and no queue to a role without match:read', async () => {
    const pair = await recordPair(world, 'Zuzanna');
    const page = await openPage(world, { width: 360, height: 800 });
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases/${pair.caseId}`);
    const section = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'Possible matches' }) });
    const card = section.locator('.candidate-card').filter({ hasText: pair.recordReference });
    await card.getByRole('button', { name: 'Compare side by side' }).click();
    await section.getByRole('table').waitFor();
    assert.equal(await section.getByRole('button', { name: 'Record the decision' }).count(), 0, 'no decisions without match:review');
    assert.equal(await scrollsSideways(page), false, 'side by side at 360 px');
    await assertAccessible(page, 'case candidates at 360 px');

    // A link to the candidate from a page of the list it is not on opens it on its own.
    const candidateId = new URL(page.url()).searchParams.get('candidate')!;
    await page.goto(`${world.baseUrl}/console/cases/${pair.caseId}?candidate=${candidateId}&offset=100`);
    await section.getByRole('table').waitFor();
    assert.match(await section.locator('.side-by-side').innerText(), new RegExp(pair.recordReference));

    const analyst = await openPage(world);
    await signInToConsole(analyst, world, 'force-a/analyst');
    assert.equal(await analyst.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Candidate matches' }).count(), 0);
    await analyst.goto(`${world.baseUrl}/console/matching`);
    await analyst.getByRole('alert').waitFor();
    assert.equal(await analyst.locator('.candidate-card').count(), 0);
  });
});
