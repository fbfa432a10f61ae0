// Organisation enrolment, for a partner organisation's administrators (and administrators, for their own
// organisation): recipients from CSV files, signed webhooks, and screens.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { ErrorMessage, PageHeading } from '../app/ui.tsx';
import { RecipientImport } from './RecipientImport.tsx';
import { RecipientList } from './RecipientList.tsx';
import { Screens } from './Screens.tsx';
import { Webhooks } from './Webhooks.tsx';
import type { AreaChoice } from './types.ts';
import './enrolment.css';

export function Enrolment() {
  const { t } = useTranslation('enrolment');
  const { session, can } = useSession();
  const queryClient = useQueryClient();
  const areas = useQuery({ queryKey: keys.enrolmentAreas, queryFn: () => get<{ items: AreaChoice[] }>('/enrolment/areas') });
  if (!can('enrolment:manage')) {
    return (
      <main id="main">
        <PageHeading>{t('title')}</PageHeading>
        <p>{t('notAllowed')}</p>
      </main>
    );
  }
  const choices = areas.data?.items ?? [];
  return (
    <main id="main" className="enrolment">
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro', { organisation: session?.user.organisation.name ?? '' })}</p>
      <nav aria-label={t('sections')} className="section-links">
        <ul>
          <li>
            <a href="#import-title">{t('import.title')}</a>
          </li>
          <li>
            <a href="#recipients-title">{t('recipients.title')}</a>
          </li>
          <li>
            <a href="#webhooks-title">{t('webhooks.title')}</a>
          </li>
          <li>
            <a href="#screens-title">{t('screens.title')}</a>
          </li>
        </ul>
      </nav>
      <ErrorMessage error={areas.error} />
      <RecipientImport areas={choices} onImported={() => void queryClient.invalidateQueries({ queryKey: keys.recipientPages })} />
      <RecipientList onChanged={() => undefined} />
      <Webhooks areas={choices} />
      <Screens areas={choices} />
    </main>
  );
}
