// How typed place names are compared: forgiving of case, accents, punctuation and the usual short forms,
// so that "st. albans", "Saint Albans" and "ST ALBANS" are one key, and "Kings Lynn" finds "King's Lynn".

/** The key a place name is stored and searched under. */
export function normalisePlaceName(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      // An apostrophe joins ("king's" is "kings"); every other mark is a space.
      .replace(/['\u2018\u2019`]/g, '')
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .split(' ')
      .map((word) => (word === 'saint' ? 'st' : word))
      .join(' ')
  );
}

/** Edits (insert, delete, replace, swap of neighbours) between two keys, stopping early past a limit. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous: number[] = [];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(before[j]! + 1, row[j - 1]! + 1, before[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous[j - 2]! + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = before;
    before = row;
  }
  return before[b.length]!;
}
