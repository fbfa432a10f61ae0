// Limits of alert text and photos: a module without the schema library, so the console imports the very
// numbers the API validates with.

/** Limits the console shows live as the officer types. */
export const ALERT_TEXT_LIMITS = {
  headline: 160,
  description: 5000,
  instruction: 500,
  contact: 300,
  // At most two SMS segments (checked by encoding, see sms-text.ts); this caps the raw length.
  smsText: 320,
  // Cell broadcast: the 360-character version.
  broadcastText: 360,
} as const;
export const MAX_SMS_SEGMENTS = 2;
export const MAX_ALERT_PHOTOS = 4;
