// Limits of alert text and photos: a module without the schema library, so the console imports the very
// numbers the API validates with.

/** Limits the console shows live as the officer types. */
export const ALERT_TEXT_LIMITS = {
  headline: 160,
  description: 5000,
  instruction: 500,
  contact: 300,
  // At most two SMS segments (checked by encoding, see channels/sms-text.ts); this caps the raw length.
  smsText: 320,
  // Cell broadcast: the 360-character version.
  broadcastText: 360,
} as const;
export const MAX_SMS_SEGMENTS = 2;
export const MAX_ALERT_PHOTOS = 4;

/**
 * The text shortened to at most `maxCharacters` (code points, as the limits count) at a word boundary,
 * with `ending` to show that it goes on: a pre-filled text is never cut mid-word ("Aberaer…") or between
 * the halves of a surrogate pair. A single word longer than the whole limit is the one thing cut inside.
 */
export function clipAtWord(text: string, maxCharacters: number, ending = '…'): string {
  const characters = Array.from(text);
  if (characters.length <= maxCharacters) return text;
  const room = Math.max(0, maxCharacters - Array.from(ending).length);
  // One character past the room: if it is a space, the cut falls exactly between two words.
  const head = characters.slice(0, room + 1).join('');
  const lastSpace = head.search(/\s\S*$/);
  const words = lastSpace > 0 ? head.slice(0, lastSpace) : characters.slice(0, room).join('');
  return `${words.replace(/[\s,;:–—-]+$/u, '')}${ending}`;
}
