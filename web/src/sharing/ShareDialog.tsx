// Sharing with need-to-know, for a case and for a Philomena profile alike: the record's shares (to whom, for what,
// which fields, until when) and a new share, whose purpose fills in the fields and the end date from its template;
// the sharer may share less, never without an end. `ShareDialog` is the case page's; `NeedToKnowShares` serves both.
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
import { SHARE_FIELDS, SHARE_PURPOSES, SHARE_TEMPLATES, type CaseView, type SharePurpose } from './types.ts';
import './sharing.css';

const DAY_MS = 86_400_000;
// The UK day so many days from now: a share's end date is chosen as a UK day.
const dayAfter = (days: number) => ukDate(Date.now() + days * DAY_MS);

export interface ShareSummary<Field extends string> {
  organisationCode: string;
  organisationName: string;
  reason: string;
  purpose: SharePurpose;
  fields: Field[];
  sharedAt: string;
  endsAt: string;
  ended: boolean;
}

export interface ShareBody<Field extends string> {
  organisationCode: string;
  reason: string;
  purpose: SharePurpose;
  fields: Field[];
  endsAt?: string;
}

interface NeedToKnowProps<Field extends string> {
  shares: ShareSummary<Field>[];
  /** The organisation that keeps the record: never offered as a recipient. */
  ownerCode: string;
  fields: readonly Field[];
  templates: Record<SharePurpose, { fields: readonly Field[]; days: number }>;
  fieldLabel: (field: Field) => string;
  /** Where the organisations that may receive the share are listed. */
  recipientsPath: string;
  texts: { none: string; submit: string; done: string };
  share: (body: ShareBody<Field>) => Promise<void>;
  unshare: (organisationCode: string) => Promise<void>;
  readOnly?: boolean;
}

export function NeedToKnowShares<Field extends string>(props: NeedToKnowProps<Field>) {
  const { shares, ownerCode, templates, fieldLabel, texts, readOnly = false } = props;
  const { t, i18n } = useTranslation('sharing');
  const { t: tc } = useTranslation('cases');
  const { session } = useSession();
  const partners = useQuery({
    queryKey: props.recipientsPath === '/organisations' ? keys.organisations : ['share-recipients', props.recipientsPath],
    queryFn: () => get<{ items: Pick<Organisation, 'code' | 'name' | 'kind'>[] }>(props.recipientsPath).then((r) => r.items),
    select: (items) =>
      items.filter(
        (o) =>
          (o.kind === 'local_authority' || o.kind === 'charity' || o.kind === 'police_force') &&
          o.code !== ownerCode &&
          o.code !== session?.user.organisation.code,
      ),
    enabled: !readOnly,
  });
  const [organisationCode, setOrganisationCode] = useState('');
  const [purpose, setPurpose] = useState<SharePurpose>('return_interview');
  const [fields, setFields] = useState<Field[]>([...templates.return_interview.fields]);
  const [endsOn, setEndsOn] = useState(dayAfter(templates.return_interview.days));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState('');

  function choosePurpose(next: SharePurpose) {
    setPurpose(next);
    setFields([...templates[next].fields]);
    setEndsOn(dayAfter(templates[next].days));
  }

  async function share(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setMessage('');
    try {
      // The share runs through the chosen day: to its end in UK local time (BST in summer, GMT in winter).
      const endsAt = endsOn ? endOfUkDay(endsOn).toISOString() : undefined;
      await props.share({ organisationCode, reason: reason.trim(), purpose, fields, ...(endsAt ? { endsAt } : {}) });
      setReason('');
      setOrganisationCode('');
      setMessage(texts.done);
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
      await props.unshare(code);
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
      {shares.length === 0 ? (
        <p>{texts.none}</p>
      ) : (
        <ul className="history">
          {shares.map((s) => (
            <li key={s.organisationCode}>
              <strong>{s.organisationName}</strong> · {t(`purpose.${s.purpose}`)} · <DateTime value={s.sharedAt} /> ·{' '}
              {t(s.ended ? 'dialog.ended' : 'dialog.ends', { date: consoleDate(s.endsAt, i18n.language) })}
              <br />
              {s.fields.map(fieldLabel).join(', ')}
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
            {props.fields.map((code) => (
              <label key={code}>
                <input
                  type="checkbox"
                  checked={fields.includes(code)}
                  onChange={(e) => setFields(e.target.checked ? [...fields, code] : fields.filter((f) => f !== code))}
                />{' '}
                {fieldLabel(code)}
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
            {texts.submit}
          </button>
        </form>
      )}
    </section>
  );
}

/** The case page's shares. */
export function ShareDialog({ context, readOnly = false }: { context: CaseContext; readOnly?: boolean }) {
  const { t } = useTranslation('sharing');
  const { t: tc } = useTranslation('cases');
  const { view } = context;
  return (
    <NeedToKnowShares
      shares={view.shares}
      ownerCode={view.owningOrganisation.code}
      fields={SHARE_FIELDS}
      templates={SHARE_TEMPLATES}
      fieldLabel={(field) => t(`field.${field}`)}
      recipientsPath="/organisations"
      texts={{ none: t('dialog.none'), submit: tc('share.submit'), done: tc('share.done') }}
      readOnly={readOnly}
      share={async (body) => context.onChanged(await post<CaseView>(`/cases/${view.id}/shares`, body, context.headers))}
      unshare={async (code) => {
        await del(`/cases/${view.id}/shares/${encodeURIComponent(code)}`);
        context.onChanged({ ...context.view, shares: context.view.shares.filter((s) => s.organisationCode !== code) });
      }}
    />
  );
}
