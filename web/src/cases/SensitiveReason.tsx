// The reason an officer gives to see sensitive cases in a list or a search: asked for in a small form that
// opens on request, at least 5 characters, and taken back with one button. The screen keeps the reason (never
// the address) and sends it with each request; the API records it in the audit trail.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface SensitiveReasonText {
  /** The summary that opens the form. */
  include: string;
  /** What a reason changes, under the label. */
  hint: string;
  /** Said while the reason is in force. */
  shown: string;
  submit: string;
}

/** Gives (or takes back) the reason that lets a list or search show sensitive cases. */
export function SensitiveReason({
  reason,
  onReason,
  id = 'list-reason',
  text,
}: {
  reason: string | undefined;
  onReason: (reason: string | undefined) => void;
  /** The control's id, unique on the page. */
  id?: string;
  /** The screen's own wording; the case list's by default. */
  text?: SensitiveReasonText;
}) {
  const { t } = useTranslation('cases');
  const [draft, setDraft] = useState('');
  const [short, setShort] = useState(false);
  const words = text ?? {
    include: t('sensitive.include'),
    hint: t('sensitive.hint'),
    shown: t('sensitive.shown'),
    submit: t('sensitive.submit'),
  };
  if (reason) {
    return (
      <p className="notice" role="status">
        {words.shown}{' '}
        <button type="button" className="secondary" onClick={() => onReason(undefined)}>
          {t('sensitive.stop')}
        </button>
      </p>
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.trim().length < 5) {
      setShort(true);
      return;
    }
    setShort(false);
    onReason(draft.trim());
  }
  return (
    <details className="sensitive-reason">
      <summary>{words.include}</summary>
      <form onSubmit={submit} noValidate>
        <div className={`field${short ? ' invalid' : ''}`}>
          <label htmlFor={id}>{t('sensitive.label')}</label>
          <p id={`${id}-hint`} className="hint">
            {words.hint}
          </p>
          {short ? (
            <p id={`${id}-problem`} className="field-problem" role="alert">
              {t('reason.tooShort')}
            </p>
          ) : null}
          <textarea
            id={id}
            rows={2}
            maxLength={500}
            value={draft}
            aria-invalid={short || undefined}
            aria-describedby={short ? `${id}-hint ${id}-problem` : `${id}-hint`}
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit">{words.submit}</button>
        </div>
      </form>
    </details>
  );
}

/** The header that carries a reason: header values must be Latin-1, and reasons are written in any language. */
export const reasonHeaders = (reason: string | undefined): Record<string, string> | undefined =>
  reason ? { 'x-access-reason': encodeURIComponent(reason) } : undefined;
