// The children already recorded that the one being typed may be. Asked for once the officer pauses after typing
// the names, date of birth or sex (each check is audited, so not at every key), and offered with a way to record
// a new episode of one of them instead, or to say this is a different child.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { useReasonText } from '../register/reasons.ts';
import type { LikelyDuplicate, LikelyDuplicatesAnswer, LikelyDuplicatesRequest } from './types.ts';

const PAUSE_MS = 600;

/** The value once it has stayed the same (by `key`) for `ms`. */
function useSettled<T>(value: T, key: string, ms: number): { value: T; key: string } {
  const [settled, setSettled] = useState({ value, key });
  useEffect(() => {
    const timer = setTimeout(() => setSettled({ value, key }), ms);
    return () => clearTimeout(timer);
    // The key says when the value changed; the value itself is rebuilt at every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ms]);
  return settled;
}

/** The likely children for what was typed, once typing has paused; nothing until both names are there. */
export function useLikelyChildren(typed: LikelyDuplicatesRequest | undefined, key: string, enabled: boolean): LikelyDuplicate[] {
  const settled = useSettled(typed, key, PAUSE_MS);
  const query = useQuery({
    queryKey: keys.likelyChildren(settled.key),
    queryFn: () => post<LikelyDuplicatesAnswer>('/register/likely-duplicates', settled.value).then((answer) => answer.items),
    enabled: enabled && settled.value !== undefined,
  });
  return (enabled && typed !== undefined && query.data) || [];
}

function LikelyChild({ item, index, onNewEpisode }: { item: LikelyDuplicate; index: number; onNewEpisode: (childId: string) => void }) {
  const { t } = useTranslation('cases');
  const reasonText = useReasonText();
  const headingId = `likely-child-${index}`;
  const childId = item.childId;
  return (
    <li className="likely-child">
      <h3 id={headingId}>
        {item.names.givenNames} {item.names.familyName}
        {item.names.knownAs ? ` “${item.names.knownAs}”` : ''}
      </h3>
      {item.strong ? <span className="badge warn">{t('likely.strong')}</span> : null}
      <p>
        {[item.age === null ? null : t('likely.age', { age: item.age }), t(`sex.${item.sex}`), item.force.name]
          .filter((part) => part !== null)
          .join(' · ')}
      </p>
      <ul className="reasons" aria-label={t('likely.why')}>
        {item.reasonCodes.map((reason, i) => (
          <li key={i}>
            <bdi>{reasonText(reason)}</bdi>
          </li>
        ))}
      </ul>
      {childId ? (
        <button type="button" className="secondary" aria-describedby={headingId} onClick={() => onNewEpisode(childId)}>
          {t('likely.newEpisode')}
        </button>
      ) : (
        <p className="hint">{t('likely.contactForce', { force: item.force.name })}</p>
      )}
    </li>
  );
}

/** The panel of likely children, with the choice the officer makes about them. */
export function LikelyChildren({
  items,
  confirmed,
  onNewEpisode,
  onDifferentChild,
}: {
  items: LikelyDuplicate[];
  confirmed: boolean;
  onNewEpisode: (childId: string) => void;
  onDifferentChild: () => void;
}) {
  const { t } = useTranslation('cases');
  if (items.length === 0) return null;
  return (
    <section id="likely-children" className="panel likely-children" aria-labelledby="likely-children-heading">
      <h2 id="likely-children-heading">{t('likely.title')}</h2>
      <p>{t('likely.intro')}</p>
      <ul className="likely-list">
        {items.map((item, index) => (
          <LikelyChild
            key={`${item.childId ?? ''}${item.case?.id ?? ''}${item.matchedName}`}
            item={item}
            index={index}
            onNewEpisode={onNewEpisode}
          />
        ))}
      </ul>
      {confirmed ? (
        <p role="status">{t('likely.confirmed')}</p>
      ) : (
        <button type="button" className="secondary" onClick={onDifferentChild}>
          {t('likely.different')}
        </button>
      )}
    </section>
  );
}
