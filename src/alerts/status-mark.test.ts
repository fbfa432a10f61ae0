// The mark of an exercise or a test: once at the start of every text, whatever the officers wrote.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { markedText, withoutLeadingMark } from './status-mark.ts';

it('marks an exercise once, taking off the officers’ own leading mark in English or the language', () => {
  for (const headline of [
    'EXERCISE: Child Rescue Alert',
    '[EXERCISE] Child Rescue Alert',
    'Exercise - Child Rescue Alert',
    'EXERCISE Child Rescue Alert',
    'Child Rescue Alert',
  ]) {
    assert.equal(markedText('Exercise', headline, 'en'), '[EXERCISE] Child Rescue Alert', headline);
  }
  assert.equal(markedText('Exercise', 'YMARFER: Rhybudd Achub Plentyn', 'cy'), '[YMARFER] Rhybudd Achub Plentyn');
  assert.equal(markedText('Exercise', 'EXERCISE: Rhybudd Achub Plentyn', 'cy'), '[YMARFER] Rhybudd Achub Plentyn');
  assert.equal(markedText('Test', 'TEST: Child Rescue Alert', 'en'), '[TEST] Child Rescue Alert');
});

it('leaves real alerts, and words that only begin a headline, as they are', () => {
  assert.equal(markedText('Actual', 'EXERCISE: not a mark on a real alert', 'en'), 'EXERCISE: not a mark on a real alert');
  assert.equal(withoutLeadingMark('Exercise', 'Exercise in Area A', 'en'), 'Exercise in Area A');
  assert.equal(withoutLeadingMark('Exercise', 'EXERCISE:', 'en'), 'EXERCISE:', 'a mark alone is kept rather than left empty');
});
