// Small pieces every screen uses: headings that move focus, problems shown readably, loading states.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { labelFrom, problemEntries, ProblemLine, problemTitle } from './forms.tsx';
import { consoleDate, consoleDateTime } from './dates.ts';

/** The page's heading; focused on arrival so screen-reader and keyboard users know where they are. */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    document.title = `${ref.current?.textContent ?? ''} · Forget-me-not`;
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/**
 * A refusal in the officer's language: a heading by its kind and each refused field in words, named by the
 * form's label and linked to the control when `fields` says where it is (pointer → label and control id).
 */
export function ErrorMessage({ error, fields = {} }: { error: unknown; fields?: Record<string, { label: string; id: string }> }) {
  const { t } = useTranslation('app');
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title = problem ? problemTitle(problem, (error as ApiError).status) : t('error.generic');
  const labels = Object.fromEntries(Object.entries(fields).map(([pointer, field]) => [pointer, field.label]));
  const known = Object.keys(fields).sort((a, b) => b.length - a.length);
  const entries = problemEntries(error, labelFrom(labels));
  const detail =
    entries.length > 0
      ? undefined
      : (problem?.detail ?? (error instanceof Error && !(error instanceof ApiError) ? error.message : undefined));
  return (
    <div role="alert" className="problem">
      <strong>{title}</strong>
      {detail ? <p>{detail}</p> : null}
      {entries.length ? (
        <ul>
          {entries.map((e, i) => {
            const target = e.pointer ? known.find((pointer) => e.pointer === pointer || e.pointer!.startsWith(`${pointer}/`)) : undefined;
            return (
              <li key={i}>
                <ProblemLine message={e.message} label={e.label} href={target ? `#${fields[target]!.id}` : undefined} />
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation('app');
  return (
    <p role="status" className="muted">
      {t('loading')}
    </p>
  );
}

/** A date and time in UK local time, British format, the viewer's language for words (app/dates.ts). */
export function DateTime({ value }: { value: string | null | undefined }) {
  const { i18n } = useTranslation();
  if (!value) return <span>—</span>;
  return <time dateTime={value}>{consoleDateTime(value, i18n.language)}</time>;
}

/** A calendar date (a date of birth, "2013-04-02") as the UK writes it: "2 April 2013". */
export function DateOnly({ value }: { value: string | null | undefined }) {
  const { i18n } = useTranslation();
  if (!value) return <span>—</span>;
  return <time dateTime={value}>{consoleDate(value, i18n.language)}</time>;
}

/**
 * A data table that scrolls sideways on a narrow screen. The scrolling box is a named, focusable region so
 * keyboard users can scroll it; the same name is the table's caption for screen readers.
 */
export function ScrollingTable({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={className}>
        <caption className="visually-hidden">{label}</caption>
        {children}
      </table>
    </div>
  );
}
