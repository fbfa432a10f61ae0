// The proof-of-work arithmetic and the rate-limit keys, without a database.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, networkKey } from './network.ts';
import { leadingZeroBits, powSolves, solvePow } from './pow.ts';

it('counts leading zero bits of a digest', () => {
  assert.equal(leadingZeroBits(Buffer.from([0x00, 0x00, 0x80])), 16);
  assert.equal(leadingZeroBits(Buffer.from([0x0f, 0xff])), 4);
  assert.equal(leadingZeroBits(Buffer.from([0x00, 0x01])), 15);
  assert.equal(leadingZeroBits(Buffer.alloc(4)), 32);
});

it('solves and checks a challenge', () => {
  const nonce = solvePow('abcdefghijklmnopqrstuv', 10);
  assert.ok(powSolves('abcdefghijklmnopqrstuv', nonce, 10));
  assert.ok(!powSolves('abcdefghijklmnopqrstuw', nonce, 24) || !powSolves('abcdefghijklmnopqrstuv', nonce, 24));
});

it('keys addresses by their network', () => {
  assert.equal(networkKey('203.0.113.77'), 'v4:203.0.113.0/24');
  assert.equal(networkKey('::ffff:203.0.113.9'), 'v4:203.0.113.0/24');
  assert.equal(networkKey('2001:db8:1:2::5'), 'v6:2001:db8:1/48');
  assert.equal(networkKey('2001:db8:1:ffff:1:2:3:4'), networkKey('2001:0db8:0001::9'));
  assert.notEqual(networkKey('2001:db8:2::1'), networkKey('2001:db8:1::1'));
  assert.equal(networkKey('::1'), 'v6:0:0:0/48');
  assert.equal(addressKey('::ffff:10.0.0.1'), addressKey('10.0.0.1'));
});
