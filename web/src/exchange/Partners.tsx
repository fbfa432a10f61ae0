// Partner sites we exchange PFIF records with, for the national centre: each partner's feed, the fields it may
// receive and when its feed was last pulled, the latest import with every record refused and why, and changing
// a partner (name, feed, field permissions, enabled or not, a new key shown once). Every change is audited.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, patch } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { GRANTABLE_PERSON_FIELDS } from '../../../src/exchange/fields.ts';
import type { ChangePartnerAnswer, ImportRunList, PartnerList, PartnerView } from '../../../src/exchange/schemas.ts';
import '../cases/cases.css';
import './exchange.css';

export function Partners() {
  const { t } = useTranslation('exchange');
  const { data, error } = useQuery({ queryKey: keys.partners, queryFn: () => get<PartnerList>('/exchange/partners') });
  const [message, setMessage] = useState('');
  return (
    <main id="main">
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('intro')}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <ErrorMessage error={error} />
      {data === undefined ? (
        error ? null : (
          <Loading />
        )
      ) : data.items.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        data.items.map((partner) => <PartnerCard key={partner.code} partner={partner} onMessage={setMessage} />)
      )}
    </main>
  );
}

function PartnerCard({ partner, onMessage }: { partner: PartnerView; onMessage: (message: string) => void }) {
  const { t } = useTranslation('exchange');
  const [editing, setEditing] = useState(false);
  const [newKey, setNewKey] = useState('');
  const headingId = `partner-${partner.code}`;
  return (
    <section className="section partner" aria-labelledby={headingId}>
      <h2 id={headingId}>{partner.name}</h2>
      <dl className="facts">
        <dt>{t('facts.code')}</dt>
        <dd>
          <code>{partner.code}</code>
        </dd>
        <dt>{t('facts.state')}</dt>
        <dd>
          {partner.revokedAt ? (
            <span className="badge closed">{t('state.disabled')}</span>
          ) : (
            <span className="badge ok">{t('state.enabled')}</span>
          )}
        </dd>
        <dt>{t('facts.feed')}</dt>
        <dd className="wrap">{partner.feedUrl ?? t('facts.noFeed')}</dd>
        <dt>{t('facts.lastPulled')}</dt>
        <dd>{partner.lastPulledAt ? <DateTime value={partner.lastPulledAt} /> : t('facts.never')}</dd>
        <dt>{t('facts.fields')}</dt>
        <dd>{partner.personFields.length ? partner.personFields.map((field) => t(`field.${field}`)).join(', ') : t('facts.noFields')}</dd>
        <dt>{t('facts.alerts')}</dt>
        <dd>
          {partner.receivesAlerts || partner.inExercise
            ? [partner.receivesAlerts ? t('facts.alertsLive') : '', partner.inExercise ? t('facts.alertsExercise') : '']
                .filter(Boolean)
                .join(', ')
            : t('facts.alertsNone')}
        </dd>
      </dl>
      {newKey ? (
        <div role="alert" className="notice">
          <p>{t('key.shownOnce')}</p>
          <p>
            <code className="wrap">{newKey}</code>
          </p>
        </div>
      ) : null}
      {editing ? (
        <ChangePartner
          partner={partner}
          onDone={(answer) => {
            setEditing(false);
            if (answer?.key) setNewKey(answer.key);
            if (answer) onMessage(t('change.done', { name: answer.partner.name }));
          }}
        />
      ) : (
        <button type="button" className="secondary" onClick={() => setEditing(true)} aria-describedby={headingId}>
          {t('change.open')}
        </button>
      )}
      {partner.revokedAt ? null : <LatestImport partner={partner} />}
    </section>
  );
}

function LatestImport({ partner }: { partner: PartnerView }) {
  const { t } = useTranslation('exchange');
  const { data, error } = useQuery({
    queryKey: keys.partnerRuns(partner.code),
    queryFn: () => get<ImportRunList>(`/exchange/partners/${encodeURIComponent(partner.code)}/runs`),
  });
  const latest = data?.items[0];
  return (
    <>
      <h3>{t('runs.title')}</h3>
      <ErrorMessage error={error} />
      {data && !latest ? <p>{t('runs.none')}</p> : null}
      {latest ? (
        <>
          <p>
            <DateTime value={latest.startedAt} />
            {' · '}
            {t('runs.counts', {
              accepted: latest.accepted,
              unchanged: latest.unchanged,
              refused: latest.refused,
              withdrawn: latest.withdrawn,
            })}
          </p>
          {latest.refusals.length ? (
            <ScrollingTable label={t('runs.refusals', { name: partner.name })}>
              <thead>
                <tr>
                  <th scope="col">{t('runs.record')}</th>
                  <th scope="col">{t('runs.kind')}</th>
                  <th scope="col">{t('runs.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {latest.refusals.map((refusal) => (
                  <tr key={`${refusal.index}-${refusal.kind}`}>
                    <td className="wrap">{refusal.recordId ?? t('runs.recordAt', { n: refusal.index + 1 })}</td>
                    <td>{t(`runs.kinds.${refusal.kind}`)}</td>
                    <td>{refusal.reason}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollingTable>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function ChangePartner({ partner, onDone }: { partner: PartnerView; onDone: (answer?: ChangePartnerAnswer) => void }) {
  const { t } = useTranslation('exchange');
  const queryClient = useQueryClient();
  const [name, setName] = useState(partner.name);
  const [feedUrl, setFeedUrl] = useState(partner.feedUrl ?? '');
  const [feedKey, setFeedKey] = useState('');
  const [fields, setFields] = useState<string[]>(partner.personFields);
  const [enabled, setEnabled] = useState(partner.revokedAt === null);
  const [rotateKey, setRotateKey] = useState(false);
  const [receivesAlerts, setReceivesAlerts] = useState(partner.receivesAlerts);
  const [inExercise, setInExercise] = useState(partner.inExercise);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const labels = {
    '/body/name': t('change.name'),
    '/body/feedUrl': t('change.feedUrl'),
    '/body/feedKey': t('change.feedKey'),
    '/body/personFields': t('change.fields'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    // Only what changed is sent, so the audit trail says what was changed.
    const body: Record<string, unknown> = {};
    if (name.trim() !== partner.name) body.name = name.trim();
    const url = feedUrl.trim() === '' ? null : feedUrl.trim();
    if (url !== partner.feedUrl) body.feedUrl = url;
    if (feedKey.trim()) body.feedKey = feedKey.trim();
    const granted = GRANTABLE_PERSON_FIELDS.filter((field) => fields.includes(field));
    if (granted.join() !== partner.personFields.join()) body.personFields = granted;
    if (enabled !== (partner.revokedAt === null)) body.enabled = enabled;
    if (rotateKey) body.rotateKey = true;
    if (receivesAlerts !== partner.receivesAlerts) body.receivesAlerts = receivesAlerts;
    if (inExercise !== partner.inExercise) body.inExercise = inExercise;
    if (Object.keys(body).length === 0) return onDone();
    setSaving(true);
    try {
      const answer = await patch<ChangePartnerAnswer>(`/exchange/partners/${encodeURIComponent(partner.code)}`, body);
      await queryClient.invalidateQueries({ queryKey: keys.partners });
      onDone(answer);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const id = (what: string) => `partner-${partner.code}-${what}`;
  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby={id('change')}>
      <h3 id={id('change')}>{t('change.title', { name: partner.name })}</h3>
      <FormProblem error={error} labels={labels} />
      <Field label={labels['/body/name']} pointer="/body/name" error={error}>
        {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={labels['/body/feedUrl']} pointer="/body/feedUrl" error={error} hint={t('change.feedUrlHint')}>
        {(p) => <input {...p} type="url" value={feedUrl} maxLength={500} onChange={(e) => setFeedUrl(e.target.value)} />}
      </Field>
      <Field label={labels['/body/feedKey']} pointer="/body/feedKey" error={error} hint={t('change.feedKeyHint')}>
        {(p) => (
          <input {...p} type="password" autoComplete="off" value={feedKey} maxLength={200} onChange={(e) => setFeedKey(e.target.value)} />
        )}
      </Field>
      <fieldset className="field">
        <legend>{labels['/body/personFields']}</legend>
        <p className="hint">{t('change.fieldsHint')}</p>
        {GRANTABLE_PERSON_FIELDS.map((field) => (
          <label key={field} className="partner-choice">
            <input
              type="checkbox"
              checked={fields.includes(field)}
              onChange={(e) => setFields((old) => (e.target.checked ? [...old, field] : old.filter((f) => f !== field)))}
            />{' '}
            {t(`field.${field}`)}
          </label>
        ))}
      </fieldset>
      <label className="partner-choice">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('change.enabled')}
      </label>
      <label className="partner-choice">
        <input type="checkbox" checked={receivesAlerts} onChange={(e) => setReceivesAlerts(e.target.checked)} />{' '}
        {t('change.receivesAlerts')}
      </label>
      <label className="partner-choice">
        <input type="checkbox" checked={inExercise} onChange={(e) => setInExercise(e.target.checked)} /> {t('change.inExercise')}
      </label>
      <label className="partner-choice">
        <input type="checkbox" checked={rotateKey} onChange={(e) => setRotateKey(e.target.checked)} /> {t('change.rotateKey')}
      </label>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {t('change.submit')}
        </button>
        <button type="button" className="secondary" onClick={() => onDone()}>
          {t('change.cancel')}
        </button>
      </div>
    </form>
  );
}
