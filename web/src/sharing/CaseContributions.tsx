// On a case page, for the police: what the agencies the case was shared with added, each with its source.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { DateTime, ErrorMessage } from '../app/ui.tsx';
import type { ContributionList } from './types.ts';

export function CaseContributions({ caseId, headers }: { caseId: string; headers: Record<string, string> }) {
  const { t } = useTranslation('sharing');
  const list = useQuery({
    queryKey: ['contributions', caseId],
    queryFn: () => get<ContributionList>(`/cases/${caseId}/contributions`, headers),
    gcTime: SENSITIVE_GC_MS,
  });
  return (
    <section className="section" aria-labelledby="contributions-heading">
      <h2 id="contributions-heading">{t('contributions.title')}</h2>
      <ErrorMessage error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('contributions.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ul className="history">
          {list.data.items.map((c) => (
            <li key={c.id}>
              <strong>{c.organisation.name}</strong> · {t(`category.${c.category}`)} · <DateTime value={c.addedAt} /> · {c.addedBy}
              <br />
              {c.text}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
