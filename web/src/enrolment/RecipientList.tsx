// The organisation's recipients a page at a time (by external_ref), filtered by channel, with counts;
// one removed at a time, or all of them when an organisation leaves.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, ScrollingTable } from '../app/ui.tsx';
import type { RecipientList as RecipientPage } from './types.ts';

const PAGE_SIZE = 50;

export function RecipientList({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation('enrolment');
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState('');
  // Cursors of the pages before this one, so "Previous" goes back the way "Next" came.
  const [cursors, setCursors] = useState<string[]>([]);
  const [after, setAfter] = useState<string | undefined>();
  const [actionError, setActionError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(channel ? { channel } : {}), ...(after ? { after } : {}) });
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: keys.recipients(query.toString()),
    queryFn: () => get<RecipientPage>(`/enrolment/recipients?${query.toString()}`),
    placeholderData: keepPreviousData,
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.recipientPages });

  const firstPage = () => {
    setCursors([]);
    setAfter(undefined);
  };

  async function remove(externalRef: string) {
    if (!window.confirm(t('recipients.confirmRemove', { ref: externalRef }))) return;
    setActionError(undefined);
    try {
      await del(`/enrolment/recipients/${encodeURIComponent(externalRef)}`);
      setMessage(t('recipients.removed', { ref: externalRef }));
      reload();
      onChanged();
    } catch (e) {
      setActionError(e);
    }
  }

  async function removeAll() {
    if (!window.confirm(t('recipients.confirmRemoveAll', { count: data?.counts.total ?? 0 }))) return;
    setActionError(undefined);
    try {
      const { deleted } = await del<{ deleted: number }>('/enrolment/recipients?confirm=yes');
      setMessage(t('recipients.removedAll', { count: deleted }));
      firstPage();
      reload();
      onChanged();
    } catch (e) {
      setActionError(e);
    }
  }

  const page = cursors.length + 1;
  return (
    <section aria-labelledby="recipients-title" className="enrolment-section">
      <h2 id="recipients-title">{t('recipients.title')}</h2>
      {data ? (
        <p>
          {t('recipients.counts', {
            total: data.counts.total,
            email: data.counts.email,
            sms: data.counts.sms,
            webhook: data.counts.webhook,
          })}
        </p>
      ) : null}
      <div className="row">
        <div>
          <label htmlFor="recipients-channel">{t('recipients.channel')}</label>
          <select
            id="recipients-channel"
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value);
              firstPage();
            }}
          >
            <option value="">{t('recipients.allChannels')}</option>
            <option value="email">{t('channel.email')}</option>
            <option value="sms">{t('channel.sms')}</option>
            <option value="webhook">{t('channel.webhook')}</option>
          </select>
        </div>
        {data && data.counts.total > 0 ? (
          <button type="button" className="danger" onClick={() => void removeAll()}>
            {t('recipients.removeAll')}
          </button>
        ) : null}
      </div>
      <p role="status" className="muted">
        {message}
      </p>
      <ErrorMessage error={actionError ?? error} />
      {loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{channel ? t('recipients.noneOnChannel') : t('recipients.empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <ScrollingTable label={t('recipients.tableLabel', { page })}>
          <thead>
            <tr>
              <th scope="col">{t('recipients.ref')}</th>
              <th scope="col">{t('recipients.label')}</th>
              <th scope="col">{t('recipients.channel')}</th>
              <th scope="col">{t('recipients.address')}</th>
              <th scope="col">{t('recipients.language')}</th>
              <th scope="col">{t('recipients.exercises')}</th>
              <th scope="col">{t('recipients.cells')}</th>
              <th scope="col">{t('recipients.updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('recipients.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={r.externalRef}>
                <th scope="row">
                  <code>{r.externalRef}</code>
                </th>
                <td>{r.label ?? '—'}</td>
                <td>{r.channel ? t(`channel.${r.channel}`, { defaultValue: r.channel }) : '—'}</td>
                <td className="address">{r.address ?? '—'}</td>
                <td>{r.language}</td>
                <td>{r.includeExercises ? t('import.yes') : t('import.no')}</td>
                <td>{r.cells}</td>
                <td>
                  <DateTime value={r.updatedAt} />
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => void remove(r.externalRef)}
                    aria-label={t('recipients.removeOne', { ref: r.externalRef })}
                  >
                    {t('recipients.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      ) : null}
      <nav className="row pager" aria-label={t('recipients.pages')}>
        <button
          type="button"
          className="secondary"
          disabled={cursors.length === 0}
          onClick={() => {
            setAfter(cursors[cursors.length - 1] || undefined);
            setCursors(cursors.slice(0, -1));
          }}
        >
          {t('recipients.previous')}
        </button>
        <span>{t('recipients.page', { page })}</span>
        <button
          type="button"
          className="secondary"
          disabled={!data?.nextAfter}
          onClick={() => {
            if (!data?.nextAfter) return;
            setCursors([...cursors, after ?? '']);
            setAfter(data.nextAfter);
          }}
        >
          {t('recipients.next')}
        </button>
      </nav>
    </section>
  );
}
