// Invitations and password resets reach the person's own mailbox when a mail relay is configured, against a
// real SMTP server on loopback: the emailed code sets the password; a relay that refuses loses nothing (the
// administrator is told, and the link still works); without a relay the administrator passes the link on.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { issuePasswordReset } from './account-lifecycle.ts';
import { mailAccountLink } from './account-mail.ts';
import { findUserByEmail } from './accounts.ts';

describeOnEngines('one-time account links by email', (engine) => {
  let relay: SmtpPeer;
  let world: TestWorld;
  before(async () => {
    relay = await startSmtpPeer();
    world = await startTestWorld(engine, {
      users: { 'force-a': ['investigator', 'administrator'] },
      config: { smtpUrl: relay.url, smtpFrom: 'Forget-me-not <accounts@forgetmenot.test>' },
    });
  });
  after(async () => {
    await world.close();
    await relay.close();
  });

  const invite = (email: string) =>
    asToken(world, 'force-a/administrator')('POST', '/api/v1/users/invitations', {
      email,
      name: 'Nia Evans',
      role: 'investigator',
      organisationCode: 'force-a',
    });
  const setPassword = (code: string, password: string) =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { code, password } });

  it('emails an invitation to the person, whose emailed code sets their password', async () => {
    const invited = await invite('nia.evans@force-a.test');
    assert.equal(invited.statusCode, 201, invited.body);
    const issued = JSON.parse(invited.body) as { code: string; link: string; emailed: boolean; expiresAt: string };
    assert.equal(issued.emailed, true);

    const [email] = await relay.waitFor(1);
    assert.deepEqual(email!.envelope.to, ['nia.evans@force-a.test']);
    assert.equal(email!.subject, 'Your Forget-me-not account: choose your password');
    assert.match(email!.text!, /^Hello Nia Evans,/);
    assert.ok(email!.text!.includes(issued.link), 'the link is in the email');
    // The expiry in UK words and time, never a US date or "UTC".
    assert.match(email!.text!, /until \d{1,2} [A-Z][a-z]+ \d{4}/);
    assert.doesNotMatch(email!.text!, /\d{1,2}\/\d{1,2}\/\d{4}|UTC/);

    const code = /this code on the “set your password” page: (\S+)/.exec(email!.text!)![1]!;
    assert.equal((await setPassword(code, 'a passphrase of my own choosing')).statusCode, 204);
  });

  it('tells the administrator when the relay refuses, and the link still works', async () => {
    relay.failNext(1, 550, 'mailbox unavailable');
    const invited = await invite('owain.jones@force-a.test');
    assert.equal(invited.statusCode, 201, invited.body);
    const issued = JSON.parse(invited.body) as { code: string; emailed: boolean };
    assert.equal(issued.emailed, false);
    assert.equal((await setPassword(issued.code, 'another passphrase of mine')).statusCode, 204);
  });

  it('emails a password reset, worded as a reset', async () => {
    const user = (await findUserByEmail(world.db, 'investigator@force-a.test'))!;
    const before = relay.messages.length;
    const issued = await issuePasswordReset(world.deps, user.id, { actorId: null, actor: 'test' });
    assert.equal(await mailAccountLink(world.deps.config, issued), 'sent');
    const email = (await relay.waitFor(before + 1))[before]!;
    assert.equal(email.subject, 'Forget-me-not: choose a new password');
    assert.ok(email.text!.includes(issued.link));
  });

  it('leaves the link with the administrator when no relay is configured', async () => {
    const user = (await findUserByEmail(world.db, 'investigator@force-a.test'))!;
    const issued = await issuePasswordReset(world.deps, user.id, { actorId: null, actor: 'test' });
    assert.equal(await mailAccountLink({ smtpUrl: undefined, smtpFrom: 'x@forgetmenot.test' }, issued), 'no-relay');
  });
});
