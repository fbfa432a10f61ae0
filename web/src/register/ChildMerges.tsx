// A case's child recorded twice: the merges it took part in (either side, with any undo), and for a senior
// officer, merging another record of the same child into this one (picked from the likely children the register
// offers for this child's name, date of birth and sex) or undoing a merge. The API decides who may and audits it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading } from '../app/ui.tsx';
import type { CaseView, LikelyDuplicatesAnswer } from '../cases/types.ts';
import type { MergeList, MergeView } from '../../../src/register/schemas.ts';
import { useReasonText } from './reasons.ts';

const mergesKey = (childId: string) => ['register', 'merges', childId] as const;

export function ChildMerges({ view, onChanged }: { view: CaseView; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation('register');
  const { can } = useSession();
  const childId = view.child.id;
  const merges = useQuery({ queryKey: mergesKey(childId), queryFn: () => get<MergeList>(`/register/children/${childId}/merges`) });
  const queryClient = useQueryClient();
  const changed = async () => {
    await queryClient.invalidateQueries({ queryKey: mergesKey(childId) });
    await onChanged();
  };
  return (
    <section className="section" aria-labelledby="merges-heading">
      <h2 id="merges-heading">{t('merges.title')}</h2>
      <ErrorMessage error={merges.error} />
      {merges.data && merges.data.items.length === 0 ? <p>{t('merges.none')}</p> : null}
      <ul className="history">
        {merges.data?.items.map((merge) => (
          <MergeEntry key={merge.id} merge={merge} childId={childId} canUndo={can('register:merge')} onUndone={changed} />
        ))}
      </ul>
      {can('register:merge') && view.status === 'open' ? <MergeForm view={view} onMerged={changed} /> : null}
    </section>
  );
}

function MergeEntry({
  merge,
  childId,
  canUndo,
  onUndone,
}: {
  merge: MergeView;
  childId: string;
  canUndo: boolean;
  onUndone: () => Promise<void>;
}) {
  const { t } = useTranslation('register');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState(false);
  async function undo(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await post(`/register/merges/${merge.id}/undo`, { reason: reason.trim() });
      await onUndone();
    } catch (e) {
      setError(e);
    }
  }
  const id = `undo-${merge.id}`;
  return (
    <li>
      <DateTime value={merge.mergedAt} /> · {merge.intoChildId === childId ? t('merges.intoThis') : t('merges.thisInto')} ·{' '}
      {t('merges.moved', { count: merge.caseIds.length })}
      <div className="muted">{t('merges.because', { reason: merge.reason })}</div>
      {merge.undoneAt ? (
        <div>
          <DateTime value={merge.undoneAt} /> · {t('merges.undone', { reason: merge.undoReason ?? '' })}
        </div>
      ) : canUndo && !open ? (
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t('merges.undo')}
        </button>
      ) : null}
      {open && !merge.undoneAt ? (
        <form onSubmit={(event) => handled(undo(event))} noValidate>
          <ErrorMessage error={error} fields={{ '/body/reason': { label: t('merges.undoReason'), id } }} />
          <div className="field">
            <label htmlFor={id}>{t('merges.undoReason')}</label>
            <textarea id={id} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit">{t('merges.undo')}</button>
        </form>
      ) : null}
    </li>
  );
}

function MergeForm({ view, onMerged }: { view: CaseView; onMerged: () => Promise<void> }) {
  const { t } = useTranslation('register');
  const reasonText = useReasonText();
  const { child } = view;
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  // Each check is audited: the register is asked only when the officer sets out to merge.
  const [looking, setLooking] = useState(false);
  const likely = useQuery({
    enabled: looking,
    queryKey: ['register', 'merge-candidates', child.id],
    queryFn: () =>
      post<LikelyDuplicatesAnswer>('/register/likely-duplicates', {
        givenNames: child.givenNames,
        familyName: child.familyName,
        ...(child.dateOfBirth ? { dateOfBirth: child.dateOfBirth } : { estimatedAge: child.estimatedAge }),
        sex: child.sex,
      }),
  });
  // Only other children the officer reaches an episode of can be merged; the API checks the rest.
  const others = (likely.data?.items ?? []).filter((item) => item.childId !== null && item.childId !== child.id);

  async function merge(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setDone(false);
    if (!other) {
      setError(new Error(t('merges.chooseFirst')));
      return;
    }
    try {
      await post(`/register/children/${other}/merge`, { intoChildId: child.id, reason: reason.trim() });
      setOther('');
      setReason('');
      setDone(true);
      await likely.refetch();
      await onMerged();
    } catch (e) {
      setError(e);
    }
  }

  if (!looking)
    return (
      <button type="button" className="secondary" onClick={() => setLooking(true)}>
        {t('merges.mergeTitle')}
      </button>
    );
  return (
    <form onSubmit={(event) => handled(merge(event))} noValidate>
      <h3>{t('merges.mergeTitle')}</h3>
      <p role="status" className={done ? 'notice' : 'visually-hidden'}>
        {done ? t('merges.merged') : ''}
      </p>
      <ErrorMessage error={error ?? likely.error} fields={{ '/body/reason': { label: t('merges.reason'), id: 'merge-reason' } }} />
      {likely.isFetching && !likely.data ? <Loading /> : null}
      {likely.data && others.length === 0 ? (
        <p>{t('merges.noOthers')}</p>
      ) : (
        <fieldset>
          <legend>{t('merges.choose')}</legend>
          {others.map((item) => (
            <label key={item.childId} className="merge-choice">
              <input type="radio" name="merge-other" checked={other === item.childId} onChange={() => setOther(item.childId!)} />{' '}
              <bdi>
                {item.names.givenNames} {item.names.familyName}
              </bdi>{' '}
              · {item.case?.reference ?? item.force.name}
              <span className="muted"> · {item.reasonCodes.map(reasonText).join('; ')}</span>
            </label>
          ))}
        </fieldset>
      )}
      {others.length > 0 ? (
        <>
          <div className="field">
            <label htmlFor="merge-reason">{t('merges.reason')}</label>
            <p id="merge-reason-hint" className="hint">
              {t('merges.reasonHint')}
            </p>
            <textarea
              id="merge-reason"
              aria-describedby="merge-reason-hint"
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <button type="submit">{t('merges.submit')}</button>
        </>
      ) : null}
    </form>
  );
}
