// Drafting a Child Rescue Alert: started from a case (the API pre-fills it), then the three criteria with
// reasons, the text in each language with live SMS and cell-broadcast counters, the area (drawn, whole
// jurisdictions, or national), photos, the exercise mark, a preview as recipients will see it; saved as a
// draft and sent for approval. Nothing typed is lost when the API refuses: the form keeps it and names the
// field at fault.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get, post } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DraftForm } from './DraftForm.tsx';
import { CapStatusField } from './DraftSections.tsx';
import { ExerciseBadge, needsReason, ProblemSummary, ReasonPrompt, StateBadge, useAccessReason } from './shared.tsx';
import type { Alert, AlertSummary, CapStatus, CaseForAlert } from './types.ts';
import './alerts.css';

export function AlertComposer() {
  const { alertId } = useParams();
  const [params] = useSearchParams();
  if (alertId) return <AlertEditor alertId={alertId} />;
  const caseId = params.get('case');
  return caseId ? <StartFromCase caseId={caseId} /> : <ChooseCase />;
}

/** A line of the case list (src/cases/schemas.ts CaseSummary). */
interface CaseSummary {
  id: string;
  reference: string;
  status: string;
  childName: string;
  age: number | null;
  riskLevel: string | null;
  lastSeenAt: string;
  lastSeenPlace: string;
  sensitive: boolean;
}

/** No case given: find an open case to start from. */
function ChooseCase() {
  const { t } = useTranslation('alerts');
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const casesQuery = `status=open&limit=25${submitted ? `&q=${encodeURIComponent(submitted)}` : ''}`;
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: keys.cases(casesQuery, undefined),
    queryFn: () => get<{ items: CaseSummary[] }>(`/cases?${casesQuery}`),
    placeholderData: keepPreviousData,
  });
  return (
    <main id="main" className="alerts">
      <PageHeading>{t('start.chooseTitle')}</PageHeading>
      <p>{t('start.chooseIntro')}</p>
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(query.trim());
        }}
      >
        <label>
          {t('start.search')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit">{t('start.searchButton')}</button>
      </form>
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('start.noCases')}</p> : null}
      <ul className="alert-rows">
        {data?.items.map((c) => (
          <li key={c.id}>
            <Link to={`/alerts/new?case=${c.id}`}>
              {c.reference} · <bdi>{c.childName}</bdi>
              {c.age !== null ? `, ${c.age}` : ''}
            </Link>
            <div className="muted small">
              <bdi>{c.lastSeenPlace}</bdi> · <DateTime value={c.lastSeenAt} />
              {c.riskLevel ? ` · ${t('start.risk', { level: t(`riskLevel.${c.riskLevel}`) })}` : ''}
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** A case given: its alerts so far, and the button that starts a draft pre-filled from it. */
function StartFromCase({ caseId }: { caseId: string }) {
  const { t } = useTranslation('alerts');
  const navigate = useNavigate();
  const { reason, setReason, headers } = useAccessReason();
  const [chosenStatus, setCapStatus] = useState<CapStatus>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const theCase = useQuery({ queryKey: keys.caseForAlert(caseId, reason), queryFn: () => get<CaseForAlert>(`/cases/${caseId}`, headers) });
  const existing = useQuery({
    queryKey: keys.alerts(`caseId=${caseId}`),
    queryFn: () => get<{ items: AlertSummary[] }>(`/alerts?caseId=${caseId}`),
  });
  const templates = useQuery({
    queryKey: keys.alertTemplates,
    queryFn: () => get<{ items: { id: string; name: string; language: string }[] }>('/alert-templates'),
  });
  const [templateId, setTemplateId] = useState('');

  // An exercise case takes exercises and tests only, a real case real alerts only.
  const capStatus: CapStatus = chosenStatus ?? (theCase.data?.exercise ? 'Exercise' : 'Actual');

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await post<Alert>('/alerts', { caseId, capStatus, ...(templateId ? { templateId } : {}) }, headers);
      // The declarative router's navigate returns nothing to wait for.
      void navigate(`/alerts/${created.id}/edit`, { replace: true, state: { reason } });
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  if (needsReason(theCase.error)) {
    return (
      <main id="main" className="alerts">
        <PageHeading>{t('start.title')}</PageHeading>
        <ReasonPrompt onReason={setReason} />
      </main>
    );
  }
  const c = theCase.data;
  const open = (existing.data?.items ?? []).filter((a) => ['draft', 'awaiting_approval', 'active'].includes(a.state));
  return (
    <main id="main" className="alerts">
      <PageHeading>{t('start.title')}</PageHeading>
      <ErrorMessage error={theCase.error} />
      {!c && !theCase.error ? <Loading /> : null}
      {c ? (
        <>
          <p>
            {t('start.forCase', { reference: c.reference, name: `${c.child.givenNames} ${c.child.familyName}` })}{' '}
            <Link to={`/cases/${c.id}`}>{t('start.openCase')}</Link>
          </p>
          {c.status !== 'open' ? <p className="problem">{t('start.closed')}</p> : null}
          {open.length > 0 ? (
            <div className="panel">
              <p>{t('start.existing')}</p>
              <ul>
                {open.map((a) => (
                  <li key={a.id}>
                    <Link to={a.state === 'draft' ? `/alerts/${a.id}/edit` : `/alerts/${a.id}`}>{a.headline || t('list.untitled')}</Link>{' '}
                    <StateBadge state={a.state} /> <ExerciseBadge capStatus={a.capStatus} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <form onSubmit={(e) => void start(e)} className="stack">
            <p>{t('start.intro')}</p>
            <CapStatusField value={capStatus} exercise={c.exercise} onChange={setCapStatus} />
            {templates.data && templates.data.items.length > 0 ? (
              <label>
                {t('start.template')}
                <select value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                  <option value="">{t('start.noTemplate')}</option>
                  {templates.data.items.map((tpl) => (
                    <option key={tpl.id} value={tpl.id}>
                      {tpl.name} ({tpl.language})
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <ProblemSummary error={problem} />
            <button type="submit" disabled={busy || c.status !== 'open'}>
              {t('start.button')}
            </button>
          </form>
        </>
      ) : null}
    </main>
  );
}

function AlertEditor({ alertId }: { alertId: string }) {
  const { t } = useTranslation('alerts');
  const { can } = useSession();
  const { reason, setReason, headers } = useAccessReason();
  const loaded = useQuery({
    queryKey: keys.alertForEditing(alertId, reason),
    // The form starts from what it is given, so it must be the latest version, never a cached one.
    gcTime: 0,
    queryFn: async () => {
      const alert = await get<Alert>(`/alerts/${alertId}`, headers);
      const theCase = await get<CaseForAlert>(`/cases/${alert.caseId}`, headers);
      return { alert, theCase };
    },
  });

  if (needsReason(loaded.error)) {
    return (
      <main id="main" className="alerts">
        <PageHeading>{t('composer.title')}</PageHeading>
        <ReasonPrompt onReason={setReason} />
      </main>
    );
  }
  if (!loaded.data) {
    return (
      <main id="main" className="alerts">
        <PageHeading>{t('composer.title')}</PageHeading>
        <ErrorMessage error={loaded.error} />
        {loaded.error ? null : <Loading />}
      </main>
    );
  }
  const { alert, theCase } = loaded.data;
  // A live alert's text, photos and area change through a request that a different approver approves.
  if (alert.state === 'active' && can('alert:update')) return <DraftForm alert={alert} theCase={theCase} headers={headers} mode="change" />;
  if (alert.state !== 'draft') {
    return (
      <main id="main" className="alerts">
        <PageHeading>{t('composer.title')}</PageHeading>
        <p className="panel">
          {t('composer.notDraft')} <StateBadge state={alert.state} /> <Link to={`/alerts/${alert.id}`}>{t('composer.openAlert')}</Link>
        </p>
      </main>
    );
  }
  return <DraftForm alert={alert} theCase={theCase} headers={headers} mode="draft" />;
}
