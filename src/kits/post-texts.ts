// Ready-made posts for social networks: one text per network and language that always fits the network's
// limit, counted the way that network counts. What must never be cut is the call to action (the helpline
// numbers) and the appeal's link; what gives way first is the description, then the headline, then the
// facts line with the child's name, each cut at a whole grapheme (a letter with its marks, an Indic cluster, an emoji) with "…".

export const NETWORKS = ['x', 'bluesky', 'mastodon', 'facebook', 'instagram', 'whatsapp'] as const;
export type Network = (typeof NETWORKS)[number];

export interface NetworkRule {
  /** As the network writes its own name. */
  name: string;
  /** The most the network accepts, in its own unit (see `count`). */
  limit: number;
  /** The length of `text` as the network counts it, `url` being the appeal's link inside it. */
  count(text: string, url: string): number;
  /** Whether the appeal's description goes in (when it fits): long posts only. */
  description: boolean;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
}

// X's weighted length (twitter-text configuration v3): each code point in these ranges weighs 1, every
// other (CJK, emoji, ...) weighs 2; each link counts as 23 whatever its length. An emoji sequence X counts
// as 2 is counted here as 2 per code point: longer than X's count, never shorter, so a post always fits.
const X_LIGHT_RANGES: readonly [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const X_LINK_LENGTH = 23;

function xWeight(text: string): number {
  let weight = 0;
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    weight += X_LIGHT_RANGES.some(([low, high]) => code >= low && code <= high) ? 1 : 2;
  }
  return weight;
}

/**
 * Whether X and Mastodon see `url` as a link (and count it as 23): a host name ending in a top-level domain.
 * An address they would not take for a link (localhost, a bare IP address) is counted as its text.
 */
function countsAsLink(url: string): boolean {
  try {
    return /\.[a-z]{2,}$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The text's length with each occurrence of `url` counted as `linkLength` if it reads as a link, the rest by `measure`. */
function withLinks(text: string, url: string, linkLength: number, measure: (part: string) => number): number {
  if (!url || !countsAsLink(url)) return measure(text);
  const parts = text.split(url);
  return parts.reduce((sum, part) => sum + measure(part), 0) + (parts.length - 1) * linkLength;
}

const codePoints = (text: string) => [...text].length;
const utf16Units = (text: string) => text.length;

export const NETWORK_RULES: Record<Network, NetworkRule> = {
  x: { name: 'X', limit: 280, count: (text, url) => withLinks(text, url, X_LINK_LENGTH, xWeight), description: false },
  // Bluesky counts graphemes of the whole text, the link as written.
  bluesky: { name: 'Bluesky', limit: 300, count: (text) => graphemeCount(text), description: false },
  // Mastodon counts code points, each link as 23.
  mastodon: { name: 'Mastodon', limit: 500, count: (text, url) => withLinks(text, url, X_LINK_LENGTH, codePoints), description: true },
  facebook: { name: 'Facebook', limit: 63_206, count: (text) => utf16Units(text), description: true },
  // Instagram captions: 2,200 characters. Links in captions are not clickable, but the address is still read.
  instagram: { name: 'Instagram', limit: 2_200, count: (text) => utf16Units(text), description: true },
  whatsapp: { name: 'WhatsApp', limit: 65_536, count: (text) => utf16Units(text), description: true },
};

export interface PostParts {
  /** The appeal's headline in the post's language. */
  headline: string;
  /** The child's name and the facts: missing since, age when missing. */
  facts: string;
  /** The appeal's longer text. */
  description: string;
  /** What to do: never cut. */
  call: string;
  /** The appeal's page: never cut. */
  url: string;
}

const SEPARATOR = '\n\n';
const ELLIPSIS = '…';
/** A part cut shorter than this many graphemes says nothing useful: it is left out instead. */
const SHORTEST_USEFUL = 12;

function join(parts: readonly string[]): string {
  return parts.filter((part) => part.length > 0).join(SEPARATOR);
}

/** The longest start of `text` (whole graphemes, with "…") for which `fits` holds, or '' if none useful does. */
function cutToFit(text: string, fits: (candidate: string) => boolean): string {
  const units = graphemes(text.trim());
  let low = 0;
  let high = units.length - 1;
  let best = '';
  // Lengths grow with the number of graphemes kept, so the longest that fits is found by halving.
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate =
      units
        .slice(0, middle + 1)
        .join('')
        .trimEnd() + ELLIPSIS;
    if (fits(candidate)) {
      best = middle + 1 >= SHORTEST_USEFUL ? candidate : '';
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}

/**
 * The post for one network: headline, facts, description (long posts only), what to do and the link, each
 * separated by a blank line; cut as described above so that it fits the network's limit.
 */
export function composePost(network: Network, parts: PostParts): string {
  const rule = NETWORK_RULES[network];
  const fits = (text: string) => rule.count(text, parts.url) <= rule.limit;
  // Only the staff-written parts are cut; the call and the link are whole in every post.
  const pieces = [parts.headline.trim(), parts.facts.trim(), rule.description ? parts.description.trim() : '', parts.call, parts.url];
  const build = () => join(pieces);
  // Give way in this order: the description, then the headline, then the facts (which carry the child's name).
  for (const index of [2, 0, 1]) {
    if (fits(build())) break;
    const original = pieces[index]!;
    pieces[index] = '';
    if (!original || !fits(build())) continue;
    pieces[index] = cutToFit(original, (candidate) => {
      const trial = [...pieces];
      trial[index] = candidate;
      return fits(join(trial));
    });
  }
  const text = build();
  if (!fits(text)) throw new Error(`the call and the link alone do not fit a post on ${rule.name}`);
  return text;
}

export interface PostText {
  network: Network;
  name: string;
  text: string;
  limit: number;
  /** The text's length as the network counts it. */
  length: number;
}

export function composePosts(parts: PostParts): PostText[] {
  return NETWORKS.map((network) => {
    const rule = NETWORK_RULES[network];
    const text = composePost(network, parts);
    return { network, name: rule.name, text, limit: rule.limit, length: rule.count(text, parts.url) };
  });
}
