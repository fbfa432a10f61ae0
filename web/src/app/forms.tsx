// A control's own problem, found in the API's answer by JSON Pointer or checked in the browser: the control
// says it is invalid and is described by its hint (if any) and its problem, which is shown under it.
import type { ReactNode } from 'react';
import { ApiError } from './api.ts';

/** The API's complaint about one field, named by JSON Pointer (the exact pointer, or anything under it), if any. */
export function fieldProblem(error: unknown, pointer: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.problem.errors?.find((e) => e.pointer === pointer || e.pointer?.startsWith(`${pointer}/`));
  return found?.detail;
}

/** aria-invalid and aria-describedby for a control with an optional hint and a problem that may be absent. */
export function problemAria(problem: unknown, problemId: string, hintId?: string): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
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
