// One case: the child, last seen, episodes, risk grading, photos, closing, sharing and the audit trail.
// Sensitive cases ask for the reason first (the API answers 428 until the X-Access-Reason header comes), and
// that reason goes with every request made for this case while the page is open.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import { ApiError, get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateOnly, DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { BaseMap } from '../map/BaseMap.tsx';
import { RiskBadge } from './CaseList.tsx';
import { EditCase } from './EditCase.tsx';
import { ReasonForm } from './ReasonForm.tsx';
import { RiskSection } from './RiskSection.tsx';
import { PhotoSection } from './PhotoSection.tsx';
import { CloseCase } from './CaseActions.tsx';
import { ShareDialog } from '../sharing/ShareDialog.tsx';
import { Contributions } from '../sharing/Contributions.tsx';
import { CaseInterviewSection } from '../interviews/CaseInterviewSection.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { AppealSection } from '../appeals/AppealSection.tsx';
import { CandidateSection } from '../matching/CandidateSection.tsx';
import { ChildMerges } from '../register/ChildMerges.tsx';
import type { CaseView, WithheldCaseView } from './types.ts';
import './cases.css';

/** What the sections of a case page share: how to call the API for this case, and how to pass on a change. */
export interface CaseContext {
  view: CaseView;
  headers: Record<string, string>;
  onChanged(view: CaseView | WithheldCaseView): void;
  /** Fetches the case again; gives the newest view. */
  reload(): Promise<CaseView | undefined>;
  editable: boolean;
}

function LastSeenMap({ lon, lat, label }: { lon: number; lat: number; label: string }) {
  const mapRef = useRef<L.Map | null>(null);
  const markRef = useRef<L.CircleMarker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    markRef.current?.remove();
    markRef.current = L.circleMarker([lat, lon], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.4 }).addTo(map);
    map.setView([lat, lon], 9);
  }, [lon, lat]);
  return (
    <BaseMap
      label={label}
      className="case-map"
      center={[lat, lon]}
      zoom={9}
      onReady={(map) => {
        mapRef.current = map;
        markRef.current = L.circleMarker([lat, lon], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.4 }).addTo(map);
      }}
    />
  );
}

/** Whole years from a date of birth (YYYY-MM-DD) to today. */
function yearsSince(dateOfBirth: string): number | null {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  if (!y || !m || !d) return null;
  const today = new Date();
  let years = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) years -= 1;
  return years;
}

/**
 * The case's sections as a bar that stays at the top while the page scrolls: each link moves to its section
 * and takes focus there, the one in view is marked, and the address keeps it (#risk-heading), so a reload
 * or a shared link opens at the same section.
 */
function CaseSections({ label, sections }: { label: string; sections: { id: string; label: string }[] }) {
  const [current, setCurrent] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const ids = sections.map((section) => section.id).join(' ');
  // On arrival with a section in the address: go there once the page has drawn it.
  const goToArrival = useEffectEvent(() => {
    const target = document.getElementById(current);
    if (target && sections.some((section) => section.id === current)) target.scrollIntoView({ block: 'start' });
  });
  useEffect(() => goToArrival(), []);
  // Mark the section being read as the page scrolls.
  useEffect(() => {
    const headings = ids
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter((h): h is HTMLElement => h !== null);
    const onScroll = () => {
      // At the foot of the page the last sections cannot reach the top: keep the one chosen.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) return;
      const bar = document.querySelector('.case-sections')?.getBoundingClientRect().bottom ?? 0;
      let reading = '';
      for (const heading of headings) if (heading.getBoundingClientRect().top <= bar + 24) reading = heading.id;
      if (reading) setCurrent(reading);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [ids]);
  return (
    <nav aria-label={label} className="jump case-sections">
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <a
              href={`#${section.id}`}
              aria-current={current === section.id ? 'location' : undefined}
              onClick={(event) => {
                const target = document.getElementById(section.id);
                if (!target) return;
                event.preventDefault();
                window.history.replaceState(window.history.state, '', `#${section.id}`);
                setCurrent(section.id);
                target.setAttribute('tabindex', '-1');
                target.scrollIntoView({ block: 'start' });
                target.focus({ preventScroll: true });
              }}
            >
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The case's reference, force, area and report time; once closed, when and how. */
function CaseFacts({ view }: { view: CaseView }) {
  const { t } = useTranslation('cases');
  return (
    <dl className="facts">
      <dt>{t('case.reference')}</dt>
      <dd>{view.reference}</dd>
      <dt>{t('case.force')}</dt>
      <dd>{view.owningOrganisation.name}</dd>
      <dt>{t('case.area')}</dt>
      <dd>{view.jurisdiction.name}</dd>
      <dt>{t('case.reported')}</dt>
      <dd>
        <DateTime value={view.reportedAt} />
      </dd>
      {view.closedAt ? (
        <>
          <dt>{t('case.closedAt')}</dt>
          <dd>
            <DateTime value={view.closedAt} />
          </dd>
          <dt>{t('close.outcome')}</dt>
          <dd>{view.outcome ? t(`outcome.${view.outcome}`) : '—'}</dd>
          {view.outcomeNotes ? (
            <>
              <dt>{t('close.notes')}</dt>
              <dd>{view.outcomeNotes}</dd>
            </>
          ) : null}
        </>
      ) : null}
    </dl>
  );
}

export function CasePage() {
  const { caseId = '' } = useParams();
  // Another case (an episode link) starts afresh: its own load, and its own reason if it is sensitive.
  return <CaseScreen key={caseId} caseId={caseId} />;
}

function CaseScreen({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const { can } = useSession();
  const [reason, setReason] = useState<string>();
  const queryClient = useQueryClient();

  // Header values must be Latin-1, and reasons are written in Welsh, Polish, Arabic…: sent percent-encoded.
  const headers: Record<string, string> = reason ? { 'x-access-reason': encodeURIComponent(reason) } : {};
  const caseKey = keys.case(caseId, reason);
  const loaded = useQuery({
    queryKey: caseKey,
    queryFn: () => get<CaseView>(`/cases/${caseId}`, reason ? { 'x-access-reason': encodeURIComponent(reason) } : undefined),
  });
  const { data: view, error, isFetching: loading } = loaded;
  /** Reads the case again; the latest view, or undefined when the read is refused. */
  const load = async (): Promise<CaseView | undefined> => {
    const result = await loaded.refetch();
    return result.error ? undefined : result.data;
  };
  const setView = (next: CaseView) => {
    queryClient.setQueryData(caseKey, next);
    void queryClient.invalidateQueries({ queryKey: keys.caseLists });
  };

  const needsReason = error instanceof ApiError && error.status === 428;
  if (needsReason) return <ReasonForm onReason={setReason} detail={reason ? error.problem.detail : undefined} />;

  if (!view) {
    // Administrators read the audit trail of their area's cases without reading the case itself.
    const auditOnly = error instanceof ApiError && error.status === 403 && can('case:audit');
    return (
      <main id="main">
        <PageHeading>{loading ? t('case.loadingTitle') : t('case.unavailable')}</PageHeading>
        {loading ? <Loading /> : null}
        {auditOnly ? null : <ErrorMessage error={error} />}
        {auditOnly ? <AuditTrail caseId={caseId} headers={headers} /> : null}
        <p>
          <Link to="/cases">{t('case.backToList')}</Link>
        </p>
      </main>
    );
  }

  const { child } = view;
  const open = view.status === 'open';
  // A write answers without the child when it went without a reason (src/cases/disclosure.ts): look again,
  // which asks for the reason, rather than show a case with nobody in it.
  const onChanged = (next: CaseView | WithheldCaseView) => (next.identityWithheld ? void load() : setView(next));
  const context: CaseContext = { view, headers, onChanged, reload: load, editable: open && can('case:update') };
  const name = child.knownAs ? `${child.givenNames} “${child.knownAs}” ${child.familyName}` : `${child.givenNames} ${child.familyName}`;
  const age = child.dateOfBirth ? yearsSince(child.dateOfBirth) : child.estimatedAge;

  return (
    <main id="main">
      <p>
        <Link to="/cases">{t('case.backToList')}</Link>
      </p>
      <PageHeading>{name}</PageHeading>
      <div className="badges">
        <span className={`badge ${view.status}`}>{t(`status.${view.status}`)}</span>
        <RiskBadge level={view.risk.level} />
        {view.sensitive ? <span className="badge sensitive">{t('case.sensitive')}</span> : null}
        {view.exercise ? <span className="badge exercise">{t('case.exercise')}</span> : null}
      </div>
      <CaseFacts view={view} />
      {open && can('alert:request') ? (
        <p className="actions">
          <Link className="button" to={`/alerts/new?case=${view.id}`}>
            {t('case.requestAlert')}
          </Link>
        </p>
      ) : null}
      {!can('case:update') ? <p className="notice">{t('case.readOnly')}</p> : null}
      <CaseSections
        label={t('case.onThisPage')}
        sections={[
          { id: 'child-heading', label: t('case.child') },
          { id: 'last-seen-heading', label: t('case.lastSeen') },
          { id: 'episodes-heading', label: t('episodes.title') },
          { id: 'risk-heading', label: t('risk.title') },
          { id: 'photos-heading', label: t('photos.title') },
          ...(can('appeal:publish') ? [{ id: 'appeal-heading', label: t('appeals:section.title') }] : []),
          ...(can('match:read') ? [{ id: 'candidates-heading', label: t('case.candidates') }] : []),
          { id: 'merges-heading', label: t('case.merges') },
          ...(open && can('case:close') ? [{ id: 'close-heading', label: t('close.title') }] : []),
          ...(can('interview:read') ? [{ id: 'interview-heading', label: t('interviews:case.title') }] : []),
          ...(can('case:audit') ? [{ id: 'audit-heading', label: t('audit.title') }] : []),
        ]}
      />

      <div className="case-layout">
        <section className="section" aria-labelledby="child-heading">
          <h2 id="child-heading">{t('case.child')}</h2>
          <dl className="facts">
            <dt>{t('child.dateOfBirth')}</dt>
            <dd>{child.dateOfBirth ? <DateOnly value={child.dateOfBirth} /> : '—'}</dd>
            <dt>{child.dateOfBirth ? t('case.age') : t('child.estimatedAge')}</dt>
            <dd>{age ?? '—'}</dd>
            <dt>{t('child.sex')}</dt>
            <dd>{t(`sex.${child.sex}`)}</dd>
            <dt>{t('child.aliases')}</dt>
            <dd>{child.aliases.length ? child.aliases.join(', ') : '—'}</dd>
            <dt>{t('child.heightCm')}</dt>
            <dd>{child.heightCm ?? '—'}</dd>
            <dt>{t('child.build')}</dt>
            <dd>{child.build ?? '—'}</dd>
            <dt>{t('child.hairColour')}</dt>
            <dd>{child.hairColour ?? '—'}</dd>
            <dt>{t('child.eyeColour')}</dt>
            <dd>{child.eyeColour ?? '—'}</dd>
            <dt>{t('child.marks')}</dt>
            <dd>{child.distinguishingMarks ?? '—'}</dd>
            <dt>{t('child.languages')}</dt>
            <dd>{child.languages.length ? child.languages.join(', ') : '—'}</dd>
          </dl>
        </section>

        <section className="section" aria-labelledby="last-seen-heading">
          <h2 id="last-seen-heading">{t('case.lastSeen')}</h2>
          <dl className="facts">
            <dt>{t('lastSeen.at')}</dt>
            <dd>
              <DateTime value={view.lastSeen.at} />
            </dd>
            <dt>{t('lastSeen.place')}</dt>
            <dd>{view.lastSeen.place}</dd>
            <dt>{t('lastSeen.position')}</dt>
            <dd>
              {view.lastSeen.lat.toFixed(5)}, {view.lastSeen.lon.toFixed(5)}
            </dd>
            <dt>{t('case.circumstances')}</dt>
            <dd>{view.circumstances || '—'}</dd>
            <dt>{t('case.clothing')}</dt>
            <dd>{view.clothing || '—'}</dd>
            <dt>{t('case.vehicle')}</dt>
            <dd>{view.vehicle || '—'}</dd>
            <dt>{t('case.suspect')}</dt>
            <dd>{view.suspect || '—'}</dd>
          </dl>
          <LastSeenMap lon={view.lastSeen.lon} lat={view.lastSeen.lat} label={t('case.mapLabel', { place: view.lastSeen.place })} />
        </section>
      </div>

      {context.editable ? <EditCase context={context} /> : null}

      <section className="section" aria-labelledby="episodes-heading">
        <h2 id="episodes-heading">{t('episodes.title')}</h2>
        <p>{view.episodes.total > 1 ? t('episodes.repeat', { count: view.episodes.total }) : t('episodes.first')}</p>
        <ul className="history">
          {view.episodes.items.map((episode) => (
            <li key={episode.id}>
              {episode.id === view.id ? (
                <strong aria-current="page">
                  {episode.reference} ({t('episodes.this')})
                </strong>
              ) : (
                <Link to={`/cases/${episode.id}`}>{episode.reference}</Link>
              )}{' '}
              · <DateTime value={episode.reportedAt} /> · {t(`status.${episode.status}`)}
              {episode.outcome ? ` · ${t(`outcome.${episode.outcome}`)}` : ''}
            </li>
          ))}
        </ul>
        {can('case:create') && !open ? (
          <p>
            <Link className="button secondary" to={`/cases?record=episode&child=${child.id}`}>
              {t('episodes.record')}
            </Link>
          </p>
        ) : null}
      </section>

      <RiskSection context={context} canGrade={open && can('case:grade')} />
      <PhotoSection context={context} canUpload={open && can('photo:upload')} />
      {can('appeal:publish') ? <AppealSection context={context} /> : null}
      <CandidateSection of="case" id={view.id} headers={headers} />
      <ChildMerges view={view} onChanged={load} />
      {open && can('case:close') ? <CloseCase context={context} /> : null}
      {can('interview:read') ? (
        <CaseInterviewSection caseId={view.id} headers={headers} canGrade={open && can('case:grade')} onAnswersAdded={() => void load()} />
      ) : null}
      {can('case:share') ? <ShareDialog context={context} /> : view.shares.length ? <ShareDialog context={context} readOnly /> : null}
      <Contributions path={`/cases/${view.id}/contributions`} headers={headers} />
      {can('case:audit') ? <AuditTrail caseId={view.id} headers={headers} /> : null}
    </main>
  );
}
