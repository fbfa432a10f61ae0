// The development inbox: email and SMS that would have gone out had a provider been configured, newest
// first, filtered by channel and address, refreshed every few seconds. Nothing here was sent, and the
// page says so first. An email's HTML part is shown in a sandboxed frame (no scripts, an origin of its
// own), never in the console's page.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { useSession } from '../app/session.tsx';
import type { InboxItem, InboxPage } from '../../../src/dispatch/schemas.ts';
import './dispatch.css';

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

function EmailHtml({ item }: { item: InboxItem }) {
  const { t } = useTranslation('dispatch');
  const [html, setHtml] = useState<string | null | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    get<{ html: string | null }>(`/dev-inbox/${item.id}/html`)
      .then((r) => live && setHtml(r.html))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [item.id]);
  if (error) return <ErrorMessage error={error} />;
  if (html === undefined) return <Loading />;
  if (html === null) return <p className="muted">{t('inbox.noHtml')}</p>;
  // sandbox="" : no scripts, no forms, no pop-ups, and an opaque origin, so nothing in it reaches the console.
  return (
    <>
      <p className="muted hint">{t('inbox.htmlNote')}</p>
      <iframe
        className="email-frame"
        sandbox=""
        srcDoc={html}
        title={t('inbox.htmlFrame', { subject: item.subject ?? '' })}
        referrerPolicy="no-referrer"
      />
    </>
  );
}

function Message({ item }: { item: InboxItem }) {
  const { t } = useTranslation('dispatch');
  const [view, setView] = useState<'text' | 'html'>('text');
  const [open, setOpen] = useState(false);
  const isEmail = item.channel === 'email';
  return (
    <li className="inbox-item">
      <article aria-labelledby={`inbox-${item.id}-title`}>
        <header className="inbox-head">
          <span className={`badge channel-${item.channel}`}>{t(`channel.${item.channel}`, { defaultValue: item.channel })}</span>
          <h3 id={`inbox-${item.id}-title`} className="inbox-subject" dir="auto">
            {isEmail ? item.subject || t('inbox.noSubject') : t('inbox.smsTo', { address: item.address })}
          </h3>
          <span className="muted">
            {t('inbox.to')} <span className="address">{item.address}</span> · <DateTime value={item.createdAt} />
          </span>
        </header>
        <button type="button" className="link" aria-expanded={open} aria-controls={`inbox-${item.id}-body`} onClick={() => setOpen(!open)}>
          {open ? t('inbox.hide') : t('inbox.show')}
        </button>
        <div id={`inbox-${item.id}-body`} hidden={!open}>
          {open && isEmail ? (
            <div className="row view-switch" role="group" aria-label={t('inbox.viewAs')}>
              <button
                type="button"
                className={view === 'text' ? '' : 'secondary'}
                aria-pressed={view === 'text'}
                onClick={() => setView('text')}
              >
                {t('inbox.asText')}
              </button>
              <button
                type="button"
                className={view === 'html' ? '' : 'secondary'}
                aria-pressed={view === 'html'}
                onClick={() => setView('html')}
              >
                {t('inbox.asHtml')}
              </button>
            </div>
          ) : null}
          {open && (view === 'text' || !isEmail) ? (
            <pre className="inbox-body" dir="auto">
              {item.body}
            </pre>
          ) : null}
          {open && isEmail && view === 'html' ? <EmailHtml item={item} /> : null}
        </div>
      </article>
    </li>
  );
}

export function DevInbox() {
  const { t } = useTranslation('dispatch');
  const { can } = useSession();
  const [channel, setChannel] = useState('');
  const [addressInput, setAddressInput] = useState('');
  const [address, setAddress] = useState('');
  const [auto, setAuto] = useState(true);
  const [page, setPage] = useState<InboxPage>();
  const [older, setOlder] = useState<InboxItem[]>([]);
  // Whether the last older page was full (so there may be more).
  const [olderMore, setOlderMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refreshedAt, setRefreshedAt] = useState<string>();
  const [news, setNews] = useState('');
  const newest = useRef<number | undefined>(undefined);

  const query = useCallback(
    (before?: number) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (channel) params.set('channel', channel);
      if (address) params.set('address', address);
      if (before) params.set('before', String(before));
      return `/dev-inbox?${params.toString()}`;
    },
    [channel, address],
  );

  const refresh = useCallback(async () => {
    try {
      const next = await get<InboxPage>(query());
      const top = next.items[0]?.id;
      if (newest.current !== undefined && top !== undefined && top > newest.current) {
        const count = next.items.filter((i) => i.id > newest.current!).length;
        setNews(t('inbox.newMessages', { count }));
      }
      newest.current = top ?? newest.current;
      setPage(next);
      setError(undefined);
      setRefreshedAt(new Date().toISOString());
    } catch (e) {
      setError(e);
    }
  }, [query, t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A new filter starts again from the newest page.
  function filterBy(nextChannel: string, nextAddress: string) {
    if (nextChannel === channel && nextAddress === address) return;
    newest.current = undefined;
    setOlder([]);
    setNews('');
    setPage(undefined);
    setChannel(nextChannel);
    setAddress(nextAddress);
  }

  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, refresh]);

  async function loadOlder() {
    const items = [...(page?.items ?? []), ...older];
    const last = items[items.length - 1];
    if (!last) return;
    try {
      const more = await get<InboxPage>(query(last.id));
      setOlder([...older, ...more.items]);
      setOlderMore(more.items.length === PAGE_SIZE);
    } catch (e) {
      setError(e);
    }
  }

  function applyFilter(event: FormEvent) {
    event.preventDefault();
    filterBy(channel, addressInput.trim());
  }

  if (!can('dispatch:inbox')) {
    return (
      <main id="main">
        <PageHeading>{t('inbox.title')}</PageHeading>
        <p>{t('inbox.notAllowed')}</p>
      </main>
    );
  }

  // Newest page first, then older pages, without repeats where a refresh overlapped them.
  const seen = new Set<number>();
  const items = [...(page?.items ?? []), ...older].filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
  const hasOlder = older.length === 0 ? page?.items.length === PAGE_SIZE : olderMore;
  return (
    <main id="main" className="dev-inbox">
      <PageHeading>{t('inbox.title')}</PageHeading>
      <div className="dev-label" role="note">
        <strong>{t('inbox.labelTitle')}</strong> {t('inbox.labelText')}
        {page ? (
          <p className="dev-channels">
            {page.channels.length > 0
              ? t('inbox.channelsHere', { channels: page.channels.map((c) => t(`channel.${c}`, { defaultValue: c })).join(', ') })
              : t('inbox.noChannelsHere')}
          </p>
        ) : null}
      </div>

      <form className="row filters" onSubmit={applyFilter} role="search" aria-label={t('inbox.filters')}>
        <div>
          <label htmlFor="inbox-channel">{t('inbox.channel')}</label>
          <select id="inbox-channel" value={channel} onChange={(e) => filterBy(e.target.value, address)}>
            <option value="">{t('inbox.allChannels')}</option>
            <option value="email">{t('channel.email')}</option>
            <option value="sms">{t('channel.sms')}</option>
          </select>
        </div>
        <div>
          <label htmlFor="inbox-address">{t('inbox.address')}</label>
          <input
            id="inbox-address"
            type="search"
            value={addressInput}
            onChange={(e) => setAddressInput(e.target.value)}
            maxLength={320}
            aria-describedby="inbox-address-hint"
          />
          <span id="inbox-address-hint" className="muted hint">
            {t('inbox.addressHint')}
          </span>
        </div>
        <button type="submit">{t('inbox.filter')}</button>
        {address || channel ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setAddressInput('');
              filterBy('', '');
            }}
          >
            {t('inbox.clear')}
          </button>
        ) : null}
      </form>

      <div className="row refresh">
        <label className="choice">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          {t('inbox.autoRefresh')}
        </label>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          {t('inbox.refreshNow')}
        </button>
        {refreshedAt ? (
          <span className="muted">
            {t('inbox.refreshedAt')} <DateTime value={refreshedAt} />
          </span>
        ) : null}
      </div>
      <p role="status" className="news">
        {news}
      </p>
      <ErrorMessage error={error} />
      {!page && !error ? <Loading /> : null}
      {page && items.length === 0 ? <p>{address || channel ? t('inbox.noneMatching') : t('inbox.empty')}</p> : null}
      {items.length > 0 ? (
        <section aria-labelledby="inbox-list-title">
          <h2 id="inbox-list-title">{t('inbox.messages')}</h2>
          <ol className="inbox-list">
            {items.map((item) => (
              <Message key={item.id} item={item} />
            ))}
          </ol>
        </section>
      ) : null}
      {hasOlder ? (
        <button type="button" className="secondary" onClick={() => void loadOlder()}>
          {t('inbox.older')}
        </button>
      ) : null}
    </main>
  );
}
