// A control's own problem, found in the API's answer by JSON Pointer or checked in the browser: the control
// says it is invalid and is described by its hint (if any) and its problem, which is shown under it.
// The one place a refusal becomes words: the API names each field by pointer and what is wrong by a stable
// code (with its figure); here that becomes a sentence in the officer's language that names the field by the
// form's own label and says what to do. The API's own sentence is for scripts and logs, not for people.
import type { MouseEvent as ReactMouseEvent, ReactNode } from 'react';
import i18next from 'i18next';
import { ApiError, type Problem, type ProblemEntry } from './api.ts';

/** Whether a refusal about `found` is about the field at `pointer` (the field itself or anything inside it). */
const within = (found: string | undefined, pointer: string) => found === pointer || Boolean(found?.startsWith(`${pointer}/`));

/** The words for one refused field: "Languages spoken: use language codes such as en, cy, pl or ar." */
export function problemMessage(entry: ProblemEntry, label: string | undefined): string {
  const field = label?.trim() || i18next.t('app:problem.thisField');
  let code = entry.code ?? 'invalid';
  if (code === 'pattern' && /\/languages?(\/|$)/.test(entry.pointer ?? '')) code = 'language-tag';
  if (code === 'format' && entry.format && i18next.exists(`app:problem.code.format-${entry.format}`)) code = `format-${entry.format}`;
  if (!i18next.exists(`app:problem.code.${code}`)) code = 'invalid';
  // A refusal the API has no code for yet: its own sentence, unless it is a validator's ("must match ...").
  if (code === 'invalid' && entry.detail && !/^must\b/.test(entry.detail))
    return i18next.t('app:problem.code.not-accepted-because', { field, reason: entry.detail });
  return i18next.t(`app:problem.code.${code}`, { field, limit: entry.limit });
}

// Problem types that have a heading of their own; any other refusal is headed by its status.
const TITLE_OF_KIND: Record<string, string> = {
  validation: 'validation',
  'area-too-large': 'tooLarge',
  'criteria-not-met': 'criteria',
  'boundaries-refused': 'boundaries',
  'not-found': 'notFound',
  conflict: 'conflict',
};

/** A heading for the refusal in the officer's language, by its kind, not the API's English title. */
export function problemTitle(problem: Problem | undefined, status?: number): string {
  const kind = problem?.type?.split('/').pop() ?? '';
  const key = TITLE_OF_KIND[kind] ?? (status === 404 ? 'notFound' : status === 409 ? 'conflict' : 'refused');
  return i18next.t(`app:problem.title.${key}`);
}

/** The refused fields of an error, each with its pointer and message (most specific label known to the form). */
export function problemEntries(
  error: unknown,
  labelOf: (pointer: string) => string | undefined = () => undefined,
): { pointer?: string; label?: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const entries: ProblemEntry[] = [...(error.problem.errors ?? [])];
  if (error.problem.pointer && !entries.some((e) => e.pointer === error.problem.pointer))
    entries.push({ pointer: error.problem.pointer, detail: error.problem.detail });
  return entries
    .filter((e) => e.pointer || e.detail)
    .map((e) => {
      const label = e.pointer ? labelOf(e.pointer) : undefined;
      return {
        ...(e.pointer ? { pointer: e.pointer } : {}),
        ...(label ? { label } : {}),
        message: e.code || e.pointer ? problemMessage(e, label) : (e.detail ?? ''),
      };
    });
}

/** The label a form gives the most specific of its pointers that holds `pointer`. */
export function labelFrom(labels: Record<string, string>): (pointer: string) => string | undefined {
  const known = Object.keys(labels).sort((a, b) => b.length - a.length);
  return (pointer) => {
    const match = known.find((candidate) => within(pointer, candidate));
    return match === undefined ? undefined : labels[match];
  };
}

/**
 * One line of a problem summary: the field's name as the link to it, then what to do ("Family name: fill
 * this in."), so the link reads as the field and the sentence follows it in the officer's language.
 */
export function ProblemLine({
  message,
  label,
  href,
  onClick,
}: {
  message: string;
  label?: string;
  href?: string;
  onClick?: (event: ReactMouseEvent<HTMLAnchorElement>) => void;
}) {
  const head = label && message.startsWith(label) ? label : undefined;
  if (!href) return <>{message}</>;
  if (!head)
    return (
      <a href={href} onClick={onClick}>
        {message}
      </a>
    );
  return (
    <>
      <a href={href} onClick={onClick}>
        {head}
      </a>
      {message.slice(head.length)}
    </>
  );
}

/** The API's complaint about one field, named by JSON Pointer (the exact pointer, or anything under it), in words. */
export function fieldProblem(error: unknown, pointer: string, label?: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found =
    error.problem.errors?.find((e) => within(e.pointer, pointer)) ??
    (within(error.problem.pointer, pointer) ? { pointer, detail: error.problem.detail } : undefined);
  return found ? problemMessage(found, label) : undefined;
}

/** aria-invalid and aria-describedby for a control with an optional hint and a problem that may be absent. */
export function problemAria(
  problem: unknown,
  problemId: string,
  hintId?: string,
): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
  const ids = [hintId, problem ? problemId : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': problem ? true : undefined, 'aria-describedby': ids || undefined };
}

/** The problem under a control; nothing while there is none. */
export function FieldError({ id, message }: { id: string; message: ReactNode }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}
