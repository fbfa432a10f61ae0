// Pieces the alert screens share: state and exercise badges, problems that name and link the field at
// fault, and the way a field's id is derived from the JSON Pointer the API gives.
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.ts';
import { problemMessage, ProblemLine, problemTitle } from '../app/forms.tsx';
import type { AlertState, CapStatus } from './types.ts';

export function StateBadge({ state }: { state: AlertState }) {
  const { t } = useTranslation('alerts');
  return <span className={`badge state-${state}`}>{t(`state.${state}`)}</span>;
}

export function ExerciseBadge({ capStatus }: { capStatus: CapStatus }) {
  const { t } = useTranslation('alerts');
  if (capStatus === 'Actual') return null;
  return <span className="badge exercise">{t(`capStatus.${capStatus}`)}</span>;
}

/** The id of the form field a JSON Pointer such as /body/contents/1/smsText names. */
export function fieldId(pointer: string): string {
  return `field-${pointer.replace(/^\/body\/?/, '').replace(/\//g, '-') || 'form'}`;
}

/** Pointers of the problem, most specific first (a problem may name several fields, or one). */
export function problemPointers(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const pointers = (error.problem.errors ?? []).map((e) => e.pointer).filter((p): p is string => Boolean(p));
  if (error.problem.pointer) pointers.push(error.problem.pointer);
  return pointers;
}

/** The message for one field when the problem names it (or, with `within`, anything inside it). */
export function fieldError(error: unknown, pointer: string, within = false): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = (error.problem.errors ?? []).find((e) => e.pointer === pointer || (within && e.pointer?.startsWith(`${pointer}/`)));
  if (match) return problemMessage(match, labelOnPage(pointer));
  if (error.problem.pointer === pointer) return problemMessage({ pointer, detail: error.problem.detail }, labelOnPage(pointer));
  return undefined;
}

/** The label the page shows for the field a pointer names, if that field is on the page. */
function labelOnPage(pointer: string): string | undefined {
  const element = typeof document !== 'undefined' ? document.getElementById(fieldId(pointer)) : null;
  return (element as HTMLInputElement | null)?.labels?.[0]?.textContent ?? element?.getAttribute('aria-label') ?? undefined;
}

/**
 * A refusal from the API, readable: its title and sentence, and each field it names as a link that moves
 * focus to that field (labelled by `describe`, or by the field's own label when it is on the page).
 */
export function ProblemSummary({ error, describe }: { error: unknown; describe?: (pointer: string) => string | undefined }) {
  const { t } = useTranslation('alerts');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title = problem ? problemTitle(problem, (error as ApiError).status) : t('problem.generic');
  const items = (problem?.errors ?? []).filter((e) => e.pointer || e.detail);
  if (problem?.pointer && !items.some((e) => e.pointer === problem.pointer))
    items.push({ pointer: problem.pointer, detail: problem.detail });
  // The API's sentence only where no field is named: each field's own message says the rest, in words.
  const detail =
    items.length > 0
      ? undefined
      : (problem?.detail ?? (error instanceof Error && !(error instanceof ApiError) ? error.message : undefined));
  const labelFor = (pointer: string) => describe?.(pointer) ?? labelOnPage(pointer);
  const message = (e: (typeof items)[number]) =>
    e.code || e.pointer ? problemMessage(e, e.pointer ? labelFor(e.pointer) : undefined) : (e.detail ?? '');
  return (
    <div role="alert" className="problem" tabIndex={-1} ref={ref}>
      <strong>{title}</strong>
      {detail ? <p>{detail}</p> : null}
      {items.length > 0 ? (
        <ul>
          {items.map((e, i) => {
            const target = e.pointer ? document.getElementById(fieldId(e.pointer)) : null;
            return (
              <li key={i}>
                <ProblemLine
                  message={message(e)}
                  label={e.pointer ? labelFor(e.pointer) : undefined}
                  href={e.pointer && target ? `#${fieldId(e.pointer)}` : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    target?.focus();
                    target?.scrollIntoView({ block: 'center' });
                  }}
                />
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** Whether the API asks for a reason before opening a sensitive case (428 reason-required). */
export function needsReason(error: unknown): boolean {
  return error instanceof ApiError && error.status === 428;
}

/** Asks why a sensitive case is being opened; the reason goes in the X-Access-Reason header and is audited. */
export function ReasonPrompt({ onReason }: { onReason: (reason: string) => void }) {
  const { t } = useTranslation('alerts');
  return (
    <form
      className="panel stack"
      onSubmit={(event) => {
        event.preventDefault();
        const entered = new FormData(event.currentTarget).get('reason');
        const reason = (typeof entered === 'string' ? entered : '').trim();
        if (reason.length >= 5) onReason(reason);
      }}
    >
      <p>{t('reason.intro')}</p>
      <label>
        {t('reason.label')}
        <input name="reason" required minLength={5} maxLength={500} />
      </label>
      <button type="submit">{t('reason.submit')}</button>
    </form>
  );
}

/** "12 min", "3 h 5 min": how long something has waited. */
export function waitedFor(since: string | null, now: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return t('waited.minutes', { count: minutes });
  return t('waited.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Keeps a left-to-right token (GSM-7, -3.5) whole inside right-to-left text (Unicode first-strong isolate). */
export function isolate(value: string | number): string {
  return `\u2068${value}\u2069`;
}

/**
 * The reason given for opening a sensitive case, kept while the officer moves between the alert's screens
 * (carried in the navigation state, so it is asked once per journey and never stored).
 */
export function useAccessReason(): {
  reason: string | undefined;
  setReason: (reason: string) => void;
  headers: Record<string, string> | undefined;
} {
  const location = useLocation();
  // The state carries the header's value (percent-encoded, as header values must be Latin-1).
  const carried = (location.state as { reason?: string } | null)?.reason;
  const [reason, setReason] = useState<string | undefined>(carried ? decodeCarried(carried) : undefined);
  return { reason, setReason, headers: reason ? { 'x-access-reason': encodeURIComponent(reason) } : undefined };
}

function decodeCarried(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** What a list shows in place of the child of a sensitive case listed without a reason. */
export function WithheldIdentity() {
  const { t } = useTranslation('alerts');
  return <span className="withheld">{t('sensitive.withheld')}</span>;
}
