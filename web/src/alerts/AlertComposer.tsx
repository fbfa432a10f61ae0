// Drafting a Child Rescue Alert: started from a case (the API pre-fills it), then the three criteria with
// reasons, the text in each language with live SMS and cell-broadcast counters, the area (drawn, whole
// jurisdictions, or national), photos, the exercise mark, a preview as recipients will see it; saved as a
// draft and sent for approval. Nothing typed is lost when the API refuses: the form keeps it and names the
// field at fault.
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, useLoad } from '../app/ui.tsx';
import { useSession } from '../app/session.tsx';
import { AreaMap, type MapAreaPart } from '../map/AreaMap.tsx';
import { loadJurisdictions, type Jurisdiction } from '../map/BaseMap.tsx';
import { canonicalLanguage, characters, countSms, directionOf, languageName, MAX_PHOTOS, MIN_REASON_LENGTH, TEXT_LIMITS } from './counting.ts';
import { Preview } from './Preview.tsx';
import { ExerciseBadge, fieldError, fieldId, isolate, needsReason, ProblemSummary, ReasonPrompt, StateBadge, useAccessReason } from './shared.tsx';
import { CRITERIA_KEYS, type Alert, type AlertContent, type AlertSummary, type AreaPart, type CapStatus, type CaseForAlert, type CriterionKey } from './types.ts';
import './alerts.css';
import { consoleTime } from '../app/dates.ts';

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
  const { data, error, loading } = useLoad(
    () => get<{ items: CaseSummary[] }>(`/cases?status=open&limit=25${submitted ? `&q=${encodeURIComponent(submitted)}` : ''}`),
    [submitted],
  );
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
  const theCase = useLoad(() => get<CaseForAlert>(`/cases/${caseId}`, headers), [caseId, reason]);
  const existing = useLoad(() => get<{ items: AlertSummary[] }>(`/alerts?caseId=${caseId}`), [caseId]);
  const templates = useLoad(() => get<{ items: { id: string; name: string; language: string }[] }>('/alert-templates'), []);
  const [templateId, setTemplateId] = useState('');

  // An exercise case takes exercises and tests only, a real case real alerts only.
  const capStatus: CapStatus = chosenStatus ?? (theCase.data?.exercise ? 'Exercise' : 'Actual');

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await post<Alert>('/alerts', { caseId, capStatus, ...(templateId ? { templateId } : {}) }, headers);
      navigate(`/alerts/${created.id}/edit`, { replace: true, state: { reason } });
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
                    <Link to={a.state === 'draft' ? `/alerts/${a.id}/edit` : `/alerts/${a.id}`}>{a.headline || t('list.untitled')}</Link> <StateBadge state={a.state} />{' '}
                    <ExerciseBadge capStatus={a.capStatus} />
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

/** The choice of an exercise case: exercise or test. A real case has no choice: its alerts are real. */
function CapStatusField({ value, exercise, onChange }: { value: CapStatus; exercise: boolean; onChange: (value: CapStatus) => void }) {
  const { t } = useTranslation('alerts');
  if (!exercise) return null;
  return (
    <fieldset id={fieldId('/body/capStatus')} tabIndex={-1}>
      <legend>{t('capStatus.legend')}</legend>
      {(['Exercise', 'Test'] as const).map((status) => (
        <label key={status} className="choice">
          <input type="radio" name="capStatus" value={status} checked={value === status} onChange={() => onChange(status)} /> {t(`capStatus.option${status}`)}
        </label>
      ))}
    </fieldset>
  );
}

interface Draft {
  capStatus: CapStatus;
  criteria: Record<CriterionKey, { met: boolean; reason: string }>;
  contents: AlertContent[];
  parts: AreaPart[];
  jurisdictionCodes: string[];
  national: boolean;
  areaDescription: string;
  photoIds: string[];
  vehicle: string;
  suspect: string;
}

function draftOf(alert: Alert): Draft {
  return {
    capStatus: alert.capStatus,
    criteria: Object.fromEntries(CRITERIA_KEYS.map((k) => [k, { met: alert.criteria[k]?.met ?? false, reason: alert.criteria[k]?.reason ?? '' }])) as Draft['criteria'],
    contents: alert.contents.map(({ language, headline, description, instruction, contact, smsText, broadcastText }) => ({
      language,
      headline,
      description,
      instruction,
      contact,
      smsText,
      broadcastText,
    })),
    parts: alert.area.parts,
    jurisdictionCodes: alert.area.jurisdictionCodes,
    national: alert.area.national,
    areaDescription: alert.area.description,
    photoIds: alert.photos.map((p) => p.photoId),
    vehicle: alert.vehicle,
    suspect: alert.suspect,
  };
}

function AlertEditor({ alertId }: { alertId: string }) {
  const { t } = useTranslation('alerts');
  const { can } = useSession();
  const { reason, setReason, headers } = useAccessReason();
  const loaded = useLoad(async () => {
    const alert = await get<Alert>(`/alerts/${alertId}`, headers);
    const theCase = await get<CaseForAlert>(`/cases/${alert.caseId}`, headers);
    return { alert, theCase };
  }, [alertId, reason]);

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

function DraftForm({
  alert: initial,
  theCase,
  headers,
  mode,
}: {
  alert: Alert;
  theCase: CaseForAlert;
  headers: Record<string, string> | undefined;
  /** A draft is saved and sent for approval; a live alert's changes are requested, for a second approver. */
  mode: 'draft' | 'change';
}) {
  const { t, i18n } = useTranslation('alerts');
  const [note, setNote] = useState('');
  const navigate = useNavigate();
  const [alert, setAlert] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [descriptionTouched, setDescriptionTouched] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [jurisdictions, setJurisdictions] = useState<Jurisdiction[]>([]);
  const [newLanguage, setNewLanguage] = useState('');
  const [languageProblem, setLanguageProblem] = useState<string>();
  const [circle, setCircle] = useState({ lat: String(initial.lastSeen.lat), lon: String(initial.lastSeen.lon), radiusKm: '10' });
  const [circleProblem, setCircleProblem] = useState<string>();

  useEffect(() => {
    void loadJurisdictions().then(setJurisdictions).catch(() => undefined);
  }, []);

  const update = (changes: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...changes }));
    setSaved(undefined);
  };
  const setCriterion = (key: CriterionKey, changes: Partial<{ met: boolean; reason: string }>) =>
    update({ criteria: { ...draft.criteria, [key]: { ...draft.criteria[key], ...changes } } });
  const setContent = (index: number, changes: Partial<AlertContent>) => update({ contents: draft.contents.map((c, i) => (i === index ? { ...c, ...changes } : c)) });

  const addLanguage = () => {
    const canonical = canonicalLanguage(newLanguage);
    if (!newLanguage.trim() || !canonical) {
      setLanguageProblem(t('content.badLanguage', { tag: newLanguage }));
      return;
    }
    if (draft.contents.some((c) => c.language.toLowerCase() === canonical.toLowerCase())) {
      setLanguageProblem(t('content.twice', { tag: canonical }));
      return;
    }
    const first = draft.contents[0];
    update({ contents: [...draft.contents, { language: canonical, headline: '', description: '', instruction: '', contact: first?.contact ?? '', smsText: '', broadcastText: '' }] });
    setNewLanguage('');
    setLanguageProblem(undefined);
    // Move to the new block's first field once it is drawn.
    setTimeout(() => document.getElementById(fieldId(`/body/contents/${draft.contents.length}/headline`))?.focus(), 0);
  };

  const addCircle = () => {
    const lat = Number(circle.lat);
    const lon = Number(circle.lon);
    const radiusKm = Number(circle.radiusKm);
    if (!Number.isFinite(lat) || lat < -90 || lat > 90 || !Number.isFinite(lon) || lon < -180 || lon > 180 || circle.lat.trim() === '' || circle.lon.trim() === '') {
      setCircleProblem(t('area.badCentre'));
      return;
    }
    if (!Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > 1000) {
      setCircleProblem(t('area.badRadius'));
      return;
    }
    setCircleProblem(undefined);
    update({ parts: [...draft.parts, { kind: 'circle', center: [lon, lat], radiusKm }] });
  };

  const body = () => ({
    version: alert.version,
    capStatus: draft.capStatus,
    criteria: draft.criteria,
    contents: draft.contents,
    area: {
      parts: draft.parts,
      jurisdictionCodes: draft.jurisdictionCodes,
      national: draft.national,
      ...(descriptionTouched && draft.areaDescription.trim() ? { description: draft.areaDescription.trim() } : {}),
    },
    photoIds: draft.photoIds,
    vehicle: draft.vehicle,
    suspect: draft.suspect,
  });

  const save = async (): Promise<Alert | undefined> => {
    setProblem(undefined);
    const saved = await patch<Alert>(`/alerts/${alert.id}`, body(), headers);
    setAlert(saved);
    // The server may describe the area; the officer's own words stay as they typed them.
    setDraft((d) => ({ ...d, areaDescription: descriptionTouched ? d.areaDescription : saved.area.description }));
    return saved;
  };

  const requestChange = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      // Only the appeal itself: new facts (vehicle, suspect) go out as an Update from the alert page.
      const { version, contents, area, photoIds } = body();
      const requested = await post<Alert>(`/alerts/${alert.id}/changes`, { version, contents, area, photoIds, note: note.trim() }, headers);
      navigate(`/alerts/${requested.id}`, { state: { notice: 'changeRequested', reason: headers?.['x-access-reason'] } });
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const run = async (action: 'save' | 'submit') => {
    if (mode === 'change') return requestChange();
    setBusy(true);
    setSaved(undefined);
    try {
      const savedAlert = await save();
      if (action === 'submit' && savedAlert) {
        await post<Alert>(`/alerts/${savedAlert.id}/submit`, undefined, headers);
        navigate(`/alerts/${savedAlert.id}`, { state: { notice: 'submitted', reason: headers?.['x-access-reason'] } });
        return;
      }
      setSaved(consoleTime(new Date(), i18n.language));
    } catch (error) {
      // What the officer typed stays in the form; a draft saved before a refused submission already holds
      // its new version, so the next try is not a conflict.
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const describePointer = (pointer: string): string | undefined => {
    const parts = pointer.replace(/^\/body\/?/, '').split('/');
    if (parts[0] === 'criteria' && parts[1]) {
      const name = t(`criteria.${parts[1]}`);
      return parts[2] === 'reason' ? `${name} — ${t('criteria.reason')}` : name;
    }
    if (parts[0] === 'contents' && parts[1] !== undefined) {
      const block = draft.contents[Number(parts[1])];
      const field = parts[2] ? t(`content.${parts[2]}`) : t('content.legend');
      return `${block ? languageName(block.language, i18n.language) : ''} — ${field}`;
    }
    if (parts[0] === 'area') return t('area.title');
    if (parts[0] === 'photoIds') return t('photos.title');
    if (parts[0] === 'note') return t('actions.updateNote');
    return undefined;
  };

  const mapArea = useMemo(() => ({ parts: draft.parts as MapAreaPart[], jurisdictionCodes: draft.jurisdictionCodes, national: draft.national }), [draft.parts, draft.jurisdictionCodes, draft.national]);
  const lastSeen = useMemo(() => ({ lon: alert.lastSeen.lon, lat: alert.lastSeen.lat, place: alert.lastSeen.place }), [alert.lastSeen.lon, alert.lastSeen.lat, alert.lastSeen.place]);
  const err = (pointer: string, within = false) => fieldError(problem, pointer, within);

  return (
    <main id="main" className="alerts composer">
      <PageHeading>{mode === 'change' ? t('change.title') : t('composer.title')}</PageHeading>
      {mode === 'change' ? <p className="panel">{t('change.intro')}</p> : null}
      <p>
        {t('start.forCase', { reference: alert.caseReference, name: `${theCase.child.givenNames} ${theCase.child.familyName}` })} <StateBadge state={alert.state} />{' '}
        <ExerciseBadge capStatus={draft.capStatus} /> · <Link to={`/alerts/${alert.id}`}>{t('composer.openAlert')}</Link>
      </p>
      {alert.decisionNote ? (
        <div className="panel">
          <strong>{t('composer.returned')}</strong> {alert.decisionNote}
        </div>
      ) : null}

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run('save');
        }}
      >
        {mode === 'draft' ? (
          <fieldset>
            <legend>{t('criteria.legend')}</legend>
            <p className="muted">{t('criteria.intro', { min: MIN_REASON_LENGTH })}</p>
            {CRITERIA_KEYS.map((key) => {
              const metPointer = `/body/criteria/${key}`;
              const reasonPointer = `${metPointer}/reason`;
              const metError = err(metPointer);
              const reasonError = err(reasonPointer);
              return (
                <div key={key} className="criterion">
                  <label className="choice">
                    <input
                      type="checkbox"
                      id={fieldId(metPointer)}
                      checked={draft.criteria[key].met}
                      onChange={(e) => setCriterion(key, { met: e.target.checked })}
                      aria-invalid={metError ? true : undefined}
                      aria-describedby={metError ? `${fieldId(metPointer)}-error` : undefined}
                    />{' '}
                    {t(`criteria.${key}`)}
                  </label>
                  {metError ? (
                    <p className="field-error" id={`${fieldId(metPointer)}-error`}>
                      {metError}
                    </p>
                  ) : null}
                  <label htmlFor={fieldId(reasonPointer)}>{t('criteria.reasonFor', { criterion: t(`criteria.${key}`) })}</label>
                  <textarea
                    id={fieldId(reasonPointer)}
                    rows={2}
                    maxLength={2000}
                    dir="auto"
                    value={draft.criteria[key].reason}
                    onChange={(e) => setCriterion(key, { reason: e.target.value })}
                    aria-invalid={reasonError ? true : undefined}
                    aria-describedby={reasonError ? `${fieldId(reasonPointer)}-error` : undefined}
                  />
                  {reasonError ? (
                    <p className="field-error" id={`${fieldId(reasonPointer)}-error`}>
                      {reasonError}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ) : null}

        {mode === 'draft' ? <CapStatusField value={draft.capStatus} exercise={draft.capStatus !== 'Actual'} onChange={(capStatus) => update({ capStatus })} /> : null}

        <h2>{t('content.title')}</h2>
        {draft.contents.map((content, index) => (
          <ContentBlock
            key={index}
            index={index}
            content={content}
            problem={problem}
            removable={draft.contents.length > 1}
            onChange={(changes) => setContent(index, changes)}
            onRemove={() => update({ contents: draft.contents.filter((_, i) => i !== index) })}
          />
        ))}
        <div className="panel add-language">
          <label htmlFor="new-language">{t('content.addLabel')}</label>
          <p className="muted small" id="new-language-hint">
            {t('content.addHint')}
          </p>
          <div className="row">
            <input
              id="new-language"
              dir="ltr"
              value={newLanguage}
              list="language-suggestions"
              size={10}
              onChange={(e) => setNewLanguage(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addLanguage();
                }
              }}
              aria-describedby={`new-language-hint${languageProblem ? ' new-language-error' : ''}`}
              aria-invalid={languageProblem ? true : undefined}
            />
            <datalist id="language-suggestions">
              {['en', 'cy', 'gd', 'ga', 'pl', 'ro', 'ar', 'ur', 'pa', 'bn', 'pt', 'es', 'fr', 'lt', 'so', 'uk'].map((tag) => (
                <option key={tag} value={tag}>
                  {languageName(tag, i18n.language)}
                </option>
              ))}
            </datalist>
            <button type="button" className="secondary" onClick={addLanguage}>
              {t('content.add')}
            </button>
          </div>
          {languageProblem ? (
            <p className="field-error" id="new-language-error" role="alert">
              {languageProblem}
            </p>
          ) : null}
        </div>

        <h2 id="area-heading">{t('area.title')}</h2>
        <div id={fieldId('/body/area')} tabIndex={-1} className="stack composer-area">
          {err('/body/area') || err('/body/area/jurisdictionCodes') ? <p className="field-error">{err('/body/area') ?? err('/body/area/jurisdictionCodes')}</p> : null}
          <AreaMap label={t('area.mapLabel')} area={mapArea} lastSeen={lastSeen} onDraw={(part) => update({ parts: [...draft.parts, part as AreaPart] })} />
          <div className="grid-2">
            <fieldset>
              <legend>{t('area.partsLegend')}</legend>
              {draft.parts.length === 0 ? <p className="muted">{t('area.noParts')}</p> : null}
              <ul className="parts">
                {draft.parts.map((part, i) => (
                  <li key={i}>
                    {part.kind === 'circle'
                      ? t('area.circle', { radius: part.radiusKm, lat: isolate(part.center[1]), lon: isolate(part.center[0]) })
                      : t('area.polygon', { number: i + 1 })}{' '}
                    <button type="button" className="link" onClick={() => update({ parts: draft.parts.filter((_, j) => j !== i) })}>
                      {t('area.remove', { part: part.kind === 'circle' ? t('area.circleShort', { radius: part.radiusKm }) : t('area.polygon', { number: i + 1 }) })}
                    </button>
                    {err(`/body/area/parts/${i}`, true) ? <p className="field-error">{err(`/body/area/parts/${i}`, true)}</p> : null}
                  </li>
                ))}
              </ul>
              <div className="row">
                <label>
                  {t('area.lat')}
                  <input inputMode="decimal" dir="ltr" size={9} value={circle.lat} onChange={(e) => setCircle({ ...circle, lat: e.target.value })} />
                </label>
                <label>
                  {t('area.lon')}
                  <input inputMode="decimal" dir="ltr" size={9} value={circle.lon} onChange={(e) => setCircle({ ...circle, lon: e.target.value })} />
                </label>
                <label>
                  {t('area.radius')}
                  <input inputMode="decimal" dir="ltr" size={5} value={circle.radiusKm} onChange={(e) => setCircle({ ...circle, radiusKm: e.target.value })} />
                </label>
                <button type="button" className="secondary" onClick={addCircle}>
                  {t('area.addCircle')}
                </button>
              </div>
              {circleProblem ? (
                <p className="field-error" role="alert">
                  {circleProblem}
                </p>
              ) : null}
            </fieldset>
            <fieldset>
              <legend>{t('area.wholeLegend')}</legend>
              <label className="choice">
                <input type="checkbox" id={fieldId('/body/area/national')} checked={draft.national} onChange={(e) => update({ national: e.target.checked })} /> {t('area.national')}
              </label>
              {jurisdictions
                .filter((j) => j.kind !== 'country')
                .map((j) => (
                  <label key={j.code} className="choice">
                    <input
                      type="checkbox"
                      checked={draft.jurisdictionCodes.includes(j.code)}
                      disabled={draft.national}
                      onChange={(e) =>
                        update({ jurisdictionCodes: e.target.checked ? [...draft.jurisdictionCodes, j.code] : draft.jurisdictionCodes.filter((c) => c !== j.code) })
                      }
                    />{' '}
                    {j.name}
                  </label>
                ))}
            </fieldset>
          </div>
          <label htmlFor={fieldId('/body/area/description')}>{t('area.description')}</label>
          <p className="muted small" id="area-description-hint">
            {t('area.descriptionHint')}
          </p>
          <input
            id={fieldId('/body/area/description')}
            className="wide"
            maxLength={500}
            dir="auto"
            value={draft.areaDescription}
            aria-describedby="area-description-hint"
            onChange={(e) => {
              setDescriptionTouched(true);
              update({ areaDescription: e.target.value });
            }}
          />
        </div>

        <fieldset id={fieldId('/body/photoIds')} tabIndex={-1}>
          <legend>{t('photos.title')}</legend>
          {theCase.photos.length === 0 ? <p className="muted">{t('photos.none')}</p> : <p className="muted">{t('photos.intro', { max: MAX_PHOTOS })}</p>}
          {err('/body/photoIds') ? <p className="field-error">{err('/body/photoIds')}</p> : null}
          <ul className="photo-choices">
            {theCase.photos.map((photo, i) => {
              const chosen = draft.photoIds.includes(photo.id);
              return (
                <li key={photo.id}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={chosen}
                      disabled={!chosen && draft.photoIds.length >= MAX_PHOTOS}
                      onChange={(e) => update({ photoIds: e.target.checked ? [...draft.photoIds, photo.id] : draft.photoIds.filter((id) => id !== photo.id) })}
                    />{' '}
                    <img src={photo.urls.thumb} alt="" width={96} /> {photo.caption || t('photos.number', { number: i + 1 })}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>

        {mode === 'draft' ? (
          <fieldset>
            <legend>{t('facts.legend')}</legend>
            <label htmlFor={fieldId('/body/vehicle')}>{t('facts.vehicle')}</label>
            <textarea id={fieldId('/body/vehicle')} rows={2} maxLength={1000} dir="auto" value={draft.vehicle} onChange={(e) => update({ vehicle: e.target.value })} />
            <label htmlFor={fieldId('/body/suspect')}>{t('facts.suspect')}</label>
            <textarea id={fieldId('/body/suspect')} rows={2} maxLength={1000} dir="auto" value={draft.suspect} onChange={(e) => update({ suspect: e.target.value })} />
          </fieldset>
        ) : null}

        <h2>{t('preview.title')}</h2>
        <p className="muted">{t('preview.intro')}</p>
        <Preview
          alertId={alert.id}
          draft={{ capStatus: draft.capStatus, contents: draft.contents, photoIds: draft.photoIds, vehicle: draft.vehicle, suspect: draft.suspect }}
          headers={headers}
        />

        <div className="actions stack">
          <ProblemSummary error={problem} describe={describePointer} />
          {saved ? (
            <p role="status" className="notice">
              {t('composer.saved', { time: saved })}
            </p>
          ) : null}
          {mode === 'change' ? (
            <>
              <label htmlFor={fieldId('/body/note')}>{t('actions.updateNote')}</label>
              <textarea id={fieldId('/body/note')} rows={2} maxLength={500} dir="auto" value={note} onChange={(e) => setNote(e.target.value)} />
              <div className="row">
                <button type="submit" disabled={busy}>
                  {t('change.confirm')}
                </button>
                <Link className="button secondary" to={`/alerts/${alert.id}`}>
                  {t('actions.cancel')}
                </Link>
              </div>
            </>
          ) : (
            <div className="row">
              <button type="submit" className="secondary" disabled={busy}>
                {t('composer.save')}
              </button>
              <button type="button" disabled={busy} onClick={() => void run('submit')}>
                {t('composer.submit')}
              </button>
            </div>
          )}
        </div>
      </form>
    </main>
  );
}

function ContentBlock({
  index,
  content,
  problem,
  removable,
  onChange,
  onRemove,
}: {
  index: number;
  content: AlertContent;
  problem: unknown;
  removable: boolean;
  onChange: (changes: Partial<AlertContent>) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('alerts');
  const base = `/body/contents/${index}`;
  const dir = directionOf(content.language);
  const sms = countSms(content.smsText);
  const broadcast = characters(content.broadcastText);
  const name = languageName(content.language, i18n.language);

  const field = (key: keyof AlertContent, multiline: boolean, rows = 3, counter?: ReactNode) => {
    const pointer = `${base}/${key}`;
    const id = fieldId(pointer);
    const error = fieldError(problem, pointer);
    const describedBy = [counter ? `${id}-count` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id,
      value: content[key],
      lang: key === 'language' ? undefined : content.language,
      dir: key === 'language' ? undefined : dir,
      maxLength: key === 'language' ? 35 : TEXT_LIMITS[key as keyof typeof TEXT_LIMITS],
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy,
    };
    return (
      <div className="field">
        <label htmlFor={id}>{t(`content.${key}`)}</label>
        {multiline ? (
          <textarea {...common} rows={rows} onChange={(e) => onChange({ [key]: e.target.value })} />
        ) : (
          <input {...common} className="wide" onChange={(e) => onChange({ [key]: e.target.value })} />
        )}
        {counter}
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const smsId = fieldId(`${base}/smsText`);
  const broadcastId = fieldId(`${base}/broadcastText`);
  return (
    <fieldset className="content-block" id={fieldId(base)} tabIndex={-1}>
      <legend>
        {t('content.legendFor', { language: name })} <span lang="en">({content.language})</span>
      </legend>
      {removable ? (
        <p>
          <button type="button" className="link" onClick={onRemove}>
            {t('content.remove', { language: name })}
          </button>
        </p>
      ) : null}
      {field('headline', false)}
      {field('description', true, 5)}
      {field('instruction', true, 2)}
      {field('contact', false)}
      {field(
        'smsText',
        true,
        3,
        <p id={`${smsId}-count`} className={`counter ${sms.fits ? '' : 'over'}`}>
          <span aria-live="polite" data-testid="sms-counter">
            {t('counter.sms', { segments: sms.segments, encoding: isolate(sms.encoding), units: sms.units })}
            {sms.fits ? '' : ` ${t('counter.smsTooLong')}`}
          </span>{' '}
          <span>{t('counter.smsLeft', { left: sms.remainingInSegment })}</span>
          {sms.forcing.length > 0 ? <span className="muted"> {t('counter.forcing', { characters: sms.forcing.join(' ') })}</span> : null}
        </p>,
      )}
      {field(
        'broadcastText',
        true,
        3,
        <p id={`${broadcastId}-count`} className={`counter ${broadcast <= TEXT_LIMITS.broadcastText ? '' : 'over'}`}>
          {t('counter.broadcast', { length: broadcast, limit: TEXT_LIMITS.broadcastText })}
        </p>,
      )}
    </fieldset>
  );
}
