// One unidentified person or remains: every feature recorded, the marks, the photos, and (for an open record and
// an officer who may write) editing, identifying and closing, each with the version the officer saw. Opening the
// page is an audited view, so the answer of each change is shown rather than reading the record again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { EditUnidentified } from './EditUnidentified.tsx';
import { ResolveUnidentified } from './ResolveUnidentified.tsx';
import { UnidentifiedPhotos } from './UnidentifiedPhotos.tsx';
import { useRangeText } from './ranges.ts';
import { CandidateSection } from '../matching/CandidateSection.tsx';
import type { UnidentifiedView } from './types.ts';
import '../cases/cases.css';
import './unidentified.css';

/** What the sections of the page share: the record as last answered, and how to replace or re-read it. */
export interface RecordContext {
  view: UnidentifiedView;
  onChanged: (view: UnidentifiedView) => void;
  reload: () => Promise<UnidentifiedView | undefined>;
}

export function UnidentifiedPage() {
  const { t } = useTranslation('unidentified');
  const { unidentifiedId = '' } = useParams();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const key = keys.unidentified(unidentifiedId);
  const {
    data: view,
    error,
    refetch,
  } = useQuery({ queryKey: key, queryFn: () => get<UnidentifiedView>(`/unidentified/${unidentifiedId}`) });

  if (error) {
    return (
      <main id="main">
        <PageHeading>{t('page.unavailable')}</PageHeading>
        <ErrorMessage error={error} />
        <p>
          <Link to="/unidentified">{t('back')}</Link>
        </p>
      </main>
    );
  }
  if (!view) return <Loading />;

  const context: RecordContext = {
    view,
    onChanged: (next) => {
      queryClient.setQueryData(key, next);
      void queryClient.invalidateQueries({ queryKey: keys.unidentifiedLists });
    },
    reload: async () => (await refetch()).data,
  };
  const writable = can('unidentified:write') && view.status === 'open';
  return (
    <main id="main">
      <p>
        <Link to="/unidentified">{t('back')}</Link>
      </p>
      <PageHeading>{t('page.title', { reference: view.reference })}</PageHeading>
      <div className="badges">
        <span className="badge">{t(`kind.${view.kind}`)}</span>
        <span className={`badge ${view.status === 'open' ? 'open' : ''}`}>{t(`status.${view.status}`)}</span>
      </div>
      <RecordFacts view={view} />
      <MarksList view={view} />
      <UnidentifiedPhotos context={context} canUpload={writable} />
      <CandidateSection of="unidentified" id={view.id} />
      {writable ? <EditUnidentified key={view.id} context={context} /> : null}
      {writable ? <ResolveUnidentified context={context} /> : null}
    </main>
  );
}

function RecordFacts({ view }: { view: UnidentifiedView }) {
  const { t } = useTranslation('unidentified');
  const range = useRangeText();
  const word = (group: string, value: string | null) => (value === null ? t('notKnown') : t(`${group}.${value}`, { defaultValue: value }));
  const orNone = (value: string | null) => (value ? value : '—');
  return (
    <section className="section" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{t('page.facts')}</h2>
      <dl className="facts">
        <dt>{t('field.owner')}</dt>
        <dd>{view.owningOrganisation.name}</dd>
        <dt>{t('field.foundAt')}</dt>
        <dd>
          <DateTime value={view.found.at} />
        </dd>
        <dt>{t('field.place')}</dt>
        <dd>{view.found.place}</dd>
        <dt>{t('page.point')}</dt>
        <dd>{t('page.lonLat', { lon: view.found.lon, lat: view.found.lat })}</dd>
        <dt>{t('field.sex')}</dt>
        <dd>{t(`sex.${view.sex}`)}</dd>
        <dt>{t('page.age')}</dt>
        <dd>{range(view.age, 'years')}</dd>
        <dt>{t('page.height')}</dt>
        <dd>{range(view.heightCm, 'cm')}</dd>
        <dt>{t('field.build')}</dt>
        <dd>{word('build', view.build)}</dd>
        <dt>{t('field.hairColour')}</dt>
        <dd>{word('hair', view.hairColour)}</dd>
        <dt>{t('field.eyeColour')}</dt>
        <dd>{word('eyes', view.eyeColour)}</dd>
        <dt>{t('field.clothing')}</dt>
        <dd>{orNone(view.clothing)}</dd>
        <dt>{t('field.belongings')}</dt>
        <dd>{orNone(view.belongings)}</dd>
        <dt>{t('field.dentalReference')}</dt>
        <dd>{orNone(view.dentalReference)}</dd>
        <dt>{t('field.dnaReference')}</dt>
        <dd>{orNone(view.dnaReference)}</dd>
        <dt>{t('field.notes')}</dt>
        <dd>{orNone(view.notes)}</dd>
        {view.identifiedCaseId ? (
          <>
            <dt>{t('page.identifiedAs')}</dt>
            <dd>
              <Link to={`/cases/${view.identifiedCaseId}`}>{t('page.openCase')}</Link>
            </dd>
          </>
        ) : null}
        {view.resolvedAt ? (
          <>
            <dt>{t('page.resolvedAt')}</dt>
            <dd>
              <DateTime value={view.resolvedAt} />
            </dd>
            <dt>{t('page.resolutionNotes')}</dt>
            <dd>{orNone(view.resolutionNotes)}</dd>
          </>
        ) : null}
        <dt>{t('page.recorded')}</dt>
        <dd>
          <DateTime value={view.createdAt} />
        </dd>
        <dt>{t('page.updated')}</dt>
        <dd>
          <DateTime value={view.updatedAt} />
        </dd>
      </dl>
    </section>
  );
}

function MarksList({ view }: { view: UnidentifiedView }) {
  const { t } = useTranslation('unidentified');
  return (
    <section className="section" aria-labelledby="marks-heading">
      <h2 id="marks-heading">{t('marks.title')}</h2>
      {view.marks.length === 0 ? (
        <p>{t('marks.none')}</p>
      ) : (
        <ul className="marks-list">
          {view.marks.map((mark, i) => (
            <li key={i}>
              <strong>{t(`markKind.${mark.kind}`, { defaultValue: mark.kind })}</strong>
              {' · '}
              {t(`body.${mark.bodyLocation}`, { defaultValue: mark.bodyLocation })}
              {mark.description ? <>: {mark.description}</> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
