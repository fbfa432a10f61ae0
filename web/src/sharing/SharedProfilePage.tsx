// A Philomena profile shared with the reader's organisation: only the groups of fields its share names (the server
// sends no others), until the share ends, and a form to add what the organisation knows, which the profile's writer
// and the police of its area see with its source.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateOnly, DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { ApiImage } from '../cases/ApiImage.tsx';
import type { SharedProfileView } from '../../../src/philomena/schemas.ts';
import { AddInformation, OwnContributions } from './AddInformation.tsx';
import type { ContributionList } from './types.ts';
import '../cases/cases.css';
import './sharing.css';

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <dt>{title}</dt>
      <dd>{children}</dd>
    </>
  );
}

const list = (items: string[]) => (items.length ? items.join(' · ') : '—');

function SharedProfileFields({ view }: { view: SharedProfileView }) {
  const { t } = useTranslation('sharing');
  const { t: tp } = useTranslation('philomena');
  const { identity, description, photos, contacts, medical, placement, history, risk } = view;
  const field = (name: string) => t(`profileField.${name}`);
  return (
    <dl className="facts">
      {identity ? (
        <Group title={field('identity')}>
          {identity.givenNames} {identity.knownAs ? `“${identity.knownAs}” ` : ''}
          {identity.familyName} · <DateOnly value={identity.dateOfBirth} /> · {tp(`sex.${identity.sex}`)}
        </Group>
      ) : null}
      {description ? (
        <Group title={field('description')}>
          {[
            description.heightCm ? `${description.heightCm} cm` : '',
            description.build,
            description.hairColour,
            description.eyeColour,
            description.distinguishingMarks,
            description.description,
          ]
            .filter(Boolean)
            .join(' · ') || '—'}
        </Group>
      ) : null}
      {photos ? (
        <Group title={field('photos')}>
          {photos.length === 0 ? '—' : null}
          <ul className="photos">
            {photos.map((photo, i) => (
              <li key={photo.id}>
                <figure>
                  <ApiImage
                    url={photo.urls.thumb}
                    alt={photo.caption || tp('photos.alt', { name: identity?.givenNames ?? '', n: i + 1 })}
                  />
                  <figcaption>
                    {photo.caption ? <>{photo.caption} · </> : null}
                    {photo.takenOn ? <DateOnly value={photo.takenOn} /> : <DateTime value={photo.createdAt} />}
                  </figcaption>
                </figure>
              </li>
            ))}
          </ul>
        </Group>
      ) : null}
      {contacts ? (
        <Group title={field('contacts')}>
          {list(contacts.associates)}
          <br />
          {list(contacts.places)}
          <br />
          {list(contacts.phonesAndAccounts)}
        </Group>
      ) : null}
      {medical ? (
        <Group title={field('medical')}>{[medical.medicalNeeds, medical.medication].filter(Boolean).join(' · ') || '—'}</Group>
      ) : null}
      {placement ? (
        <Group title={field('placement')}>
          {placement.placement || '—'}
          <br />
          {list(placement.carerContacts)}
        </Group>
      ) : null}
      {history ? <Group title={field('history')}>{history.previousEpisodes || '—'}</Group> : null}
      {risk ? (
        <Group title={field('risk')}>
          {risk.length === 0 ? '—' : null}
          <ul>
            {risk.map((a) => (
              <li key={a.question}>
                {a.questionText}: <strong>{tp(`answer.${a.answer}`)}</strong>
                {a.detail ? ` (${a.detail})` : ''}
              </li>
            ))}
          </ul>
        </Group>
      ) : null}
    </dl>
  );
}

/** What the reader's organisation added to the profile, and the form to add more. */
function ProfileAdditions({ profileId }: { profileId: string }) {
  const { t } = useTranslation('sharing');
  const { can } = useSession();
  const client = useQueryClient();
  const key = ['shared-profiles', profileId, 'contributions'];
  const own = useQuery({
    queryKey: key,
    queryFn: () => get<ContributionList>(`/shared-profiles/${profileId}/contributions`),
    gcTime: SENSITIVE_GC_MS,
  });
  const items = own.data?.items ?? [];
  return (
    <>
      <ErrorMessage error={own.error} />
      <OwnContributions items={items} />
      {can('share:contribute') ? (
        <AddInformation
          path={`/shared-profiles/${profileId}/contributions`}
          intro={t('add.introProfile')}
          onAdded={(added) => client.setQueryData<ContributionList>(key, { items: [...items, added] })}
        />
      ) : null}
    </>
  );
}

export function SharedProfilePage() {
  const { t } = useTranslation('sharing');
  const { profileId = '' } = useParams();
  const shared = useQuery({
    queryKey: ['shared-profiles', profileId],
    queryFn: () => get<SharedProfileView>(`/shared-profiles/${profileId}`),
    gcTime: SENSITIVE_GC_MS,
  });
  const view = shared.data;
  return (
    <main id="main">
      <p>
        <Link to="/shared">{t('shared.back')}</Link>
      </p>
      {shared.isPending ? <Loading /> : null}
      <ErrorMessage error={shared.error} />
      {view ? (
        <>
          <PageHeading>
            {view.identity
              ? t('profile.pageTitle', { name: `${view.identity.givenNames} ${view.identity.familyName}` })
              : t('profile.pageTitleWithheld')}
          </PageHeading>
          <p className="notice">{t('shared.onlyFields', { fields: view.share.fields.map((f) => t(`profileField.${f}`)).join(', ') })}</p>
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
          <section className="section" aria-labelledby="shared-profile-fields">
            <h2 id="shared-profile-fields">{t('dialog.fields')}</h2>
            <SharedProfileFields view={view} />
          </section>
          <ProfileAdditions profileId={profileId} />
        </>
      ) : null}
    </main>
  );
}
