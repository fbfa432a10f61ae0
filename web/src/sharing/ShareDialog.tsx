// On a case page: the case's shares (to whom, for what, which fields, until when) and a new share, whose purpose
// fills in the fields and the end date from its template; the officer may share less, never without an end.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { consoleDate } from '../app/dates.ts';
import { DateTime } from '../app/ui.tsx';
import { endOfUkDay, ukDate } from '../../../src/i18n/dates.ts';
import type { CaseContext } from '../cases/CasePage.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import type { Organisation } from '../cases/types.ts';
import { SHARE_FIELDS, SHARE_PURPOSES, SHARE_TEMPLATES, type CaseView, type ShareField, type SharePurpose } from './types.ts';
import './sharing.css';

const DAY_MS = 86_400_000;
// The UK day so many days from now: a share's end date is chosen as a UK day.
const dayAfter = (days: number) => ukDate(Date.now() + days * DAY_MS);

export function ShareDialog({ context, readOnly = false }: { context: CaseContext; readOnly?: boolean }) {
  const { t, i18n } = useTranslation('sharing');
  const { t: tc } = useTranslation('cases');
  const { session } = useSession();
  const { view } = context;
  const partners = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: (items) =>
      items.filter(
        (o) =>
          (o.kind === 'local_authority' || o.kind === 'charity' || o.kind === 'police_force') &&
          o.code !== view.owningOrganisation.code &&
          o.code !== session?.user.organisation.code,
      ),
    enabled: !readOnly,
  });
  const [organisationCode, setOrganisationCode] = useState('');
  const [purpose, setPurpose] = useState<SharePurpose>('return_interview');
  const [fields, setFields] = useState<ShareField[]>([...SHARE_TEMPLATES.return_interview.fields]);
  const [endsOn, setEndsOn] = useState(dayAfter(SHARE_TEMPLATES.return_interview.days));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState('');

  function choosePurpose(next: SharePurpose) {
    setPurpose(next);
    setFields([...SHARE_TEMPLATES[next].fields]);
    setEndsOn(dayAfter(SHARE_TEMPLATES[next].days));
  }

  async function share(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setMessage('');
    try {
      // The share runs through the chosen day: to its end in UK local time (BST in summer, GMT in winter).
      const endsAt = endsOn ? endOfUkDay(endsOn).toISOString() : undefined;
      const body = { organisationCode, reason: reason.trim(), purpose, fields, ...(endsAt ? { endsAt } : {}) };
      const updated = await post<CaseView>(`/cases/${view.id}/shares`, body, context.headers);
      context.onChanged(updated);
      setReason('');
      setOrganisationCode('');
      setMessage(tc('share.done'));
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
      setMessage(tc('share.stopped'));
    } catch (e) {
      setError(e);
    }
  }

  const labels = {
    '/body/organisationCode': tc('share.organisation'),
    '/body/reason': tc('share.reason'),
    '/body/purpose': t('dialog.purpose'),
    '/body/fields': t('dialog.fields'),
    '/body/endsAt': t('dialog.endsAt'),
  };
  return (
    <section className="section" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('dialog.title')}</h2>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      {view.shares.length === 0 ? (
        <p>{t('dialog.none')}</p>
      ) : (
        <ul className="history">
          {view.shares.map((s) => (
            <li key={s.organisationCode}>
              <strong>{s.organisationName}</strong> · {t(`purpose.${s.purpose}`)} · <DateTime value={s.sharedAt} /> ·{' '}
              {t(s.ended ? 'dialog.ended' : 'dialog.ends', { date: consoleDate(s.endsAt, i18n.language) })}
              <br />
              {s.fields.map((f) => t(`field.${f}`)).join(', ')}
              <br />
              {s.reason}
              {readOnly ? null : (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => void unshare(s.organisationCode)}>
                    {tc('share.stop', { name: s.organisationName })}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <form onSubmit={(event) => handled(share(event))} noValidate aria-labelledby="share-form-heading">
          <h3 id="share-form-heading">{tc('share.add')}</h3>
          <p className="hint">{t('dialog.intro')}</p>
          <FormProblem error={error} labels={labels} />
          <Field label={tc('share.organisation')} pointer="/body/organisationCode" error={error}>
            {(p) => (
              <select {...p} value={organisationCode} onChange={(e) => setOrganisationCode(e.target.value)}>
                <option value="">{tc('record.choose')}</option>
                {(partners.data ?? []).map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('dialog.purpose')} pointer="/body/purpose" error={error}>
            {(p) => (
              <select {...p} value={purpose} onChange={(e) => choosePurpose(e.target.value as SharePurpose)}>
                {SHARE_PURPOSES.map((code) => (
                  <option key={code} value={code}>
                    {t(`purpose.${code}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="share-fields">
            <legend>{t('dialog.fields')}</legend>
            <p className="hint">{t('dialog.fieldsHint')}</p>
            {SHARE_FIELDS.map((code) => (
              <label key={code}>
                <input
                  type="checkbox"
                  checked={fields.includes(code)}
                  onChange={(e) => setFields(e.target.checked ? [...fields, code] : fields.filter((f) => f !== code))}
                />{' '}
                {t(`field.${code}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('dialog.endsAt')} pointer="/body/endsAt" error={error} hint={t('dialog.endsAtHint')}>
            {(p) => <input {...p} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />}
          </Field>
          <Field label={tc('share.reason')} pointer="/body/reason" error={error} hint={tc('share.reasonHint')}>
            {(p) => <textarea {...p} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="submit" disabled={saving}>
            {tc('share.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
