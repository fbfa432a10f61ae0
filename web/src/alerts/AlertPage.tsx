// One alert: where it is in its life, its text, its area on the map, the CAP messages published so far,
// and what the signed-in officer may do next: submit, approve, return or reject with a reason, publish an
// Update, renew, withdraw (found safe, found, cancelled); a link to the live dispatch dashboard.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { keys } from '../app/queries.ts';
import { AreaMap } from '../map/AreaMap.tsx';
import { ChangeDifferences } from './ChangeDifferences.tsx';
import { directionOf, languageName } from './counting.ts';
import { ExerciseBadge, isolate, needsReason, ProblemSummary, ReasonPrompt, StateBadge, useAccessReason } from './shared.tsx';
import { CRITERIA_KEYS, WITHDRAWAL_REASONS, type Alert, type WithdrawalReason, type WithheldAlert } from './types.ts';
import './alerts.css';

export function AlertPage() {
  const { alertId = '' } = useParams();
  const { t } = useTranslation('alerts');
  const { can: canPage } = useSession();
  const { reason, setReason, headers } = useAccessReason();
  const queryClient = useQueryClient();
  const loaded = useQuery({ queryKey: keys.alert(alertId, reason), queryFn: () => get<Alert>(`/alerts/${alertId}`, headers) });
  const alert = loaded.data;
  // An action answers with the alert as it now stands: show that, and let lists of alerts read afresh.
  const setFresh = (next: Alert) => {
    queryClient.setQueryData(keys.alert(alertId, reason), next);
    void queryClient.invalidateQueries({ queryKey: keys.alertLists });
  };
  const location = useLocation();
  const arrivedNotice = (location.state as { notice?: string } | null)?.notice;

  if (needsReason(loaded.error)) {
    return (
      <main id="main" className="alerts">
        <PageHeading>{t('page.title')}</PageHeading>
        <ReasonPrompt onReason={setReason} />
      </main>
    );
  }
  if (!alert) {
    return (
      <main id="main" className="alerts">
        <PageHeading>{t('page.title')}</PageHeading>
        <ErrorMessage error={loaded.error} />
        {loaded.error ? null : <Loading />}
      </main>
    );
  }
  const headline = alert.contents[0]?.headline ?? t('list.untitled');
  const canSeeSightings = canPage('submission:read');
  return (
    <main id="main" className="alerts alert-page">
      <PageHeading>
        <span lang={alert.contents[0]?.language} dir={alert.contents[0] ? directionOf(alert.contents[0].language) : undefined}>
          {headline}
        </span>
      </PageHeading>
      <p className="status-line">
        <StateBadge state={alert.state} /> <ExerciseBadge capStatus={alert.capStatus} />{' '}
        {t('list.case', { reference: alert.caseReference })} · <Link to={`/cases/${alert.caseId}`}>{t('start.openCase')}</Link>
        {['active', 'withdrawn', 'expired'].includes(alert.state) ? (
          <>
            {' '}
            · <Link to={`/alerts/${alert.id}/dispatch`}>{t('page.dispatch')}</Link>
          </>
        ) : null}
        {['active', 'withdrawn', 'expired'].includes(alert.state) && canSeeSightings ? (
          <>
            {' '}
            · <Link to={`/sightings?alert=${encodeURIComponent(alert.id)}`}>{t('page.sightingsMap')}</Link>
          </>
        ) : null}
      </p>
      {arrivedNotice === 'submitted' && alert.state === 'awaiting_approval' ? (
        <p className="notice" role="status">
          {t('page.submittedNotice')}
        </p>
      ) : null}
      {arrivedNotice === 'updated' ? (
        <p className="notice" role="status">
          {t('done.update')}
        </p>
      ) : null}
      {arrivedNotice === 'changeRequested' && alert.pendingChange ? (
        <p className="notice" role="status">
          {t('change.requestedNotice')}
        </p>
      ) : null}
      <Actions
        alert={alert}
        headers={headers}
        // Answered without the child (no reason went with it): load again, which asks for the reason.
        onChanged={(next) => (next.identityWithheld ? void loaded.refetch() : setFresh(next))}
      />
      {alert.pendingChange ? <PendingChangePanel alert={alert} headers={headers} onChanged={setFresh} /> : null}

      <AlertFacts alert={alert} />

      <section aria-labelledby="area-heading">
        <h2 id="area-heading">{t('area.title')}</h2>
        <p>
          <bdi>{alert.area.description}</bdi>
          {alert.area.national ? ` · ${t('area.national')}` : ''}
        </p>
        <AreaMap label={t('area.mapLabel')} area={alert.area} lastSeen={alert.lastSeen} />
      </section>

      <AlertContents alert={alert} />

      {alert.photos.length > 0 ? (
        <section aria-labelledby="photos-heading">
          <h2 id="photos-heading">{t('photos.title')}</h2>
          <ul className="photo-choices">
            {alert.photos.map((p) => (
              <li key={p.photoId}>
                <img src={p.staffUrl} alt={t('photos.number', { number: p.position + 1 })} width={160} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <AlertMessages alert={alert} />
    </main>
  );
}

/** Where and when the child was last seen, who asked and who approved, expiry and withdrawal; and the criteria. */
function AlertFacts({ alert }: { alert: Alert }) {
  const { t } = useTranslation('alerts');
  return (
    <div className="grid-2">
      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t('page.facts')}</h2>
        <dl className="facts-list">
          <dt>{t('page.lastSeen')}</dt>
          <dd>
            <bdi>{alert.lastSeen.place}</bdi>, <DateTime value={alert.lastSeen.at} />
          </dd>
          {alert.vehicle ? (
            <>
              <dt>{t('facts.vehicle')}</dt>
              <dd dir="auto">{alert.vehicle}</dd>
            </>
          ) : null}
          {alert.suspect ? (
            <>
              <dt>{t('facts.suspect')}</dt>
              <dd dir="auto">{alert.suspect}</dd>
            </>
          ) : null}
          <dt>{t('page.requested')}</dt>
          <dd>
            <bdi>{alert.requestedBy ?? '—'}</bdi> {alert.requestedAt ? <DateTime value={alert.requestedAt} /> : null}
          </dd>
          <dt>{t('page.approved')}</dt>
          <dd>
            <bdi>{alert.approvedBy ?? '—'}</bdi> {alert.approvedAt ? <DateTime value={alert.approvedAt} /> : null}
          </dd>
          {alert.decisionNote ? (
            <>
              <dt>{t('page.decisionNote')}</dt>
              <dd dir="auto">{alert.decisionNote}</dd>
            </>
          ) : null}
          <dt>{t('page.expires')}</dt>
          <dd>
            <DateTime value={alert.expiresAt} />
          </dd>
          {alert.withdrawnAt ? (
            <>
              <dt>{t('page.withdrawn')}</dt>
              <dd>
                <DateTime value={alert.withdrawnAt} /> {alert.withdrawalReason ? `(${t(`withdraw.${alert.withdrawalReason}`)})` : null}
              </dd>
            </>
          ) : null}
          {alert.state === 'active' ? (
            <>
              <dt>{t('page.publicPage')}</dt>
              <dd>
                <a href={alert.publicUrl} dir="ltr">
                  {alert.publicUrl}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="criteria-heading">
        <h2 id="criteria-heading">{t('criteria.legend')}</h2>
        <ul className="criteria-list">
          {CRITERIA_KEYS.map((key) => (
            <li key={key}>
              <strong>
                {alert.criteria[key].met ? '✓' : '✗'} {t(`criteria.${key}`)}
              </strong>
              <span className="visually-hidden">{alert.criteria[key].met ? t('page.met') : t('page.notMet')}</span>
              <div dir="auto">{alert.criteria[key].reason || <span className="muted">{t('page.noReason')}</span>}</div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The text in each language, with its SMS and cell-broadcast counts. */
function AlertContents({ alert }: { alert: Alert }) {
  const { t } = useTranslation('alerts');
  return (
    <section aria-labelledby="content-heading">
      <h2 id="content-heading">{t('content.title')}</h2>
      {alert.contents.map((c) => (
        <article key={c.language} className="content-view" aria-label={languageName(c.language, 'en')}>
          <h3>
            {t('content.legendFor', { language: languageName(c.language, document.documentElement.lang || 'en') })} ({c.language})
          </h3>
          <div lang={c.language} dir={directionOf(c.language)}>
            <p>
              <strong>{c.headline}</strong>
            </p>
            <p>{c.description}</p>
            <p>{c.instruction}</p>
            <p>{c.contact}</p>
          </div>
          <dl className="facts-list">
            <dt>{t('content.smsText')}</dt>
            <dd lang={c.language} dir={directionOf(c.language)}>
              {c.smsText}
            </dd>
            <dd className="muted small">
              {t('counter.sms', { segments: c.sms.segments, encoding: isolate(c.sms.encoding), units: c.sms.units })}
            </dd>
            <dt>{t('content.broadcastText')}</dt>
            <dd lang={c.language} dir={directionOf(c.language)}>
              {c.broadcastText}
            </dd>
            <dd className="muted small">{t('counter.broadcast', { length: c.broadcastLength, limit: 360 })}</dd>
          </dl>
        </article>
      ))}
    </section>
  );
}

/** The CAP messages issued for the alert so far. */
function AlertMessages({ alert }: { alert: Alert }) {
  const { t } = useTranslation('alerts');
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">{t('page.messages')}</h2>
      {alert.messages.length === 0 ? (
        <p className="muted">{t('page.noMessages')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('page.msgType')}</th>
                <th scope="col">{t('page.sent')}</th>
                <th scope="col">{t('page.note')}</th>
                <th scope="col">{t('page.cap')}</th>
              </tr>
            </thead>
            <tbody>
              {alert.messages.map((m) => (
                <tr key={m.identifier}>
                  <td>{t(`msgType.${m.msgType}`)}</td>
                  <td>
                    <DateTime value={m.sent} />
                  </td>
                  <td dir="auto">{m.note ?? '—'}</td>
                  <td>
                    <a href={m.capUrl}>{t('page.capLink', { identifier: m.identifier })}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type ActionName = 'submit' | 'approve' | 'return' | 'reject' | 'update' | 'renew' | 'withdraw';

function Actions({
  alert,
  headers,
  onChanged,
}: {
  alert: Alert;
  headers: Record<string, string> | undefined;
  onChanged: (alert: Alert | WithheldAlert) => void;
}) {
  const { t } = useTranslation('alerts');
  const { can, session } = useSession();
  const [open, setOpen] = useState<ActionName>();
  const [problem, setProblem] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const doneRef = useRef<HTMLParagraphElement>(null);
  // The form that was used closes: focus goes to what happened, not to the top of the page.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const act = async (action: ActionName, path: string, body: unknown) => {
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const updated = await post<Alert | WithheldAlert>(`/alerts/${alert.id}/${path}`, body, headers);
      onChanged(updated);
      setOpen(undefined);
      setDone(t(`done.${action}`));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const available: { name: ActionName; permission: string; danger?: boolean }[] = [];
  if (alert.state === 'draft') available.push({ name: 'submit', permission: 'alert:request' });
  if (alert.state === 'awaiting_approval') {
    available.push(
      { name: 'approve', permission: 'alert:approve' },
      { name: 'return', permission: 'alert:approve' },
      { name: 'reject', permission: 'alert:approve', danger: true },
    );
  }
  if (alert.state === 'active')
    available.push({ name: 'update', permission: 'alert:update' }, { name: 'renew', permission: 'alert:renew' });
  if (['active', 'draft', 'awaiting_approval'].includes(alert.state))
    available.push({ name: 'withdraw', permission: 'alert:withdraw', danger: true });
  const mine = available.filter((a) => can(a.permission));

  if (mine.length === 0 && alert.state !== 'draft') {
    return done ? (
      <p className="notice" role="status" tabIndex={-1} ref={doneRef}>
        {done}
      </p>
    ) : null;
  }
  return (
    <section aria-labelledby="actions-heading" className="actions-panel">
      <h2 id="actions-heading">{t('actions.title')}</h2>
      {done ? (
        <p className="notice" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      ) : null}
      <div className="row">
        {alert.state === 'draft' && can('alert:request') ? (
          <Link className="button secondary" to={`/alerts/${alert.id}/edit`} state={{ reason: headers?.['x-access-reason'] }}>
            {t('actions.edit')}
          </Link>
        ) : null}
        {alert.state === 'active' &&
        can('alert:update') &&
        (!alert.pendingChange || alert.pendingChange.requestedBy.toLowerCase() === session?.user.email.toLowerCase()) ? (
          <Link className="button secondary" to={`/alerts/${alert.id}/edit`} state={{ reason: headers?.['x-access-reason'] }}>
            {t('actions.changeText')}
          </Link>
        ) : null}
        {mine.map((a) => (
          <button
            key={a.name}
            type="button"
            className={a.danger ? 'secondary danger-outline' : open === a.name ? '' : 'secondary'}
            aria-expanded={open === a.name}
            aria-controls={`action-${a.name}`}
            onClick={() => {
              setOpen(open === a.name ? undefined : a.name);
              setProblem(undefined);
            }}
          >
            {t(`actions.${a.name}`)}
          </button>
        ))}
      </div>
      {alert.state === 'awaiting_approval' &&
      can('alert:approve') &&
      session &&
      alert.requestedBy?.toLowerCase() === session.user.email.toLowerCase() ? (
        <p className="panel">{t('actions.ownRequest')}</p>
      ) : null}
      {open === 'approve' && session && !session.secondFactor ? <p className="problem">{t('inbox.noSecondFactor')}</p> : null}
      {open ? (
        <div id={`action-${open}`} className="panel action-form">
          <ActionForm
            name={open}
            alert={alert}
            busy={busy}
            onRun={(path, body) => void act(open, path, body)}
            onCancel={() => setOpen(undefined)}
          >
            <ProblemSummary error={problem} />
          </ActionForm>
        </div>
      ) : (
        <ProblemSummary error={problem} />
      )}
    </section>
  );
}

function ActionForm({
  name,
  alert,
  busy,
  onRun,
  onCancel,
  children,
}: {
  name: ActionName;
  alert: Alert;
  busy: boolean;
  onRun: (path: string, body: unknown) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('alerts');
  const [text, setText] = useState('');
  const [withdrawal, setWithdrawal] = useState<WithdrawalReason>('found_safe');
  const [vehicle, setVehicle] = useState(alert.vehicle);
  const [suspect, setSuspect] = useState(alert.suspect);
  const [place, setPlace] = useState(alert.lastSeen.place);
  const [expires, setExpires] = useState(() => {
    const base = new Date(Math.max(Date.now(), alert.expiresAt ? new Date(alert.expiresAt).getTime() : 0) + 12 * 3_600_000);
    const local = new Date(base.getTime() - base.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 16);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    switch (name) {
      case 'submit':
        return onRun('submit', undefined);
      case 'approve':
        return onRun('approve', text.trim() ? { note: text.trim() } : {});
      case 'return':
      case 'reject':
        return onRun(name, { reason: text.trim() });
      case 'withdraw':
        return onRun('withdraw', { reason: withdrawal, ...(text.trim() ? { note: text.trim() } : {}) });
      case 'renew':
        return onRun('renew', { expiresAt: new Date(expires).toISOString() });
      case 'update': {
        const body: Record<string, unknown> = { version: alert.version, note: text.trim() };
        if (vehicle !== alert.vehicle) body.vehicle = vehicle;
        if (suspect !== alert.suspect) body.suspect = suspect;
        if (place.trim() && place !== alert.lastSeen.place) body.lastSeen = { ...alert.lastSeen, place: place.trim() };
        return onRun('updates', body);
      }
    }
  };

  const textLabel =
    name === 'approve'
      ? t('actions.approveNote')
      : name === 'return' || name === 'reject'
        ? t('actions.reason')
        : name === 'update'
          ? t('actions.updateNote')
          : t('actions.withdrawNote');
  const textRequired = name === 'return' || name === 'reject' || name === 'update';
  return (
    <form onSubmit={submit} className="stack">
      <h3>{t(`actions.${name}Title`)}</h3>
      <p className="muted">{t(`actions.${name}Intro`)}</p>
      {name === 'withdraw' ? (
        <fieldset>
          <legend>{t('withdraw.legend')}</legend>
          {(alert.state === 'active' ? WITHDRAWAL_REASONS : (['cancelled'] as const)).map((r) => (
            <label key={r} className="choice">
              <input type="radio" name="withdrawal" value={r} checked={withdrawal === r} onChange={() => setWithdrawal(r)} />{' '}
              {t(`withdraw.${r}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {name === 'update' ? (
        <>
          <label>
            {t('facts.vehicle')}
            <textarea rows={2} maxLength={1000} dir="auto" value={vehicle} onChange={(e) => setVehicle(e.target.value)} />
          </label>
          <label>
            {t('facts.suspect')}
            <textarea rows={2} maxLength={1000} dir="auto" value={suspect} onChange={(e) => setSuspect(e.target.value)} />
          </label>
          <label>
            {t('actions.lastSeenPlace')}
            <input className="wide" maxLength={500} dir="auto" value={place} onChange={(e) => setPlace(e.target.value)} />
          </label>
        </>
      ) : null}
      {name === 'renew' ? (
        <label>
          {t('actions.newExpiry')}
          <input type="datetime-local" required value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
      ) : null}
      {name !== 'submit' && name !== 'renew' ? (
        <label>
          {textLabel}
          {textRequired ? <span className="muted"> ({t('actions.required')})</span> : null}
          <textarea
            rows={3}
            maxLength={2000}
            dir="auto"
            required={textRequired}
            minLength={textRequired ? 3 : undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      ) : null}
      {children}
      <div className="row">
        <button type="submit" className={name === 'withdraw' || name === 'reject' ? 'danger' : ''} disabled={busy}>
          {t(`actions.${name}Confirm`)}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A requested change to the live alert: what it alters, and for a different approver, approve or return it. */
function PendingChangePanel({
  alert,
  headers,
  onChanged,
}: {
  alert: Alert;
  headers: Record<string, string> | undefined;
  onChanged: (alert: Alert) => void;
}) {
  const { t } = useTranslation('alerts');
  const { can, session } = useSession();
  const [open, setOpen] = useState<'approve' | 'return'>();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const change = alert.pendingChange!;
  const mine = session !== null && session !== undefined && change.requestedBy.toLowerCase() === session.user.email.toLowerCase();

  const decide = async (event: FormEvent) => {
    event.preventDefault();
    if (!open) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const body =
        open === 'approve'
          ? { changeId: change.id, ...(text.trim() ? { note: text.trim() } : {}) }
          : { changeId: change.id, reason: text.trim() };
      onChanged(await post<Alert>(`/alerts/${alert.id}/changes/${open}`, body, headers));
      setOpen(undefined);
      setText('');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="change-heading" className="actions-panel">
      <h2 id="change-heading">{t('change.pendingTitle')}</h2>
      <p>
        {t('change.requestedBy')} <bdi>{change.requestedBy}</bdi>, <DateTime value={change.requestedAt} />
      </p>
      <p dir="auto">
        <strong>{t('actions.updateNote')}:</strong> {change.note}
      </p>
      <ChangeDifferences differences={change.differences} caption={t('change.pendingTitle')} />
      {can('alert:approve') && mine ? <p className="panel">{t('change.ownRequest')}</p> : null}
      {can('alert:approve') && !mine && session && !session.secondFactor ? <p className="problem">{t('inbox.noSecondFactor')}</p> : null}
      {can('alert:approve') && !mine ? (
        <div className="row">
          {(['approve', 'return'] as const).map((name) => (
            <button
              key={name}
              type="button"
              className={open === name ? '' : 'secondary'}
              aria-expanded={open === name}
              aria-controls="change-decision"
              onClick={() => {
                setOpen(open === name ? undefined : name);
                setProblem(undefined);
              }}
            >
              {t(`change.${name}`)}
            </button>
          ))}
        </div>
      ) : null}
      {open ? (
        <form id="change-decision" className="panel action-form stack" onSubmit={(e) => void decide(e)}>
          <p className="muted">{t(`change.${open}Intro`)}</p>
          <label>
            {open === 'approve' ? t('actions.approveNote') : t('actions.reason')}
            {open === 'return' ? <span className="muted"> ({t('actions.required')})</span> : null}
            <textarea
              rows={3}
              maxLength={2000}
              dir="auto"
              required={open === 'return'}
              minLength={open === 'return' ? 3 : undefined}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <ProblemSummary error={problem} />
          <div className="row">
            <button type="submit" disabled={busy}>
              {t(`change.${open}Confirm`)}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(undefined)}>
              {t('actions.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <ProblemSummary error={problem} />
      )}
    </section>
  );
}
