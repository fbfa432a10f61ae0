// Closing an episode with its outcome (sharing is web/src/sharing/ShareDialog.tsx).
import { handled } from '../app/events.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import type { CaseContext } from './CasePage.tsx';
import { Field, FormProblem } from './forms.tsx';
import { OUTCOMES, type CaseView } from './types.ts';

export function CloseCase({ context }: { context: CaseContext }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    // An outcome chosen: ask once more before closing. None chosen: the API names the missing field.
    if (!confirming && outcome) {
      setConfirming(true);
      return;
    }
    setSaving(true);
    try {
      const body: Record<string, string> = { outcome };
      if (notes.trim()) body.notes = notes.trim();
      const updated = await post<CaseView>(`/cases/${view.id}/close`, body, context.headers);
      context.onChanged(updated);
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="section" aria-labelledby="close-heading">
      <h2 id="close-heading">{t('close.title')}</h2>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        <FormProblem error={error} labels={{ '/body/outcome': t('close.outcome'), '/body/notes': t('close.notes') }} />
        <Field label={t('close.outcome')} pointer="/body/outcome" error={error}>
          {(p) => (
            <select
              {...p}
              value={outcome}
              onChange={(e) => {
                setOutcome(e.target.value);
                setConfirming(false);
              }}
            >
              <option value="">{t('record.choose')}</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('close.notes')} pointer="/body/notes" error={error}>
          {(p) => <textarea {...p} rows={3} maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} />}
        </Field>
        {confirming ? (
          <p role="alert" className="problem">
            {t('close.confirm', { reference: view.reference, outcome: outcome ? t(`outcome.${outcome}`) : '—' })}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className={confirming ? 'danger' : undefined} disabled={saving}>
            {confirming ? t('close.confirmButton') : t('close.submit')}
          </button>
          {confirming ? (
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('form.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
