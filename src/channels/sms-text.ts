// How long an alert's short text is as SMS: which encoding it needs and how many segments it takes.
// Pure and dependency-free, because the staff console runs it live as the officer types.
// Tables: 3GPP TS 23.038 (GSM 03.38) default alphabet and its extension table; no national
// language shift tables (operators rarely honour them for bulk alerts).

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (an extension character counts 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Units one segment holds: 160/70 for a single SMS, 153/67 per part once concatenated. */
  perSegment: number;
  /** Units still free in the last segment before another one is needed. */
  remainingInSegment: number;
}

// The 127 characters of the default alphabet, in table order 0x00..0x7F (0x1B, the escape to the
// extension table, is not a character). Greek capitals are written as escapes because look-alike
// letters (Latin A, the ohm sign U+2126) are not in the table.
const GSM_BASIC_CHARACTERS =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  '\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039EÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

// Reached through the escape character, so each costs two septets.
const GSM_EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

const GSM_BASIC = new Set(GSM_BASIC_CHARACTERS);
const GSM_EXTENSION = new Set(GSM_EXTENSION_CHARACTERS);

const LIMITS: Record<SmsEncoding, { single: number; concatenated: number }> = {
  // 140 octets of user data; a concatenated part gives 6 octets to its header (7 septets with padding).
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
};

/** Characters (code points) of the text that are not in GSM 03.38 and so force UCS-2. */
export function nonGsmCharacters(text: string): string[] {
  return [...new Set(Array.from(text).filter((ch) => !GSM_BASIC.has(ch) && !GSM_EXTENSION.has(ch)))];
}

/** Measures a text as one SMS or a concatenated series. */
export function measureSms(text: string): SmsLength {
  const characters = Array.from(text); // code points, so a surrogate pair stays one character
  const encoding: SmsEncoding = characters.every((ch) => GSM_BASIC.has(ch) || GSM_EXTENSION.has(ch)) ? 'GSM-7' : 'UCS-2';
  const unitCosts = characters.map((ch) => (encoding === 'GSM-7' ? (GSM_EXTENSION.has(ch) ? 2 : 1) : ch.length));
  const units = unitCosts.reduce((sum, cost) => sum + cost, 0);
  const limits = LIMITS[encoding];

  if (units <= limits.single) {
    return { encoding, units, segments: 1, perSegment: limits.single, remainingInSegment: limits.single - units };
  }

  // Senders never split an escape sequence or a surrogate pair across two parts, so a part can
  // end one unit short; pack character by character rather than dividing.
  let segments = 1;
  let usedInSegment = 0;
  for (const cost of unitCosts) {
    if (usedInSegment + cost > limits.concatenated) {
      segments += 1;
      usedInSegment = 0;
    }
    usedInSegment += cost;
  }
  return {
    encoding,
    units,
    segments,
    perSegment: limits.concatenated,
    remainingInSegment: limits.concatenated - usedInSegment,
  };
}

/** Whether the text goes out in at most `maxSegments` SMS. */
export function fitsSegments(text: string, maxSegments = 2): boolean {
  return measureSms(text).segments <= maxSegments;
}
