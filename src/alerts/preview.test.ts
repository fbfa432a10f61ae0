// The preview of an alert as it would go out, with unsaved changes, on both databases: rendered by the real
// renderers (exercise marks, the Welsh text, the photo), audited, and leaving nothing behind.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { ALERT_CONTENTS, uploadCasePhoto } from '../../test/support/alerts.ts';

describeOnEngines('Alert preview', (engine) => {
  let world: TestWorld;
  let caseId: string;
  let photoId: string;
  const investigator = () => asToken(world, 'force-a/investigator');

  before(async () => {
    world = await startTestWorld(engine);
    const created = await investigator()('POST', '/api/v1/cases', newChildCase());
    caseId = JSON.parse(created.body).id;
    photoId = await uploadCasePhoto(world, caseId);
  });
  after(() => world.close());

  it('renders unsaved text as recipients would get it, and stores none of it', async () => {
    const draft = JSON.parse((await investigator()('POST', '/api/v1/alerts', { caseId })).body);
    const response = await investigator()('POST', `/api/v1/alerts/${draft.id}/preview`, {
      language: 'cy',
      capStatus: 'Exercise',
      contents: ALERT_CONTENTS,
      vehicle: 'White Ford Transit van',
    });
    assert.equal(response.statusCode, 200, response.body);
    const preview = JSON.parse(response.body);
    const welsh = ALERT_CONTENTS[1]!;
    assert.equal(preview.language, 'cy');
    // The exercise mark in the language of the text, from the dispatch renderer.
    assert.equal(preview.sms.text, `[YMARFER] ${welsh.smsText}`);
    assert.equal(preview.sms.encoding, 'UCS-2');
    assert.equal(preview.email.subject, `[YMARFER] ${welsh.headline}`);
    assert.match(preview.email.text, /Gwelwyd ddiwethaf: Outside the leisure centre/);
    assert.ok(preview.email.html.includes(`/api/v1/cases/${caseId}/photos/${photoId}/page`), 'the email shows the chosen photo');
    assert.ok(!preview.email.html.includes('cid:'), 'the inline reference is replaced for the preview');
    assert.equal(preview.push.title, preview.email.subject);
    // The body goes on from the title rather than repeating it: the description comes first.
    assert.ok(!preview.push.body.startsWith(preview.email.subject), preview.push.body);
    assert.ok(preview.push.body.startsWith(welsh.description), preview.push.body);
    assert.match(preview.appealHtml, /^<!doctype html>/);
    assert.ok(preview.appealHtml.includes(welsh.headline.replace(/’/g, '’')));
    assert.match(preview.appealHtml, /White Ford Transit van/);
    assert.ok(preview.appealHtml.includes(`/api/v1/cases/${caseId}/photos/${photoId}/page`));

    // Nothing was kept: the draft still has its pre-filled English text, no message was written.
    const after = JSON.parse((await investigator()('GET', `/api/v1/alerts/${draft.id}`)).body);
    assert.deepEqual(
      after.contents.map((c: { language: string }) => c.language),
      ['en'],
    );
    assert.equal(after.capStatus, 'Actual');
    assert.equal(after.vehicle, '');
    assert.equal(after.version, draft.version);
    assert.deepEqual(after.messages, []);
    assert.equal(after.photos[0].publicUrl, null);
    const { rows } = await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_messages WHERE alert_id = $1', [draft.id]);
    assert.equal(rows[0]!.n, 0);

    // The officer saw the child's details: that is audited.
    const audit = await world.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE subject_id = $1 AND action = 'alert.previewed'`,
      [draft.id],
    );
    assert.equal(audit.rows.length, 1);
  });

  it('falls back to the first language, refuses a bad tag, and hides alerts out of reach', async () => {
    const draft = JSON.parse((await investigator()('POST', '/api/v1/alerts', { caseId })).body);
    const english = await investigator()('POST', `/api/v1/alerts/${draft.id}/preview`, { language: 'pl' });
    assert.equal(english.statusCode, 200, english.body);
    assert.equal(JSON.parse(english.body).language, 'en');
    assert.match(JSON.parse(english.body).sms.text, /^CHILD RESCUE ALERT: Amelia Testcase/);

    const bad = await investigator()('POST', `/api/v1/alerts/${draft.id}/preview`, {
      contents: [{ ...ALERT_CONTENTS[0]!, language: 'not a tag' }],
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(JSON.parse(bad.body).errors[0].pointer, '/body/contents/0/language');

    const otherForce = await asToken(world, 'force-b/investigator')('POST', `/api/v1/alerts/${draft.id}/preview`, {});
    assert.equal(otherForce.statusCode, 404);
  });
});
