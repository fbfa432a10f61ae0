// For a receiving agency: the cases and the Philomena profiles shared with it now, each with its purpose and end date.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import type { SharedCaseList as SharedCases } from './types.ts';
import type { SharedProfileList } from '../../../src/philomena/schemas.ts';

function SharedProfiles() {
  const { t } = useTranslation('sharing');
  const list = useQuery({
    queryKey: ['shared-profiles'],
    queryFn: () => get<SharedProfileList>('/shared-profiles'),
    gcTime: SENSITIVE_GC_MS,
  });
  if (!list.data || list.data.items.length === 0) return <ErrorMessage error={list.error} />;
  return (
    <section aria-labelledby="shared-profiles-heading">
      <h2 id="shared-profiles-heading">{t('profile.listTitle')}</h2>
      <ScrollingTable label={t('profile.listTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('shared.child')}</th>
            <th scope="col">{t('shared.from')}</th>
            <th scope="col">{t('shared.purpose')}</th>
            <th scope="col">{t('shared.until')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((item) => (
            <tr key={item.id}>
              <td>
                <Link to={`/shared-profiles/${item.id}`}>{item.childName ?? t('profile.withheld')}</Link>
              </td>
              <td>{item.owningOrganisation.name}</td>
              <td>{t(`purpose.${item.purpose}`)}</td>
              <td>
                <DateTime value={item.endsAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
    </section>
  );
}

export function SharedCaseList() {
  const { t } = useTranslation('sharing');
  const list = useQuery({ queryKey: ['shared-cases'], queryFn: () => get<SharedCases>('/shared-cases'), gcTime: SENSITIVE_GC_MS });
  return (
    <main id="main">
      <PageHeading>{t('shared.title')}</PageHeading>
      <p>{t('shared.intro')}</p>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('shared.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ScrollingTable label={t('shared.title')}>
          <thead>
            <tr>
              <th scope="col">{t('shared.case')}</th>
              <th scope="col">{t('shared.child')}</th>
              <th scope="col">{t('shared.from')}</th>
              <th scope="col">{t('shared.purpose')}</th>
              <th scope="col">{t('shared.until')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link to={`/shared/${item.id}`}>{item.reference}</Link>
                </td>
                <td>{item.childName ?? '—'}</td>
                <td>{item.owningOrganisation.name}</td>
                <td>{t(`purpose.${item.purpose}`)}</td>
                <td>
                  <DateTime value={item.endsAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      ) : null}
      <SharedProfiles />
    </main>
  );
}
