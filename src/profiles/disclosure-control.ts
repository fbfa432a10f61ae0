// Statistical disclosure control of published counts: a count from 1 to 4 could point at one child, so it is
// withheld; so is a second count beside it when only one would be withheld (secondary suppression), so that
// the total less the other figures does not give the first away; every figure shown is then rounded to the
// nearest 5, the total from its true value (so it need not equal the sum of the rounded figures). Pure: the
// API applies it to everything it sends to anyone other than the national centre, and the public page too.

export const SMALLEST_SHOWN = 5;
export const ROUNDING_BASE = 5;

export interface ControlledCount {
  /** null when withheld. */
  count: number | null;
  /** Withheld: fewer than 5, or withheld so that a total does not reveal a figure of fewer than 5. */
  withheld: boolean;
}

export interface ControlledGroup {
  cells: ControlledCount[];
  total: ControlledCount;
}

export const METHOD_NOTE =
  'Figures from 1 to 4 are withheld, and where only one figure in a table would be withheld a second is withheld too, so that the total does not reveal it; every figure shown, totals included, is rounded to the nearest 5, and totals are rounded from their true value, so they may differ from the sum of the figures shown.';

export function roundToBase(value: number): number {
  return Math.round(value / ROUNDING_BASE) * ROUNDING_BASE;
}

const isSmall = (value: number) => value > 0 && value < SMALLEST_SHOWN;

/**
 * The figures of one table (a column of counts) and its total, as they may be published. The total is the sum
 * unless given (children counted once each across rows: fewer than the sum when a child is in several).
 */
export function controlGroup(values: readonly number[], total = values.reduce((sum, value) => sum + value, 0)): ControlledGroup {
  for (const value of [...values, total]) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError('counts are whole numbers of 0 or more');
  }
  const withheld = values.map(isSmall);
  // A total of 1 to 4 is itself small: then every figure but the zeros goes.
  if (isSmall(total)) {
    return { cells: values.map((value) => (value === 0 ? shown(0) : hidden())), total: hidden() };
  }
  if (withheld.filter(Boolean).length === 1) {
    // The smallest other figure that is not zero (there is one unless a given total exceeds the sum).
    let pick = -1;
    values.forEach((value, i) => {
      if (!withheld[i] && value > 0 && (pick < 0 || value < values[pick]!)) pick = i;
    });
    if (pick >= 0) withheld[pick] = true;
    // Nothing to withhold beside it: the total would reveal it, so the total goes instead.
    else return { cells: values.map((value, i) => (withheld[i] ? hidden() : shown(roundToBase(value)))), total: hidden() };
  }
  return {
    cells: values.map((value, i) => (withheld[i] ? hidden() : shown(roundToBase(value)))),
    total: shown(roundToBase(total)),
  };
}

/** The figures as they are, for the national centre. */
export function exactGroup(values: readonly number[], total = values.reduce((sum, value) => sum + value, 0)): ControlledGroup {
  return { cells: values.map(shown), total: shown(total) };
}

function shown(count: number): ControlledCount {
  return { count, withheld: false };
}

function hidden(): ControlledCount {
  return { count: null, withheld: true };
}
