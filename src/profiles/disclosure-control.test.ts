// Properties of disclosure control over any table of counts (fast-check), and a few tables worked by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { controlGroup, exactGroup, roundToBase } from './disclosure-control.ts';

const tables = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 30 });

function noSmallFigureShown(values: number[]): void {
  const { cells, total } = controlGroup(values);
  for (const cell of [...cells, total]) {
    if (cell.count !== null) {
      assert.ok(cell.count === 0 || cell.count >= 5, `shown ${cell.count}`);
      assert.equal(cell.count % 5, 0, 'every figure shown is a multiple of 5');
    }
  }
}

function everySmallFigureWithheld(values: number[]): void {
  const { cells } = controlGroup(values);
  values.forEach((value, i) => {
    if (value >= 1 && value <= 4) assert.equal(cells[i]!.withheld, true);
    if (value === 0) assert.deepEqual(cells[i], { count: 0, withheld: false });
  });
}

// With a published total, a lone withheld figure would be the total less the others: never fewer than two.
function neverALoneWithheldFigure(values: number[]): void {
  const { cells, total } = controlGroup(values);
  const withheld = cells.filter((cell) => cell.withheld).length;
  if (!total.withheld) assert.ok(withheld === 0 || withheld >= 2, `${withheld} withheld of ${JSON.stringify(values)}`);
}

// What a reader can infer of the withheld figures from the total and the rounded figures is a range for their
// sum; it must hold the true sum, and be shared by two or more figures, so that none is pinned on its own.
function totalDoesNotPinASmallFigure(values: number[]): void {
  const { cells, total } = controlGroup(values);
  if (total.withheld) return;
  const hidden = values.filter((_value, i) => cells[i]!.withheld);
  if (hidden.length === 0) return;
  const shownLow = cells.reduce((sum, cell) => sum + (cell.withheld ? 0 : Math.max(0, cell.count! - 2)), 0);
  const hiddenSumHigh = total.count! + 2 - shownLow;
  // Two or more unknowns sharing one sum: no single one is determined.
  assert.ok(hidden.length >= 2 && hiddenSumHigh >= hidden.reduce((a, b) => a + b, 0));
}

function roundedFromTheTruth(values: number[]): void {
  const { cells, total } = controlGroup(values);
  const truth = values.reduce((a, b) => a + b, 0);
  if (!total.withheld) assert.equal(total.count, roundToBase(truth));
  values.forEach((value, i) => {
    const cell = cells[i]!;
    if (!cell.withheld) assert.ok(Math.abs(cell.count! - value) <= 2);
  });
}

describe('disclosure control', () => {
  it('never shows a figure from 1 to 4, and shows only multiples of 5', () => fc.assert(fc.property(tables, noSmallFigureShown)));
  it('withholds every figure from 1 to 4 and shows zeros', () => fc.assert(fc.property(tables, everySmallFigureWithheld)));
  it('never leaves one withheld figure alone beside a published total', () => fc.assert(fc.property(tables, neverALoneWithheldFigure)));
  it('does not let the total pin a withheld figure', () => fc.assert(fc.property(tables, totalDoesNotPinASmallFigure)));
  it('rounds each figure and the total from the true values', () => fc.assert(fc.property(tables, roundedFromTheTruth)));

  it('withholds the smallest other figure beside a lone small one', () => {
    assert.deepEqual(controlGroup([3, 40, 12, 0]), {
      cells: [
        { count: null, withheld: true },
        { count: 40, withheld: false },
        { count: null, withheld: true },
        { count: 0, withheld: false },
      ],
      total: { count: 55, withheld: false },
    });
  });

  it('withholds the total and everything but zeros when the total is small', () => {
    assert.deepEqual(controlGroup([2, 0, 1]).total, { count: null, withheld: true });
    assert.deepEqual(
      controlGroup([2, 0, 1]).cells.map((cell) => cell.withheld),
      [true, false, true],
    );
  });

  it('leaves tables without small figures whole (rounded)', () => {
    assert.deepEqual(
      controlGroup([7, 13, 5]).cells.map((cell) => cell.count),
      [5, 15, 5],
    );
    assert.equal(controlGroup([7, 13, 5]).total.count, 25);
  });

  it('refuses what is not a count', () => {
    assert.throws(() => controlGroup([1.5]), RangeError);
    assert.throws(() => controlGroup([-1]), RangeError);
  });

  it('gives the national centre the figures as they are', () => {
    assert.deepEqual(exactGroup([3, 4]).total, { count: 7, withheld: false });
    assert.deepEqual(
      exactGroup([3, 4]).cells.map((cell) => cell.count),
      [3, 4],
    );
  });
});
