// The candidate matches of one case or one unidentified record, as a section of its page, for those who may
// read matches.
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { CandidateList } from './CandidateList.tsx';

export function CandidateSection({ of, id, headers = {} }: { of: 'case' | 'unidentified'; id: string; headers?: Record<string, string> }) {
  const { t } = useTranslation('matching');
  const { can } = useSession();
  if (!can('match:read')) return null;
  const path = of === 'case' ? `/matching/cases/${id}/candidates` : `/matching/unidentified/${id}/candidates`;
  return (
    <section className="section" aria-labelledby="candidates-heading">
      <h2 id="candidates-heading">{t('section.title')}</h2>
      <p>{of === 'case' ? t('section.introCase') : t('section.introRecord')}</p>
      <CandidateList path={path} status="" headers={headers} listedFor={of} headingId="candidates-heading" />
    </section>
  );
}
