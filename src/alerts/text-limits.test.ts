// Shortening a drafted text to a limit at a word boundary, counting characters as the limits do.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clipAtWord } from './text-limits.ts';

describe('clipAtWord', () => {
  it('leaves a text within the limit alone', () => {
    assert.equal(clipAtWord('Last seen in Aberaeron.', 23), 'Last seen in Aberaeron.');
  });

  it('cuts between words, never inside one, and marks the cut', () => {
    assert.equal(clipAtWord('Last seen in Aberaeron harbour.', 20), 'Last seen in…');
    assert.equal(clipAtWord('Last seen in Aberaeron harbour.', 23), 'Last seen in Aberaeron…', 'the cut falls exactly on a space');
    assert.equal(clipAtWord('Wearing a red coat, black jeans', 21), 'Wearing a red coat…', 'no dangling comma');
    assert.equal(clipAtWord('Wearing a red coat', 11, '...'), 'Wearing...');
  });

  it('counts characters, not UTF-16 units, and never splits a pair', () => {
    const text = '𝒜𝒷𝒸 𝒹𝑒𝒻 ghi';
    assert.equal(clipAtWord(text, 8), '𝒜𝒷𝒸 𝒹𝑒𝒻…');
    assert.ok(!/[\uD800-\uDBFF]$/.test(clipAtWord('𝒜𝒷𝒸𝒹𝑒𝒻𝒼𝒽', 4).slice(0, -1)));
  });

  it('cuts inside a word only when one word is longer than the limit', () => {
    assert.equal(clipAtWord('Llanfairpwllgwyngyll', 10), 'Llanfairp…');
    for (let limit = 1; limit < 40; limit++)
      assert.ok([...clipAtWord('Seen near the old railway bridge at dusk', limit)].length <= limit, String(limit));
  });
});
