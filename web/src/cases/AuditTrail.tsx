// Who read or changed this case, newest first, for those allowed (case:audit). Loaded on request, because
// reading the trail is itself recorded in it; older entries page by sequence number.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { DateTime, ErrorMessage } from '../app/ui.tsx';
import type { AuditEntry } from './types.ts';

const PAGE = 50;

export function AuditTrail({ caseId, headers }: { caseId: string; headers: Record<string, string> }) {
  const { t, i18n } = useTranslation('cases');
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  async function load(before?: number) {
    setLoading(true);
    setError(undefined);
    try {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (before) query.set('before', String(before));
      const { items } = await get<{ items: AuditEntry[] }>(`/cases/${caseId}/audit?${query.toString()}`, headers);
      setEntries((previous) => (before ? [...(previous ?? []), ...items] : items));
      setMore(items.length === PAGE);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  const action = (name: string) => (i18n.exists(`cases:audit.actions.${name}`) ? t(`audit.actions.${name}`) : name);
  const last = entries?.[entries.length - 1];

  return (
    <section className="section" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('audit.title')}</h2>
      <p className="hint">{t('audit.intro')}</p>
      <ErrorMessage error={error} />
      {entries === undefined ? (
        <button type="button" className="secondary" disabled={loading} onClick={() => void load()}>
          {t('audit.show')}
        </button>
      ) : (
        <>
          <div className="actions">
            <button type="button" className="secondary" disabled={loading} onClick={() => void load()}>
              {t('audit.refresh')}
            </button>
          </div>
          {entries.length === 0 ? <p>{t('audit.none')}</p> : null}
          <ol className="audit-list">
            {entries.map((entry) => (
              <li key={entry.seq}>
                <strong>{action(entry.action)}</strong> · {entry.actor} · <DateTime value={entry.at} />
                {entry.ip ? <> · {entry.ip}</> : null}
                {entry.reason ? (
                  <>
                    <br />
                    {t('audit.reason', { reason: entry.reason })}
                  </>
                ) : null}
                {Object.keys(entry.details).length ? (
                  <>
                    <br />
                    <code>{JSON.stringify(entry.details)}</code>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
          {more && last ? (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(last.seq)}>
              {t('audit.older')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
