// Ending an open record: identified (with the missing episode it was, when that is a case the officer can see,
// and notes), or closed without an identification, saying why. Either carries the version the officer saw, and
// either is final, so each asks for a confirmation in its own small form.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { FocusedHeading, FormProblem, Field, isStaleEdit, useReturnFocus } from '../cases/forms.tsx';
import { StaleRecordNotice } from './EditUnidentified.tsx';
import type { RecordContext } from './UnidentifiedPage.tsx';
import { UNIDENTIFIED_LIMITS, type UnidentifiedView } from './types.ts';

type Action = 'identify' | 'close';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case's id from what was pasted: the id itself, or a console or API address that ends in it. */
function caseIdFrom(text: string): string {
  const trimmed = text.trim();
  const last = trimmed
    .split(/[/?#]/)
    .filter(Boolean)
    .find((part) => UUID.test(part));
  return last ?? trimmed;
}

export function ResolveUnidentified({ context }: { context: RecordContext }) {
  const { t } = useTranslation('unidentified');
  const { view } = context;
  const [action, setAction] = useState<Action>();
  const [caseText, setCaseText] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const returnTo = useReturnFocus<HTMLButtonElement>(action !== undefined);
  const labels = { '/body/caseId': t('resolve.caseId'), '/body/notes': t(action === 'close' ? 'resolve.closeNotes' : 'resolve.notes') };

  function open(next: Action) {
    setAction(next);
    setError(undefined);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const body: Record<string, unknown> = { version: view.version };
    if (action === 'close') {
      if (notes.trim().length < 3) {
        setError(new ApiError(400, { type: 'validation', errors: [{ pointer: '/body/notes', detail: t('resolve.closeNotesNeeded') }] }));
        return;
      }
      body.notes = notes.trim();
    } else {
      if (caseText.trim()) body.caseId = caseIdFrom(caseText);
      if (notes.trim()) body.notes = notes.trim();
    }
    setBusy(true);
    try {
      const updated = await post<UnidentifiedView>(`/unidentified/${view.id}/${action}`, body);
      context.onChanged(updated);
      setAction(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="resolve-heading">
      <h2 id="resolve-heading">{t('resolve.title')}</h2>
      <p>{t('resolve.intro')}</p>
      {action === undefined ? (
        <div className="actions">
          <button ref={returnTo} type="button" onClick={() => open('identify')}>
            {t('resolve.identify')}
          </button>
          <button type="button" className="secondary" onClick={() => open('close')}>
            {t('resolve.close')}
          </button>
        </div>
      ) : (
        <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="resolve-form-heading">
          <FocusedHeading id="resolve-form-heading">
            {t(action === 'identify' ? 'resolve.identifyTitle' : 'resolve.closeTitle')}
          </FocusedHeading>
          {isStaleEdit(error) ? (
            <StaleRecordNotice onReload={() => handled(context.reload().then(() => setError(undefined)))} />
          ) : (
            <FormProblem error={error} labels={labels} />
          )}
          {action === 'identify' ? (
            <Field label={t('resolve.caseId')} pointer="/body/caseId" error={error} hint={t('resolve.caseIdHint')}>
              {(p) => <input {...p} value={caseText} autoComplete="off" maxLength={300} onChange={(e) => setCaseText(e.target.value)} />}
            </Field>
          ) : null}
          <Field
            label={t(action === 'close' ? 'resolve.closeNotes' : 'resolve.notes')}
            pointer="/body/notes"
            error={error}
            hint={action === 'close' ? t('resolve.closeNotesHint') : undefined}
          >
            {(p) => (
              <textarea {...p} rows={3} maxLength={UNIDENTIFIED_LIMITS.notes} value={notes} onChange={(e) => setNotes(e.target.value)} />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className={action === 'close' ? 'danger' : undefined} disabled={busy}>
              {t(action === 'identify' ? 'resolve.confirmIdentify' : 'resolve.confirmClose')}
            </button>
            <button type="button" className="secondary" onClick={() => setAction(undefined)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
