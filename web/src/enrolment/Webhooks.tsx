// The organisation's signed webhooks: register one for an area (its signing secret shown this once, with
// a copy button), see how the latest delivery went, rotate the secret (the old one keeps signing beside the
// new for 24 hours, or until the administrator stops it here), remove.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, ScrollingTable } from '../app/ui.tsx';
import { FieldError, fieldProblem, problemAria } from '../app/forms.tsx';
import { AreaNames, AreaPicker } from './AreaPicker.tsx';
import { OnceSecret } from './OnceSecret.tsx';
import { LanguageChoice } from './LanguageChoice.tsx';
import type { AreaChoice, AreaRequest, Webhook } from './types.ts';
import { consoleDateTime } from '../app/dates.ts';

interface Shown {
  title: string;
  secret: string;
}

function DeliveryStatus({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('enrolment');
  const last = webhook.lastDelivery;
  if (!last) return <span className="muted">{t('webhooks.noDelivery')}</span>;
  const bad = ['failed', 'dead', 'retrying'].includes(last.state);
  return (
    <span>
      <span className={`badge ${bad ? 'high' : last.state === 'delivered' ? 'low' : ''}`}>
        {t(`state.${last.state}`, { defaultValue: last.state })}
      </span>{' '}
      <DateTime value={last.at} />
      {last.error ? <span className="block muted">{last.error}</span> : null}
    </span>
  );
}

/** One webhook in the table, with its actions. */
function WebhookRow({
  webhook: w,
  onRotate,
  onEndOverlap,
  onRemove,
}: {
  webhook: Webhook;
  onRotate: () => void;
  onEndOverlap: () => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('enrolment');
  return (
    <tr>
      <th scope="row">{w.name ?? w.externalRef}</th>
      <td className="address">{w.url}</td>
      <td>
        <AreaNames names={w.areaNames} cells={w.cells} />
      </td>
      <td>
        {w.language}
        {w.exercises ? <span className="block muted">{t('webhooks.withExercises')}</span> : null}
      </td>
      <td>
        <DeliveryStatus webhook={w} />
        {w.previousSecretUntil ? (
          <span className="block muted">
            {t('webhooks.oldSecretUntil', { when: consoleDateTime(w.previousSecretUntil, i18n.language) })}
          </span>
        ) : null}
      </td>
      <td>
        <div className="actions">
          <button
            type="button"
            className="secondary small"
            onClick={onRotate}
            aria-label={t('webhooks.rotateOne', { name: w.name ?? w.url })}
          >
            {t('webhooks.rotate')}
          </button>
          {w.previousSecretUntil ? (
            <button
              type="button"
              className="secondary small"
              onClick={onEndOverlap}
              aria-label={t('webhooks.endOverlapOne', { name: w.name ?? w.url })}
            >
              {t('webhooks.endOverlap')}
            </button>
          ) : null}
          <button type="button" className="danger small" onClick={onRemove} aria-label={t('webhooks.removeOne', { name: w.name ?? w.url })}>
            {t('webhooks.remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}

export function Webhooks({ areas }: { areas: AreaChoice[] }) {
  const { t } = useTranslation('enrolment');
  const queryClient = useQueryClient();
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({ queryKey: keys.webhooks, queryFn: () => get<{ items: Webhook[] }>('/enrolment/webhooks') });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.webhooks });
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [language, setLanguage] = useState('en');
  const [exercises, setExercises] = useState(false);
  const [area, setArea] = useState<AreaRequest>({ national: false, jurisdictionCodes: [] });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [shown, setShown] = useState<Shown>();
  const [message, setMessage] = useState('');

  async function register(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormError(undefined);
    try {
      const created = await post<Webhook & { secret: string }>('/enrolment/webhooks', { name, url, language, exercises, area });
      setShown({ title: t('webhooks.secretFor', { name: created.name ?? created.url }), secret: created.secret });
      setName('');
      setUrl('');
      setExercises(false);
      reload();
    } catch (e) {
      setFormError(e);
    } finally {
      setBusy(false);
    }
  }

  async function rotate(webhook: Webhook) {
    if (!window.confirm(t('webhooks.confirmRotate', { name: webhook.name ?? webhook.url }))) return;
    setActionError(undefined);
    try {
      const { secret } = await post<{ id: string; secret: string }>(`/enrolment/webhooks/${webhook.id}/rotate-secret`);
      setShown({ title: t('webhooks.newSecretFor', { name: webhook.name ?? webhook.url }), secret });
      reload();
    } catch (e) {
      setActionError(e);
    }
  }

  async function endOverlap(webhook: Webhook) {
    if (!window.confirm(t('webhooks.confirmEndOverlap', { name: webhook.name ?? webhook.url }))) return;
    setActionError(undefined);
    try {
      await post<{ id: string; ended: boolean }>(`/enrolment/webhooks/${webhook.id}/end-secret-overlap`);
      setMessage(t('webhooks.overlapEnded', { name: webhook.name ?? webhook.url }));
      reload();
    } catch (e) {
      setActionError(e);
    }
  }

  async function remove(webhook: Webhook) {
    if (!window.confirm(t('webhooks.confirmRemove', { name: webhook.name ?? webhook.url }))) return;
    setActionError(undefined);
    try {
      await del(`/enrolment/webhooks/${webhook.id}`);
      setMessage(t('webhooks.removed', { name: webhook.name ?? webhook.url }));
      reload();
    } catch (e) {
      setActionError(e);
    }
  }

  const formFields = {
    '/body/name': { label: t('webhooks.name'), id: 'webhook-name' },
    '/body/url': { label: t('webhooks.url'), id: 'webhook-url' },
    '/body/area': { label: t('area.legend'), id: 'webhook-area' },
  };
  const nameError = fieldProblem(formError, '/body/name', formFields['/body/name'].label);
  const urlError = fieldProblem(formError, '/body/url', formFields['/body/url'].label);
  const areaError = fieldProblem(formError, '/body/area', formFields['/body/area'].label);
  return (
    <section aria-labelledby="webhooks-title" className="enrolment-section">
      <h2 id="webhooks-title">{t('webhooks.title')}</h2>
      <p>{t('webhooks.intro')}</p>
      {shown ? <OnceSecret label={shown.title} value={shown.secret} onDone={() => setShown(undefined)} /> : null}
      <p role="status" className="muted">
        {message}
      </p>
      <ErrorMessage error={actionError ?? error} />
      {loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('webhooks.empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <ScrollingTable label={t('webhooks.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.name')}</th>
              <th scope="col">{t('webhooks.url')}</th>
              <th scope="col">{t('webhooks.area')}</th>
              <th scope="col">{t('webhooks.language')}</th>
              <th scope="col">{t('webhooks.lastDelivery')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('webhooks.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((w) => (
              <WebhookRow
                key={w.id}
                webhook={w}
                onRotate={() => void rotate(w)}
                onEndOverlap={() => void endOverlap(w)}
                onRemove={() => void remove(w)}
              />
            ))}
          </tbody>
        </ScrollingTable>
      ) : null}

      <h3 id="webhook-new-title">{t('webhooks.newTitle')}</h3>
      <form onSubmit={(e) => void register(e)} noValidate className="stack" aria-labelledby="webhook-new-title">
        <ErrorMessage error={formError} fields={formFields} />
        <div>
          <label htmlFor="webhook-name">{t('webhooks.name')}</label>
          <input
            id="webhook-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={200}
            {...problemAria(nameError, 'webhook-name-error')}
          />
          <FieldError id="webhook-name-error" message={nameError} />
        </div>
        <div>
          <label htmlFor="webhook-url">{t('webhooks.url')}</label>
          <p id="webhook-url-hint" className="muted hint">
            {t('webhooks.urlHint')}
          </p>
          <input
            id="webhook-url"
            type="url"
            inputMode="url"
            className="wide"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
            maxLength={2048}
            {...problemAria(urlError, 'webhook-url-error', 'webhook-url-hint')}
          />
          <FieldError id="webhook-url-error" message={urlError} />
        </div>
        <AreaPicker idPrefix="webhook" areas={areas} value={area} onChange={setArea} invalid={areaError} />
        <LanguageChoice
          idPrefix="webhook"
          labels={{ language: t('webhooks.language'), exercises: t('webhooks.exercises') }}
          language={language}
          onLanguage={setLanguage}
          exercises={exercises}
          onExercises={setExercises}
        />
        <button type="submit" disabled={busy}>
          {t('webhooks.register')}
        </button>
      </form>
    </section>
  );
}
