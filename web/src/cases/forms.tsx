// Form pieces the cases and users screens share: fields that show the API's complaint about them (matched by
// the JSON Pointer of the problem), a summary that links to each field at fault, and the stale-edit notice.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.ts';
import { fieldProblem, labelFrom, problemEntries, ProblemLine, problemTitle } from '../app/forms.tsx';

/** Turns a pointer into the id of the field that shows it, so the summary can link to it. */
export const fieldId = (pointer: string) => `field${pointer.replace(/[^a-zA-Z0-9]+/g, '-')}`;

interface FieldProps {
  label: string;
  pointer: string;
  error: unknown;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

/** A labelled control with its hint and the API's message about it. */
export function Field({ label, pointer, error, hint, children }: FieldProps) {
  const problem = fieldProblem(error, pointer, label);
  const id = fieldId(pointer);
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : '', problem ? problemId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${problem ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p id={problemId} className="field-problem">
          {problem}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}

/**
 * The problem at the top of a form: its title and sentence, and a link to each field at fault, named by its
 * label when the form knows it.
 */
export function FormProblem({ error, labels }: { error: unknown; labels: Record<string, string> }) {
  const { t } = useTranslation('cases');
  const heading = useId();
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div role="alert" className="problem">
        <strong>{t('form.failed')}</strong>
        <p>{error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error)}</p>
      </div>
    );
  }
  const { problem } = error;
  const labelOf = labelFrom(labels);
  const known = Object.keys(labels).sort((a, b) => b.length - a.length);
  const fields = problemEntries(error, labelOf);
  return (
    <div role="alert" className="problem" aria-labelledby={heading}>
      <strong id={heading}>{problemTitle(problem, error.status)}</strong>
      {problem.detail && fields.length === 0 ? <p>{problem.detail}</p> : null}
      {fields.length ? (
        <ul>
          {fields.map((e, i) => {
            const target = e.pointer ? known.find((pointer) => e.pointer === pointer || e.pointer!.startsWith(`${pointer}/`)) : undefined;
            return (
              <li key={i}>
                <ProblemLine message={e.message} label={e.label} href={target ? `#${fieldId(target)}` : undefined} />
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** A refused stale edit (409 from an optimistic version check), explained, with a way to get the latest. */
export function isStaleEdit(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    /version|changed|stale/i.test(`${error.problem.type ?? ''} ${error.problem.detail ?? ''}`)
  );
}

export function StaleEditNotice({ onReload, title }: { onReload: () => void; title?: string }) {
  const { t } = useTranslation('cases');
  return (
    <div role="alert" className="problem">
      <strong>{title ?? t('stale.title')}</strong>
      <p>{t('stale.detail')}</p>
      <button type="button" onClick={onReload}>
        {t('stale.reload')}
      </button>
    </div>
  );
}

/** A heading that takes focus when it appears, so keyboard users land in a form they just opened. */
export function FocusedHeading({ id, children, level = 3 }: { id: string; children: ReactNode; level?: 2 | 3 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag id={id} ref={ref} tabIndex={-1} className="focus-target">
      {children}
    </Tag>
  );
}

/** Focuses the element when `open` turns false again (a form closed): focus returns to the button that opened it. */
export function useReturnFocus<T extends HTMLElement>(open: boolean) {
  const ref = useRef<T>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}
