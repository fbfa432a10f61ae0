// Closing an episode with its outcome, and sharing a case with a local authority or charity.
import { useQuery } from '@tanstack/react-query';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../app/api.ts';
import { DateTime } from '../app/ui.tsx';
import type { CaseContext } from './CasePage.tsx';
import { Field, FormProblem } from './forms.tsx';
import { OUTCOMES, type CaseView, type Organisation } from './types.ts';

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

export function ShareCase({ context, readOnly = false }: { context: CaseContext; readOnly?: boolean }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const partners = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: (items) => items.filter((o) => o.kind === 'local_authority' || o.kind === 'charity'),
    enabled: !readOnly,
  });
  const [organisationCode, setOrganisationCode] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState('');

  async function share(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setMessage('');
    try {
      const updated = await post<CaseView>(`/cases/${view.id}/shares`, { organisationCode, reason: reason.trim() }, context.headers);
      context.onChanged(updated);
      setReason('');
      setOrganisationCode('');
      setMessage(t('share.done'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  async function unshare(code: string) {
    setError(undefined);
    setMessage('');
    try {
      await del(`/cases/${view.id}/shares/${encodeURIComponent(code)}`);
      context.onChanged({ ...context.view, shares: context.view.shares.filter((s) => s.organisationCode !== code) });
      setMessage(t('share.stopped'));
    } catch (e) {
      setError(e);
    }
  }

  const shared = new Set(view.shares.map((s) => s.organisationCode));
  return (
    <section className="section" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('share.title')}</h2>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      {view.shares.length === 0 ? (
        <p>{t('share.none')}</p>
      ) : (
        <ul className="history">
          {view.shares.map((s) => (
            <li key={s.organisationCode}>
              <strong>{s.organisationName}</strong> · <DateTime value={s.sharedAt} />
              <br />
              {s.reason}
              {readOnly ? null : (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => void unshare(s.organisationCode)}>
                    {t('share.stop', { name: s.organisationName })}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <form onSubmit={(event) => handled(share(event))} noValidate aria-labelledby="share-form-heading">
          <h3 id="share-form-heading">{t('share.add')}</h3>
          <p className="hint">{t('share.intro')}</p>
          <FormProblem error={error} labels={{ '/body/organisationCode': t('share.organisation'), '/body/reason': t('share.reason') }} />
          <Field label={t('share.organisation')} pointer="/body/organisationCode" error={error}>
            {(p) => (
              <select {...p} value={organisationCode} onChange={(e) => setOrganisationCode(e.target.value)}>
                <option value="">{t('record.choose')}</option>
                {(partners.data ?? [])
                  .filter((o) => !shared.has(o.code))
                  .map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t('share.reason')} pointer="/body/reason" error={error} hint={t('share.reasonHint')}>
            {(p) => <textarea {...p} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="submit" disabled={saving}>
            {t('share.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
