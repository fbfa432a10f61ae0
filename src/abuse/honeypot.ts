// A field hidden from people (off-screen, not in the tab order, labelled "leave empty") that form-filling
// bots complete. A filled one is answered as if it worked, so the bot learns nothing, and nothing is stored.
export const HONEYPOT_FIELD = 'website';

export function honeypotFilled(fields: Record<string, string | undefined>): boolean {
  return (fields[HONEYPOT_FIELD] ?? '') !== '';
}
