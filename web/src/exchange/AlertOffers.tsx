// Child Rescue Alerts partner sites offer us, for the national coordinator: each offer's facts from its CAP
// message (headline, area, description and photo where granted, origin, expiry), to relay (published on our
// public site until the origin's end, at the latest) or to decline with a reason. Both decisions are audited,
// and reading the list is too. An offer the origin ends before a decision is shown as withdrawn.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { MIN_DECLINE_REASON, type AlertOfferList, type AlertOfferView } from '../../../src/exchange/schemas.ts';
import '../cases/cases.css';
import './exchange.css';

export function AlertOffers() {
  const { t } = useTranslation('exchange');
  const { data, error } = useQuery({ queryKey: keys.alertOffers, queryFn: () => get<AlertOfferList>('/exchange/alert-offers') });
  const [message, setMessage] = useState('');
  const open = data?.items.filter((offer) => offer.state === 'offered') ?? [];
  const decided = data?.items.filter((offer) => offer.state !== 'offered') ?? [];
  return (
    <main id="main">
      <PageHeading>{t('offers.title')}</PageHeading>
      <p>{t('offers.intro')}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <ErrorMessage error={error} />
      {data === undefined ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <>
          <h2>{t('offers.waiting')}</h2>
          {open.length === 0 ? <p>{t('offers.noneWaiting')}</p> : null}
          {open.map((offer) => (
            <OfferCard key={offer.id} offer={offer} onMessage={setMessage} />
          ))}
          {decided.length > 0 ? <h2>{t('offers.decided')}</h2> : null}
          {decided.map((offer) => (
            <OfferCard key={offer.id} offer={offer} onMessage={setMessage} />
          ))}
        </>
      )}
    </main>
  );
}

function OfferFacts({ offer }: { offer: AlertOfferView }) {
  const { t } = useTranslation('exchange');
  return (
    <>
      {offer.infos.map((info) => (
        <div key={info.language} className="offer-info" lang={info.language}>
          <p className="offer-headline">{info.headline}</p>
          {info.areaDesc ? <p>{info.areaDesc}</p> : null}
          {info.description ? <p>{info.description}</p> : null}
          {info.photoUri ? (
            <p>
              <a href={info.photoUri} rel="noreferrer noopener" target="_blank">
                {t('offers.photo')}
              </a>
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}

function OfferCard({ offer, onMessage }: { offer: AlertOfferView; onMessage: (message: string) => void }) {
  const { t } = useTranslation('exchange');
  const headingId = `offer-${offer.id}`;
  const title = offer.infos[0]?.headline ?? t('offers.ended');
  return (
    <section className="section partner" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <dl className="facts">
        <dt>{t('offers.facts.state')}</dt>
        <dd>
          <span className={`badge ${offer.state === 'relayed' ? 'ok' : offer.state === 'offered' ? '' : 'closed'}`}>
            {t(`offers.state.${offer.state}`)}
          </span>
          {offer.capStatus !== 'Actual' ? <span className="badge">{t('offers.exercise')}</span> : null}
        </dd>
        <dt>{t('offers.facts.origin')}</dt>
        <dd>{offer.senderName ? `${offer.partner.name} (${offer.senderName})` : offer.partner.name}</dd>
        <dt>{t('offers.facts.offeredAt')}</dt>
        <dd>
          <DateTime value={offer.offeredAt} />
        </dd>
        {offer.originExpiresAt ? (
          <>
            <dt>{t('offers.facts.originExpires')}</dt>
            <dd>
              <DateTime value={offer.originExpiresAt} />
            </dd>
          </>
        ) : null}
        {offer.decidedAt ? (
          <>
            <dt>{t('offers.facts.decided')}</dt>
            <dd>
              <DateTime value={offer.decidedAt} />
              {offer.decidedBy ? ` · ${offer.decidedBy}` : ''}
            </dd>
          </>
        ) : null}
        {offer.declineReason ? (
          <>
            <dt>{t('offers.facts.reason')}</dt>
            <dd>{offer.declineReason}</dd>
          </>
        ) : null}
        {offer.endedReason ? (
          <>
            <dt>{t('offers.facts.ended')}</dt>
            <dd>{t(`offers.endedReason.${offer.endedReason}`)}</dd>
          </>
        ) : null}
        {offer.publicPath && offer.state === 'relayed' ? (
          <>
            <dt>{t('offers.facts.page')}</dt>
            <dd>
              <a href={offer.publicPath}>{t('offers.openPage')}</a>
            </dd>
          </>
        ) : null}
      </dl>
      <OfferFacts offer={offer} />
      {offer.state === 'offered' ? <Decide offer={offer} headingId={headingId} onMessage={onMessage} /> : null}
    </section>
  );
}

function Decide({ offer, headingId, onMessage }: { offer: AlertOfferView; headingId: string; onMessage: (message: string) => void }) {
  const { t } = useTranslation('exchange');
  const queryClient = useQueryClient();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const labels = { '/body/reason': t('offers.reason') };

  async function decide(action: 'relay' | 'decline', body: Record<string, unknown>) {
    setError(undefined);
    setSaving(true);
    try {
      await post<AlertOfferView>(`/exchange/alert-offers/${offer.id}/${action}`, body);
      await queryClient.invalidateQueries({ queryKey: keys.alertOffers });
      onMessage(t(action === 'relay' ? 'offers.relayedDone' : 'offers.declinedDone'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  function submitDecline(event: FormEvent) {
    event.preventDefault();
    handled(decide('decline', { reason: reason.trim() }));
  }

  if (declining) {
    return (
      <form onSubmit={submitDecline} noValidate aria-labelledby={`${headingId}-decline`}>
        <h4 id={`${headingId}-decline`}>{t('offers.declineTitle')}</h4>
        <FormProblem error={error} labels={labels} />
        <Field label={labels['/body/reason']} pointer="/body/reason" error={error} hint={t('offers.reasonHint', { n: MIN_DECLINE_REASON })}>
          {(p) => <textarea {...p} value={reason} rows={3} maxLength={2000} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={saving}>
            {t('offers.declineSubmit')}
          </button>
          <button type="button" className="secondary" onClick={() => setDeclining(false)}>
            {t('offers.cancel')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <>
      <FormProblem error={error} labels={labels} />
      <p className="hint">{t('offers.relayHint')}</p>
      <div className="actions">
        <button type="button" disabled={saving} onClick={() => handled(decide('relay', {}))} aria-describedby={headingId}>
          {t('offers.relay')}
        </button>
        <button type="button" className="secondary" onClick={() => setDeclining(true)} aria-describedby={headingId}>
          {t('offers.decline')}
        </button>
      </div>
    </>
  );
}
