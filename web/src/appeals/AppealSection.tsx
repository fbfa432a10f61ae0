// The case page's long-term appeal, for those who may publish one: publish it with the consent the policy
// requires, see its state, review date and photos, add a current or age-progressed photo, record a review
// (the next review date) and withdraw it. What is public of it is linked, never copied here.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateOnly, DateTime, ErrorMessage, Loading } from '../app/ui.tsx';
import type { CaseContext } from '../cases/CasePage.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { PublishAppealForm } from './PublishAppealForm.tsx';
import {
  APPEAL_PHOTO_KINDS,
  WITHDRAWAL_REASONS,
  appealPagePath,
  appealPhotoPath,
  type AppealList,
  type AppealView,
  type ChangeAppealRequest,
} from './types.ts';
import './appeals.css';

/** What the forms of a published appeal share: the appeal, how to call the API for its case, how to pass on a change. */
interface AppealContext {
  appeal: AppealView;
  headers: Record<string, string>;
  onChanged: (next?: AppealView) => void;
  setMessage: (message: string) => void;
}

export function ReviewBadge({ appeal }: { appeal: AppealView }) {
  const { t } = useTranslation('appeals');
  if (appeal.state !== 'published') return <span className="badge closed">{t('state.withdrawn')}</span>;
  return appeal.reviewOverdue ? (
    <span className="badge warn">{t('review.overdue')}</span>
  ) : (
    <span className="badge ok">{t('state.published')}</span>
  );
}

export function AppealSection({ context }: { context: CaseContext }) {
  const { t } = useTranslation('appeals');
  const { can } = useSession();
  const queryClient = useQueryClient();
  const { view, headers } = context;
  const [message, setMessage] = useState('');
  const key = keys.appealsOfCase(view.id, headers['x-access-reason']);
  const appeals = useQuery({ queryKey: key, queryFn: () => get<AppealList>(`/long-term-appeals?caseId=${view.id}`, headers) });
  const onChanged = (next?: AppealView) => {
    if (next)
      queryClient.setQueryData<AppealList>(key, (old) => ({ items: [next, ...(old?.items ?? []).filter((a) => a.id !== next.id)] }));
    else void appeals.refetch();
    void queryClient.invalidateQueries({ queryKey: keys.appealReviews });
  };
  const items = appeals.data?.items ?? [];
  const current = items.find((appeal) => appeal.state === 'published');
  const withdrawn = items.filter((appeal) => appeal.state === 'withdrawn');
  const mayPublish = !current && view.status === 'open' && !view.exercise && can('appeal:publish');

  return (
    <section className="section appeal-section" aria-labelledby="appeal-heading">
      <h2 id="appeal-heading">{t('section.title')}</h2>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      {appeals.isLoading ? <Loading /> : null}
      <ErrorMessage error={appeals.error} />
      {appeals.data && !current ? <p>{view.exercise ? t('section.exercise') : t('section.none')}</p> : null}
      {current ? <PublishedAppeal context={{ appeal: current, headers, onChanged, setMessage }} caseView={context.view} /> : null}
      {mayPublish && appeals.data ? (
        <PublishAppealForm
          caseId={view.id}
          headers={headers}
          onPublished={(appeal) => {
            setMessage(t('publish.done'));
            onChanged(appeal);
          }}
        />
      ) : null}
      {withdrawn.length ? (
        <>
          <h3>{t('section.earlier')}</h3>
          <ul className="history">
            {withdrawn.map((appeal) => (
              <li key={appeal.id}>
                {t('section.withdrawnOn')} <DateTime value={appeal.withdrawnAt} />
                {appeal.withdrawnReason ? ` · ${t(`withdraw.reason.${appeal.withdrawnReason}`)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function PublishedAppeal({ context, caseView }: { context: AppealContext; caseView: CaseContext['view'] }) {
  const { t } = useTranslation('appeals');
  const { can } = useSession();
  const { appeal } = context;
  const photoCount = appeal.photos.length;
  return (
    <>
      <dl className="facts">
        <dt>{t('facts.state')}</dt>
        <dd>
          <ReviewBadge appeal={appeal} />
        </dd>
        <dt>{t('facts.reviewDue')}</dt>
        <dd>
          <DateOnly value={appeal.reviewDueOn} />
        </dd>
        <dt>{t('facts.published')}</dt>
        <dd>
          <DateTime value={appeal.publishedAt} />
        </dd>
        <dt>{t('facts.consent')}</dt>
        <dd>
          {t(`consent.basis.${appeal.consent.basis}`)} · {appeal.consent.givenBy} · <DateTime value={appeal.consent.recordedAt} />
        </dd>
        <dt>{t('facts.languages')}</dt>
        <dd>{appeal.contents.map((content) => content.language).join(', ')}</dd>
        <dt>{t('facts.publicPage')}</dt>
        <dd>
          <a href={appealPagePath(appeal.slug)} target="_blank" rel="noreferrer">
            {t('facts.openPublicPage')}
          </a>
        </dd>
      </dl>
      <h3 id="appeal-photos-heading">{t('photos.title')}</h3>
      {photoCount === 0 ? <p>{t('photos.none')}</p> : null}
      <ul className="photos" aria-labelledby="appeal-photos-heading">
        {appeal.photos.map((photo) => (
          <li key={photo.position}>
            <figure>
              <img
                src={appealPhotoPath(appeal.slug, photo.position)}
                alt={t(`photos.alt.${photo.kind}`, { name: appeal.fullName, n: photo.position + 1 })}
                width={160}
                height={200}
                loading="lazy"
              />
              <figcaption>
                {t(`photos.kind.${photo.kind}`)} · <DateTime value={photo.addedAt} />
              </figcaption>
            </figure>
          </li>
        ))}
      </ul>
      {can('appeal:publish') ? <AddAppealPhoto context={context} caseView={caseView} /> : null}
      {can('appeal:publish') ? <RecordReview context={context} /> : null}
      {can('appeal:withdraw') ? <WithdrawAppeal context={context} /> : null}
    </>
  );
}

function AddAppealPhoto({ context, caseView }: { context: AppealContext; caseView: CaseContext['view'] }) {
  const { t } = useTranslation('appeals');
  const [photoId, setPhotoId] = useState('');
  const [kind, setKind] = useState<(typeof APPEAL_PHOTO_KINDS)[number]>('photo');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const labels = { '/body/photoId': t('photos.choose'), '/body/kind': t('photos.kindLabel') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    try {
      const next = await post<AppealView>(`/long-term-appeals/${context.appeal.id}/photos`, { photoId, kind }, context.headers);
      setPhotoId('');
      context.setMessage(t('photos.added'));
      context.onChanged(next);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="appeal-add-photo-heading">
      <h3 id="appeal-add-photo-heading">{t('photos.add')}</h3>
      <p className="hint">{t('photos.addHint')}</p>
      <FormProblem error={error} labels={labels} />
      {caseView.photos.length === 0 ? (
        <p>{t('photos.noCasePhotos')}</p>
      ) : (
        <>
          <Field label={labels['/body/photoId']} pointer="/body/photoId" error={error}>
            {(p) => (
              <select {...p} value={photoId} onChange={(e) => setPhotoId(e.target.value)}>
                <option value="">{t('form.choose')}</option>
                {caseView.photos.map((photo, i) => (
                  <option key={photo.id} value={photo.id}>
                    {photo.caption
                      ? t('photos.casePhotoCaptioned', { n: i + 1, caption: photo.caption })
                      : t('photos.casePhoto', { n: i + 1 })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="field">
            <legend>{labels['/body/kind']}</legend>
            {APPEAL_PHOTO_KINDS.map((value) => (
              <label key={value} className="appeal-choice">
                <input type="radio" name="appeal-photo-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />{' '}
                {t(`photos.kind.${value}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={saving}>
            {t('photos.submit')}
          </button>
        </>
      )}
    </form>
  );
}

function RecordReview({ context }: { context: AppealContext }) {
  const { t } = useTranslation('appeals');
  const [reviewDueOn, setReviewDueOn] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const label = t('review.next');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    try {
      const body: ChangeAppealRequest = { version: context.appeal.version, reviewDueOn };
      const next = await patch<AppealView>(`/long-term-appeals/${context.appeal.id}`, body, context.headers);
      setReviewDueOn('');
      context.setMessage(t('review.done'));
      context.onChanged(next);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="appeal-review-heading">
      <h3 id="appeal-review-heading">{t('review.title')}</h3>
      <p className="hint">{t('review.intro')}</p>
      <FormProblem error={error} labels={{ '/body/reviewDueOn': label }} />
      <Field label={label} pointer="/body/reviewDueOn" error={error} hint={t('review.hint')}>
        {(p) => <input {...p} type="date" value={reviewDueOn} onChange={(e) => setReviewDueOn(e.target.value)} />}
      </Field>
      <button type="submit" disabled={saving}>
        {t('review.submit')}
      </button>
    </form>
  );
}

function WithdrawAppeal({ context }: { context: AppealContext }) {
  const { t } = useTranslation('appeals');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMissing(!reason);
    if (!reason) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setSaving(true);
    try {
      await post(`/long-term-appeals/${context.appeal.id}/withdraw`, { reason }, context.headers);
      context.setMessage(t('withdraw.done'));
      context.onChanged();
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="appeal-withdraw-heading">
      <h3 id="appeal-withdraw-heading">{t('withdraw.title')}</h3>
      <p className="hint">{t('withdraw.intro')}</p>
      <FormProblem error={error} labels={{ '/body/reason': t('withdraw.reasonLabel') }} />
      <div className={`field${missing ? ' invalid' : ''}`}>
        <label htmlFor="appeal-withdraw-reason">{t('withdraw.reasonLabel')}</label>
        {missing ? (
          <p id="appeal-withdraw-reason-problem" className="field-problem">
            {t('withdraw.chooseReason')}
          </p>
        ) : null}
        <select
          id="appeal-withdraw-reason"
          value={reason}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? 'appeal-withdraw-reason-problem' : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setConfirming(false);
          }}
        >
          <option value="">{t('form.choose')}</option>
          {WITHDRAWAL_REASONS.map((value) => (
            <option key={value} value={value}>
              {t(`withdraw.reason.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {confirming ? (
        <p role="alert" className="problem">
          {t('withdraw.confirm')}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="danger" disabled={saving}>
          {confirming ? t('withdraw.confirmButton') : t('withdraw.submit')}
        </button>
        {confirming ? (
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('form.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
