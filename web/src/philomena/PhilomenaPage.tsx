// One Philomena profile: everything the writer knows of the child, the register's episodes the reader may see,
// and what the reader may do with it: the writer reviews it or reports the child missing; the police of the
// area make the case from it in one action ("Report missing now"), everything pre-filled.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { DateOnly, DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { Field } from '../cases/forms.tsx';
import { EditProfile } from './EditProfile.tsx';
import { ProfilePhotos } from './ProfilePhotos.tsx';
import { NeedToKnowShares } from '../sharing/ShareDialog.tsx';
import { Contributions } from '../sharing/Contributions.tsx';
import { PROFILE_SHARE_FIELDS, PROFILE_SHARE_TEMPLATES } from '../../../src/cases/share-fields.ts';
import type { ProfileView } from '../../../src/philomena/schemas.ts';
import '../cases/cases.css';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Entries({ items }: { items: string[] }) {
  const { t } = useTranslation('philomena');
  if (items.length === 0) return <p className="muted">{t('view.none')}</p>;
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

const Text = ({ value }: { value: string | null }) => {
  const { t } = useTranslation('philomena');
  return value ? <p className="preserve-lines">{value}</p> : <p className="muted">{t('view.none')}</p>;
};

/** When and where the child was last seen, as the police and the carer both give it. */
function LastSeenFields({ prefix, error }: { prefix: string; error: unknown }) {
  const { t } = useTranslation('philomena');
  return (
    <>
      <Field label={t('missing.at')} pointer="/body/lastSeen/at" error={error}>
        {(props) => <input {...props} name={`${prefix}-at`} type="datetime-local" required />}
      </Field>
      <Field label={t('missing.place')} pointer="/body/lastSeen/place" error={error}>
        {(props) => <input {...props} name={`${prefix}-place`} required maxLength={500} />}
      </Field>
      <Field label={t('missing.lat')} pointer="/body/lastSeen/lat" error={error} hint={t('missing.positionHint')}>
        {(props) => <input {...props} name={`${prefix}-lat`} inputMode="decimal" required />}
      </Field>
      <Field label={t('missing.lon')} pointer="/body/lastSeen/lon" error={error}>
        {(props) => <input {...props} name={`${prefix}-lon`} inputMode="decimal" required />}
      </Field>
      <Field label={t('missing.clothing')} pointer="/body/clothing" error={error}>
        {(props) => <input {...props} name={`${prefix}-clothing`} maxLength={2000} />}
      </Field>
    </>
  );
}

/** A text field of a submitted form ('' when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function lastSeenFrom(form: FormData, prefix: string) {
  const at = new Date(formText(form, `${prefix}-at`));
  return {
    lastSeen: {
      at: Number.isNaN(at.getTime()) ? '' : at.toISOString(),
      place: formText(form, `${prefix}-place`).trim(),
      lat: Number(formText(form, `${prefix}-lat`)),
      lon: Number(formText(form, `${prefix}-lon`)),
    },
    clothing: formText(form, `${prefix}-clothing`),
  };
}

/** The police: make the case now, from the carer's report if one is waiting. */
function MakeCase({ view }: { view: ProfileView }) {
  const { t } = useTranslation('philomena');
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const form = new FormData(event.currentTarget);
    const body = view.waitingReport ? {} : lastSeenFrom(form, 'case');
    try {
      const made = await post<{ caseId: string }>(`/philomena-profiles/${view.id}/case`, {
        ...body,
        ...(view.childId ? {} : { confirmedNewChild: form.get('confirmed') === 'on' }),
      });
      void navigate(`/cases/${made.caseId}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }
  return (
    <Section title={t('makeCase.title')}>
      <p>{t('makeCase.intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        {view.waitingReport ? (
          <p>
            {t('makeCase.fromReport', { place: view.waitingReport.lastSeen.place })} <DateTime value={view.waitingReport.lastSeen.at} />
          </p>
        ) : (
          <LastSeenFields prefix="case" error={error} />
        )}
        {view.childId ? null : (
          <label className="check">
            <input type="checkbox" name="confirmed" /> {t('makeCase.confirmNew')}
          </label>
        )}
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {t('makeCase.submit')}
        </button>
      </form>
    </Section>
  );
}

/** The writer: record a review with the next date, or report the child missing to the police of the area. */
function WriterActions({ view, onChanged }: { view: ProfileView; onChanged: () => void }) {
  const { t } = useTranslation('philomena');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  async function act(event: FormEvent<HTMLFormElement>, what: 'review' | 'report') {
    event.preventDefault();
    setError(undefined);
    setDone('');
    const form = new FormData(event.currentTarget);
    try {
      if (what === 'review') await post(`/philomena-profiles/${view.id}/reviews`, { nextReviewOn: formText(form, 'next') });
      else await post(`/philomena-profiles/${view.id}/missing-reports`, lastSeenFrom(form, 'report'));
      setDone(what === 'review' ? t('review.done') : t('missing.done'));
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <>
      <ErrorMessage error={error} />
      {done ? <p role="status">{done}</p> : null}
      <Section title={t('review.title')}>
        <form onSubmit={(e) => void act(e, 'review')}>
          <Field label={t('review.next')} pointer="/body/nextReviewOn" error={error}>
            {(props) => <input {...props} name="next" type="date" required />}
          </Field>
          <button type="submit">{t('review.submit')}</button>
        </form>
      </Section>
      {view.waitingReport ? null : (
        <Section title={t('missing.title')}>
          <p>{t('missing.intro')}</p>
          <form onSubmit={(e) => void act(e, 'report')}>
            <LastSeenFields prefix="report" error={error} />
            <button type="submit" className="danger">
              {t('missing.submit')}
            </button>
          </form>
        </Section>
      )}
    </>
  );
}

/** The writer shares the profile with need-to-know, as a case is shared. */
function ProfileShares({ view, onChanged }: { view: ProfileView; onChanged: (view: ProfileView) => void }) {
  const { t } = useTranslation('sharing');
  return (
    <NeedToKnowShares
      shares={view.shares}
      ownerCode={view.owningOrganisation.code}
      fields={PROFILE_SHARE_FIELDS}
      templates={PROFILE_SHARE_TEMPLATES}
      fieldLabel={(field) => t(`profileField.${field}`)}
      recipientsPath="/philomena-profiles/share-recipients"
      texts={{ none: t('sharing:profile.none'), submit: t('sharing:profile.submit'), done: t('sharing:profile.done') }}
      share={async (body) => onChanged(await post<ProfileView>(`/philomena-profiles/${view.id}/shares`, body))}
      unshare={async (code) => {
        await del(`/philomena-profiles/${view.id}/shares/${encodeURIComponent(code)}`);
        onChanged({ ...view, shares: view.shares.filter((s) => s.organisationCode !== code) });
      }}
    />
  );
}

export function PhilomenaPage() {
  const { t } = useTranslation('philomena');
  const { profileId = '' } = useParams();
  const queryClient = useQueryClient();
  const { data: view, error } = useQuery({
    queryKey: keys.philomenaProfile(profileId),
    queryFn: () => get<ProfileView>(`/philomena-profiles/${profileId}`),
  });
  if (!view) return <main id="main">{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['philomena'] });
  // A changed profile is shown from the answer to the change (itself an audited reading), not read again.
  const changed = (updated: ProfileView) => {
    queryClient.setQueryData(keys.philomenaProfile(profileId), updated);
    void queryClient.invalidateQueries({ queryKey: keys.philomenaList(false).slice(0, 2) });
  };
  return (
    <main id="main">
      <PageHeading>{t('view.title', { name: `${view.givenNames} ${view.familyName}` })}</PageHeading>
      <p>
        {t('view.keptBy', { writer: view.owningOrganisation.name, area: view.area.name })} {t('view.nextReview')}{' '}
        <DateOnly value={view.nextReviewOn} />
        {view.reviewOverdue ? (
          <>
            {' '}
            <strong className="badge">{t('status.reviewDue')}</strong>
          </>
        ) : null}
      </p>
      {view.waitingReport ? (
        <div role="alert" className="problem">
          <strong>{t('status.reportedMissing')}</strong>
          <p>
            {t('view.reportedBy', { who: view.waitingReport.reportedBy, place: view.waitingReport.lastSeen.place })}{' '}
            <DateTime value={view.waitingReport.lastSeen.at} />
          </p>
          {view.waitingReport.circumstances ? <p>{view.waitingReport.circumstances}</p> : null}
        </div>
      ) : null}
      {view.canMakeCase ? <MakeCase view={view} /> : null}
      <Section title={t('view.description')}>
        <dl className="facts">
          <dt>{t('view.knownAs')}</dt>
          <dd>{view.knownAs ?? '—'}</dd>
          <dt>{t('view.dateOfBirth')}</dt>
          <dd>
            <DateOnly value={view.dateOfBirth} />
          </dd>
          <dt>{t('view.height')}</dt>
          <dd>{view.heightCm ? `${view.heightCm} cm` : '—'}</dd>
          <dt>{t('view.hair')}</dt>
          <dd>{view.hairColour ?? '—'}</dd>
          <dt>{t('view.marks')}</dt>
          <dd>{view.distinguishingMarks ?? '—'}</dd>
        </dl>
        <Text value={view.description} />
      </Section>
      <ProfilePhotos view={view} onChanged={changed} />
      <Section title={t('view.associates')}>
        <Entries items={view.associates} />
      </Section>
      <Section title={t('view.places')}>
        <Entries items={view.places} />
      </Section>
      <Section title={t('view.phones')}>
        <Entries items={view.phonesAndAccounts} />
      </Section>
      <Section title={t('view.medical')}>
        <Text value={view.medicalNeeds} />
        <h3>{t('view.medication')}</h3>
        <Text value={view.medication} />
      </Section>
      <Section title={t('view.placement')}>
        <Text value={view.placement} />
        <h3>{t('view.carers')}</h3>
        <Entries items={view.carerContacts} />
      </Section>
      <Section title={t('view.episodes')}>
        <Text value={view.previousEpisodes} />
        {view.episodes.length > 0 ? (
          <ul>
            {view.episodes.map((episode) => (
              <li key={episode.caseId}>
                <Link to={`/cases/${episode.caseId}`}>{episode.reference}</Link> <DateTime value={episode.lastSeenAt} />
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      <Section title={t('view.risk')}>
        {view.riskAnswers.length === 0 ? (
          <p className="muted">{t('view.none')}</p>
        ) : (
          <ul>
            {view.riskAnswers.map((answer) => (
              <li key={answer.question}>
                {answer.questionText}: <strong>{t(`answer.${answer.answer}`)}</strong>
                {answer.detail ? ` (${answer.detail})` : ''}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Contributions path={`/philomena-profiles/${view.id}/contributions`} className="panel" />
      {view.canWrite ? <EditProfile view={view} onChanged={changed} /> : null}
      {view.canWrite ? <ProfileShares view={view} onChanged={changed} /> : null}
      {view.canWrite ? <WriterActions view={view} onChanged={refresh} /> : null}
    </main>
  );
}
