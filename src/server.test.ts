// What the request log may show: no query strings (a search is personal data) and no secrets that links
// to recipients and screens carry in their path.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { redactPath } from './server.ts';

it('logs paths without queries or link secrets', () => {
  assert.equal(redactPath('/api/v1/cases?q=Amelia'), '/api/v1/cases');
  assert.equal(
    redactPath('/alerts/unsubscribe/6f1c0d7e-1111-4222-8333-944445555666/abcDEF_123'),
    '/alerts/unsubscribe/6f1c0d7e-1111-4222-8333-944445555666/…',
  );
  assert.equal(redactPath('/alerts/confirm/6f1c0d7e/secret-part'), '/alerts/confirm/6f1c0d7e/…');
  assert.equal(redactPath('/alerts/manage/6f1c0d7e/token/settings'), '/alerts/manage/6f1c0d7e/…/settings');
  assert.equal(redactPath('/screens/sCr33nT0k3n/events'), '/screens/…/events');
  assert.equal(redactPath('/appeals/2026-abcdefgh'), '/appeals/2026-abcdefgh');
});
