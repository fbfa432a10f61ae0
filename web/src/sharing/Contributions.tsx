// What agencies added to a case or a Philomena profile shared with them, each with its source: for the police on
// a case page, and for the profile's writer and the police of its area on a profile page.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { DateTime, ErrorMessage } from '../app/ui.tsx';
import type { ContributionList } from './types.ts';

/** `path` is the API route of the list, e.g. `/cases/<id>/contributions`; `className` the page's section style. */
export function Contributions({
  path,
  headers,
  className = 'section',
}: {
  path: string;
  headers?: Record<string, string>;
  className?: string;
}) {
  const { t } = useTranslation('sharing');
  const list = useQuery({
    queryKey: ['contributions', path],
    queryFn: () => get<ContributionList>(path, headers),
    gcTime: SENSITIVE_GC_MS,
  });
  return (
    <section className={className} aria-labelledby="contributions-heading">
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
