// A case shared with the reader's organisation: only the fields its share names (the server sends no others),
// and a form to add what the organisation knows, which the police see with its source.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateOnly, DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { ReasonForm } from '../cases/ReasonForm.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { InterviewSummary } from '../interviews/InterviewPage.tsx';
import { CONTRIBUTION_CATEGORIES, type ContributionView, type SharedCaseAnswer } from './types.ts';
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

function AddInformation({ caseId, onAdded }: { caseId: string; onAdded: (added: ContributionView) => void }) {
  const { t } = useTranslation('sharing');
  const [category, setCategory] = useState<(typeof CONTRIBUTION_CATEGORIES)[number]>('whereabouts');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    try {
      onAdded(await post<ContributionView>(`/shared-cases/${caseId}/contributions`, { category, text: text.trim() }));
      setText('');
      setMessage(t('add.done'));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="add-heading" className="section">
      <h2 id="add-heading">{t('add.title')}</h2>
      <p className="hint">{t('add.intro')}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <FormProblem error={error} labels={{ '/body/category': t('add.category'), '/body/text': t('add.text') }} />
      <Field label={t('add.category')} pointer="/body/category" error={error}>
        {(p) => (
          <select {...p} value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
            {CONTRIBUTION_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('add.text')} pointer="/body/text" error={error}>
        {(p) => <textarea {...p} rows={4} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit">{t('add.submit')}</button>
    </form>
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
          {view.contributions.length ? (
            <section className="section" aria-labelledby="yours-heading">
              <h2 id="yours-heading">{t('add.yours')}</h2>
              <ul className="history">
                {view.contributions.map((c) => (
                  <li key={c.id}>
                    <strong>{t(`category.${c.category}`)}</strong> · <DateTime value={c.addedAt} /> · {c.addedBy}
                    <br />
                    {c.text}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {can('share:contribute') ? (
            <AddInformation
              caseId={caseId}
              onAdded={(added) => client.setQueryData(key, { ...view, contributions: [...view.contributions, added] })}
            />
          ) : null}
        </>
      ) : null}
    </main>
  );
}
