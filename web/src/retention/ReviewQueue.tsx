// The children whose record is due for review, by their episodes' references and dates (no names), and for a
// reviewer the decision on each: keep it until a date on a coded ground, or let it go (the record is erased).
import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, ScrollingTable } from '../app/ui.tsx';
import { ReviewDecisionForm } from './ReviewDecision.tsx';
import type { ReviewQueueView } from './types.ts';

type ReviewItem = ReviewQueueView['items'][number];

export function ReviewQueue({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation('retention');
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ReviewItem>();
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLParagraphElement>(null);
  const queue = useQuery({
    queryKey: ['retention', 'reviews'],
    queryFn: () => get<ReviewQueueView>('/retention/reviews'),
    gcTime: SENSITIVE_GC_MS,
  });

  async function decided(message: string) {
    setChosen(undefined);
    setDone(message);
    await queryClient.invalidateQueries({ queryKey: ['retention'] });
    doneRef.current?.focus();
  }

  if (queue.error) return <ErrorMessage error={queue.error} />;
  if (!queue.data) return <Loading />;
  return (
    <>
      <p ref={doneRef} tabIndex={-1} role="status" className={done ? 'notice' : 'visually-hidden'}>
        {done}
      </p>
      {queue.data.items.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ScrollingTable label={t('reviews')}>
          <thead>
            <tr>
              <th scope="col">{t('column.references')}</th>
              <th scope="col">{t('column.episodes')}</th>
              <th scope="col">{t('column.lastClosed')}</th>
              {canDecide ? <th scope="col">{t('column.decision')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {queue.data.items.map((item) => (
              <tr key={item.childId}>
                <th scope="row">{item.references.join(', ')}</th>
                <td>{item.episodes}</td>
                <td>
                  <DateTime value={item.lastClosedAt} />
                </td>
                {canDecide ? (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-pressed={chosen?.childId === item.childId}
                      aria-label={t('decide.open', { references: item.references.join(', ') })}
                      onClick={() => {
                        setDone(undefined);
                        setChosen(item);
                      }}
                    >
                      {t('decide.button')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      )}
      {chosen ? (
        <ReviewDecisionForm
          key={chosen.childId}
          childId={chosen.childId}
          references={chosen.references.join(', ')}
          onDecided={decided}
          onCancel={() => setChosen(undefined)}
        />
      ) : null}
    </>
  );
}
