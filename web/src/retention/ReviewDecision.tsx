// A reviewer's decision on one record due for review (College of Policing APP, MoPI): keep it until a date on a
// coded ground, or let it go, which erases the child's whole record and is asked once more before it is sent.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../app/api.ts';
import { consoleDate } from '../app/dates.ts';
import { handled } from '../app/events.ts';
import { FieldError, problemAria } from '../app/forms.tsx';
import { ErrorMessage } from '../app/ui.tsx';
import { inOwnWords } from './refusal.ts';
import { londonToday, yearsAfter } from './dates.ts';
import { KEEP_GROUNDS, type KeepGround, type ReviewDecision } from './types.ts';

/** The API's limit on keeping a record before it is reviewed again (src/retention/reviews.ts). */
const MAX_KEEP_YEARS = 10;

type Problems = Partial<Record<'decision' | 'ground' | 'keepUntil', string>>;

interface Props {
  childId: string;
  references: string;
  onDecided: (message: string) => Promise<void>;
  onCancel: () => void;
}

export function ReviewDecisionForm({ childId, references, onDecided, onCancel }: Props) {
  const { t, i18n } = useTranslation('retention');
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<'keep' | 'dispose' | ''>('');
  const [ground, setGround] = useState<KeepGround | ''>('');
  const [keepUntil, setKeepUntil] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const today = londonToday();
  const latest = yearsAfter(today, MAX_KEEP_YEARS);

  function check(): Problems {
    if (!decision) return { decision: t('decide.problem.decision') };
    if (decision === 'dispose') return {};
    const found: Problems = {};
    if (!ground) found.ground = t('decide.problem.ground');
    if (!keepUntil) found.keepUntil = t('decide.problem.keepUntil');
    else if (keepUntil <= today) found.keepUntil = t('decide.problem.keepUntilPast');
    else if (keepUntil > latest) found.keepUntil = t('decide.problem.keepUntilLate', { years: MAX_KEEP_YEARS });
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    if (decision === 'dispose' && !confirming) {
      setConfirming(true);
      return;
    }
    const body: ReviewDecision =
      decision === 'keep' ? { decision: 'keep', ground: ground as KeepGround, keepUntil } : { decision: 'dispose' };
    setSaving(true);
    try {
      await post(`/retention/reviews/${childId}`, body);
      await onDecided(
        decision === 'keep'
          ? t('decide.kept', { references, date: consoleDate(keepUntil, i18n.language), ground: t(`ground.${ground}`) })
          : t('decide.disposed', { references }),
      );
    } catch (e) {
      setConfirming(false);
      if (e instanceof ApiError && e.status === 409) {
        // Decided elsewhere meanwhile, or no longer due: the queue is read again, the form stays to say why.
        setError(inOwnWords(e, t('decide.notDue')));
        await queryClient.invalidateQueries({ queryKey: ['retention'] });
      } else setError(e);
    } finally {
      setSaving(false);
    }
  }

  const summary = Object.values(problems);
  return (
    <section className="panel decision" aria-labelledby="decision-heading">
      <h3 id="decision-heading" ref={headingRef} tabIndex={-1}>
        {t('decide.title', { references })}
      </h3>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        {summary.length > 0 ? (
          <div role="alert" className="problem">
            <strong>{t('decide.problem.summary')}</strong>
            <ul>
              {summary.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <ErrorMessage error={error} fields={{ '/keepUntil': { label: t('decide.keepUntil'), id: 'keep-until' } }} />
        <fieldset aria-describedby={problems.decision ? 'decision-problem' : undefined}>
          <legend>{t('decide.choice')}</legend>
          <FieldError id="decision-problem" message={problems.decision} />
          {(['keep', 'dispose'] as const).map((option) => (
            <label key={option} className="check">
              <input
                type="radio"
                name="review-decision"
                value={option}
                checked={decision === option}
                onChange={() => {
                  setDecision(option);
                  setConfirming(false);
                }}
              />
              <span>{t(`decide.option.${option}`)}</span>
            </label>
          ))}
        </fieldset>
        {decision === 'keep' ? (
          <div className="fields">
            <div className={`field${problems.ground ? ' invalid' : ''}`}>
              <label htmlFor="keep-ground">{t('decide.ground')}</label>
              <FieldError id="keep-ground-problem" message={problems.ground} />
              <select
                id="keep-ground"
                value={ground}
                onChange={(e) => setGround(e.target.value as KeepGround | '')}
                {...problemAria(problems.ground, 'keep-ground-problem')}
              >
                <option value="">{t('decide.chooseGround')}</option>
                {KEEP_GROUNDS.map((code) => (
                  <option key={code} value={code}>
                    {t(`ground.${code}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${problems.keepUntil ? ' invalid' : ''}`}>
              <label htmlFor="keep-until">{t('decide.keepUntil')}</label>
              <p id="keep-until-hint" className="hint">
                {t('decide.keepUntilHint', { years: MAX_KEEP_YEARS })}
              </p>
              <FieldError id="keep-until-problem" message={problems.keepUntil} />
              <input
                id="keep-until"
                type="date"
                min={today}
                max={latest}
                value={keepUntil}
                onChange={(e) => setKeepUntil(e.target.value)}
                {...problemAria(problems.keepUntil, 'keep-until-problem', 'keep-until-hint')}
              />
            </div>
          </div>
        ) : null}
        {confirming ? (
          <p role="alert" className="problem">
            {t('decide.confirmDispose', { references })}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className={confirming ? 'danger' : undefined} disabled={saving}>
            {confirming ? t('decide.confirmButton') : t('decide.submit')}
          </button>
          <button type="button" className="secondary" onClick={confirming ? () => setConfirming(false) : onCancel}>
            {t('decide.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
