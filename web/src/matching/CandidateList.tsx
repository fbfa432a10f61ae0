// Candidate matches, best first: the national queue, or the candidates of one case or one unidentified record.
// Each opens the side-by-side view of both records in place, chosen by `?candidate=` in the address so a
// link or the back button returns to it. Every list is audited by the API.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { ErrorMessage, Loading } from '../app/ui.tsx';
import { SideBySide } from './SideBySide.tsx';
import { useNumber } from './numbers.ts';
import type { CandidateList as CandidatePage, CandidateView, DecisionAnswer } from './types.ts';
import './matching.css';

const PAGE = 25;

/** The side a candidate is listed for names the other side; the queue names both. */
export type ListedFor = 'queue' | 'case' | 'unidentified';

export function CandidateList({
  path,
  status,
  headers,
  listedFor,
  headingId,
}: {
  /** The API path of the list, under /api/v1. */
  path: string;
  status: string;
  /** The access reason, for sensitive cases. */
  headers: Record<string, string>;
  listedFor: ListedFor;
  /** The heading the list is labelled by. */
  headingId: string;
}) {
  const { t } = useTranslation('matching');
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...(status ? { status } : {}) }).toString();
  const reason = headers['x-access-reason'];
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: keys.candidates(path, query, reason),
    queryFn: () => get<CandidatePage>(`${path}?${query}`, headers),
    placeholderData: keepPreviousData,
  });
  const [decided, setDecided] = useState<DecisionAnswer>();
  const chosenId = params.get('candidate');
  const onPage = data?.items.find((item) => item.id === chosenId);
  // A link to a candidate on another page of the list opens it on its own.
  const single = useQuery({
    queryKey: keys.candidate(chosenId ?? '', reason),
    queryFn: () => get<CandidateView>(`/matching/candidates/${chosenId}`, headers),
    enabled: chosenId !== null && data !== undefined && onPage === undefined,
  });
  const chosen = onPage ?? (single.data?.id === chosenId ? single.data : undefined);

  const change = (edit: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    edit(next);
    setParams(next);
  };
  const open = (id: string | null) => {
    setDecided(undefined);
    change((next) => (id ? next.set('candidate', id) : next.delete('candidate')));
  };
  const page = (to: number) =>
    change((next) => {
      next.delete('candidate');
      if (to > 0) next.set('offset', String(to));
      else next.delete('offset');
    });

  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <div aria-labelledby={headingId} aria-busy={isFetching} role="group">
      <p role="status" className={decided ? 'notice' : 'muted'}>
        {decided ? `${t(`decided.${decided.status}`, { count: decided.alsoDismissed.length })} ` : ''}
        {data.items.length === 0 ? t('list.none') : t('list.showing', { count: data.items.length })}
      </p>
      <ol className="candidates" start={offset + 1}>
        {data.items.map((item) => (
          <CandidateCard key={item.id} item={item} listedFor={listedFor} chosen={item.id === chosenId} onOpen={open} />
        ))}
      </ol>
      {offset > 0 || data.nextOffset !== null ? (
        <nav className="pager" aria-label={t('list.pages')}>
          {offset > 0 ? (
            <button type="button" className="secondary" onClick={() => page(Math.max(0, offset - PAGE))}>
              {t('list.previous')}
            </button>
          ) : null}
          {data.nextOffset !== null ? (
            <button type="button" onClick={() => page(data.nextOffset ?? 0)}>
              {t('list.next')}
            </button>
          ) : null}
        </nav>
      ) : null}
      {chosen ? (
        <SideBySide
          key={chosen.id}
          candidate={chosen}
          headers={headers}
          onClose={() => open(null)}
          onDecided={async (answer) => {
            await refetch();
            open(null);
            setDecided(answer);
          }}
        />
      ) : single.error ? (
        <ErrorMessage error={single.error} />
      ) : null}
    </div>
  );
}

/** What a candidate is called in a list: the other side's reference, or both in the queue. */
function useCandidateTitle(item: CandidateView, listedFor: ListedFor): string {
  const { t } = useTranslation('matching');
  const caseName = item.case.child ? `${item.case.child.name} (${item.case.reference})` : item.case.reference;
  if (listedFor === 'case') return t('list.titleRecord', { record: item.unidentified.reference });
  if (listedFor === 'unidentified') return t('list.titleCase', { case: caseName });
  return t('list.titleBoth', { case: caseName, record: item.unidentified.reference });
}

function CandidateCard({
  item,
  listedFor,
  chosen,
  onOpen,
}: {
  item: CandidateView;
  listedFor: ListedFor;
  chosen: boolean;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation('matching');
  const number = useNumber();
  const title = useCandidateTitle(item, listedFor);
  const strongest = [...item.features]
    .filter((feature) => feature.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, 3);
  return (
    <li className={`candidate-card${chosen ? ' chosen' : ''}`}>
      <h3 id={`candidate-${item.id}`}>{title}</h3>
      <div className="badges">
        <span className="badge score">{t('list.score', { score: number(item.score, 1) })}</span>
        <span className={`badge ${item.status === 'open' ? 'open' : ''}`}>{t(`status.${item.status}`)}</span>
        <span className="badge">{t(`kind.${item.unidentified.kind}`, { defaultValue: item.unidentified.kind })}</span>
        {item.case.identityWithheld ? <span className="badge sensitive">{t('list.withheld')}</span> : null}
      </div>
      {strongest.length > 0 ? (
        <p className="muted">{t('list.strongest', { features: strongest.map((feature) => t(`feature.${feature.feature}`)).join(', ') })}</p>
      ) : null}
      <p>
        <button
          type="button"
          className="secondary"
          aria-describedby={`candidate-${item.id}`}
          aria-pressed={chosen}
          onClick={() => onOpen(item.id)}
        >
          {t('list.compare')}
        </button>
      </p>
    </li>
  );
}
