// A case shared with the reader's organisation: only the fields its share names (the server sends no others),
// and a form to add what the organisation knows, which the police see with its source.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateOnly, DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { ReasonForm } from '../cases/ReasonForm.tsx';
import { InterviewSummary } from '../interviews/InterviewPage.tsx';
import { AddInformation, OwnContributions } from './AddInformation.tsx';
import type { SharedCaseAnswer } from './types.ts';
import '../cases/cases.css';
import './sharing.css';

function SharedFields({ view }: { view: SharedCaseAnswer }) {
  const { t } = useTranslation('sharing');
  const { t: tc } = useTranslation('cases');
  const { identity, description, lastSeen, circumstances, risk, episodes, outcome } = view;
  return (
    <dl className="facts">
      {identity ? (
        <>
          <dt>{t('field.identity')}</dt>
          <dd>
            {identity.givenNames} {identity.knownAs ? `“${identity.knownAs}” ` : ''}
            {identity.familyName} · <DateOnly value={identity.dateOfBirth} /> ·{' '}
            {identity.age === null ? '' : t('shared.age', { age: identity.age })}
          </dd>
        </>
      ) : null}
      {description ? (
        <>
          <dt>{t('field.description')}</dt>
          <dd>
            {[
              description.heightCm ? `${description.heightCm} cm` : '',
              description.build,
              description.hairColour,
              description.eyeColour,
              description.distinguishingMarks,
            ]
              .filter(Boolean)
              .join(' · ') || '—'}
          </dd>
        </>
      ) : null}
      {lastSeen ? (
        <>
          <dt>{t('field.lastSeen')}</dt>
          <dd>
            <DateTime value={lastSeen.at} /> · {lastSeen.place}
          </dd>
        </>
      ) : null}
      {circumstances ? (
        <>
          <dt>{t('field.circumstances')}</dt>
          <dd>
            {[circumstances.circumstances, circumstances.clothing, circumstances.vehicle, circumstances.suspect]
              .filter(Boolean)
              .join(' · ')}
          </dd>
        </>
      ) : null}
      {risk ? (
        <>
          <dt>{t('field.risk')}</dt>
          <dd>
            {risk.level ? tc(`risk.level.${risk.level}`) : '—'}
            <ul>
              {risk.answers.map((a) => (
                <li key={a.question}>
                  {tc(`questions.${a.question}`)} {tc(`answer.${a.answer}`)}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {episodes ? (
        <>
          <dt>{t('field.episodes')}</dt>
          <dd>{t('shared.episodesTotal', { count: episodes.total })}</dd>
        </>
      ) : null}
      {outcome ? (
        <>
          <dt>{t('field.outcome')}</dt>
          <dd>
            {outcome.outcome ? tc(`outcome.${outcome.outcome}`) : '—'} {outcome.closedAt ? <DateTime value={outcome.closedAt} /> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function SharedCasePage() {
  const { t } = useTranslation('sharing');
  const { t: ti } = useTranslation('interviews');
  const { caseId = '' } = useParams();
  const { can } = useSession();
  const client = useQueryClient();
  // A case marked sensitive opens only with a reason, as on the case page: kept while the page is open, sent
  // percent-encoded (reasons are written in every console language) and recorded with the reading.
  const [reason, setReason] = useState<string>();
  const key = ['shared-cases', caseId, reason ?? ''];
  const shared = useQuery({
    queryKey: key,
    queryFn: () => get<SharedCaseAnswer>(`/shared-cases/${caseId}`, reason ? { 'x-access-reason': encodeURIComponent(reason) } : undefined),
    gcTime: SENSITIVE_GC_MS,
  });
  const view = shared.data;
  if (shared.error instanceof ApiError && shared.error.status === 428)
    return (
      <ReasonForm
        onReason={setReason}
        back={{ to: '/shared', label: t('shared.back') }}
        {...(reason ? { detail: shared.error.problem.detail ?? '' } : {})}
      />
    );
  return (
    <main id="main">
      <p>
        <Link to="/shared">{t('shared.back')}</Link>
      </p>
      {shared.isPending ? <Loading /> : null}
      <ErrorMessage error={shared.error} />
      {view ? (
        <>
          <PageHeading>{t('shared.pageTitle', { reference: view.reference })}</PageHeading>
          <p className="notice">{t('shared.onlyFields', { fields: view.share.fields.map((f) => t(`field.${f}`)).join(', ') })}</p>
          <dl className="facts">
            <dt>{t('shared.from')}</dt>
            <dd>{view.owningOrganisation.name}</dd>
            <dt>{t('shared.purpose')}</dt>
            <dd>{t(`purpose.${view.share.purpose}`)}</dd>
            <dt>{t('shared.reason')}</dt>
            <dd>{view.share.reason}</dd>
            <dt>{t('shared.until')}</dt>
            <dd>
              <DateTime value={view.share.endsAt} />
            </dd>
          </dl>
          <section className="section" aria-labelledby="shared-fields">
            <h2 id="shared-fields">{t('dialog.fields')}</h2>
            <SharedFields view={view} />
          </section>
          {view.returnInterview ? (
            <section className="section" aria-labelledby="shared-interview">
              <h2 id="shared-interview">{ti('case.title')}</h2>
              <InterviewSummary interview={view.returnInterview} />
            </section>
          ) : null}
          <OwnContributions items={view.contributions} />
          {can('share:contribute') ? (
            <AddInformation
              path={`/shared-cases/${caseId}/contributions`}
              intro={t('add.intro')}
              onAdded={(added) => client.setQueryData(key, { ...view, contributions: [...view.contributions, added] })}
            />
          ) : null}
        </>
      ) : null}
    </main>
  );
}
