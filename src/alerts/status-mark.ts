// The mark of an exercise or a test, put in one place on every text that leaves for people: subjects, SMS,
// push titles, feed titles, share cards and screens. The mark is the system's, so it is there even when
// the officers forgot it; an officer's own leading mark ("EXERCISE: …", "[YMARFER] …") is taken off the
// text it would double, so each message says EXERCISE once, at its start.
import { translator } from '../i18n/i18n.ts';
import type { CapAlertStatus } from './store.ts';

const MARK_KEYS = { Exercise: 'dispatch.markExercise', Test: 'dispatch.markTest' } as const;

/** "[EXERCISE]", "[YMARFER]", ... in the language; empty for a real alert. */
export function statusMark(status: CapAlertStatus, language: string): string {
  return status === 'Actual' ? '' : translator(language)(MARK_KEYS[status]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words that make up a mark, in the language and in English: "exercise", "ymarfer", ... */
function markWords(status: Exclude<CapAlertStatus, 'Actual'>, language: string): string[] {
  const words = [status, statusMark(status, language), statusMark(status, 'en')]
    .map((mark) => mark.replace(/[[\]]/g, '').trim())
    .filter(Boolean);
  return [...new Set(words)];
}

/**
 * The text without a mark at its start: "EXERCISE: ", "[Exercise] ", "Exercise - ", or the word in capitals
 * ("EXERCISE Child Rescue Alert"). A headline that merely begins with the word ("Exercise in Area A") keeps it.
 */
export function withoutLeadingMark(status: CapAlertStatus, text: string, language: string): string {
  if (status === 'Actual') return text;
  const words = markWords(status, language).map(escapeRegExp).join('|');
  const leading = new RegExp(`^\\s*([[(])?\\s*(${words})\\s*([\\])])?\\s*([:.!\\-–—]+)?\\s+`, 'iu');
  const match = leading.exec(text);
  if (!match) return text;
  const [whole, open, word, close, separator] = match;
  const marked = (open && close) || separator || word === word!.toUpperCase();
  const rest = text.slice(whole.length);
  return marked && rest.trim() ? rest : text;
}

/** The text with the system's mark once at its start: "[EXERCISE] Child Rescue Alert: …"; a real alert's unchanged. */
export function markedText(status: CapAlertStatus, text: string, language: string): string {
  if (status === 'Actual') return text;
  return `${statusMark(status, language)} ${withoutLeadingMark(status, text, language)}`;
}
