// Small pieces every screen uses: headings that move focus, problems shown readably, loading states.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { formatDateTime } from '../../../src/i18n/dates.ts';

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

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation('app');
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title = problem?.title ?? t('error.generic');
  const detail = problem?.detail ?? (error instanceof Error && !(error instanceof ApiError) ? error.message : undefined);
  return (
    <div role="alert" className="problem">
      <strong>{title}</strong>
      {detail ? <p>{detail}</p> : null}
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              {e.pointer ? <code>{e.pointer}</code> : null} {e.detail}
            </li>
          ))}
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

/** Runs `load` when `deps` change; gives data, error, and a reload function. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; reload: () => void; loading: boolean } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((value) => {
        if (live) {
          setData(value);
          setError(undefined);
        }
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}

/** A date and time in UK local time and the viewer's language, formatted by the server's own module. */
export function DateTime({ value }: { value: string | null | undefined }) {
  const { i18n } = useTranslation();
  if (!value) return <span>—</span>;
  return <time dateTime={value}>{formatDateTime(value, i18n.language)}</time>;
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
