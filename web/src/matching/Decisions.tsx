// The reviewer's decision on a candidate match: dismiss it saying why, refer it for dental or DNA comparison,
// or confirm the identification, which closes the case and the record and tells the owning force (asked once
// more before it is sent). The API decides who may; the form is shown only to those it would let.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { fieldProblem } from '../app/forms.tsx';
import { ErrorMessage } from '../app/ui.tsx';
import type { CandidateView, DecisionAnswer } from './types.ts';

const CHOICES = ['dismiss', 'dental', 'dna', 'confirm'] as const;
type Choice = (typeof CHOICES)[number];

function request(choice: Choice, words: string): { path: string; body: Record<string, string> } {
  const note: Record<string, string> = words ? { note: words } : {};
  if (choice === 'dismiss') return { path: 'dismiss', body: { reason: words } };
  if (choice === 'confirm') return { path: 'confirm', body: note };
  return { path: 'refer', body: { kind: choice, ...note } };
}

export function Decisions({ candidate, onDecided }: { candidate: CandidateView; onDecided: (answer: DecisionAnswer) => Promise<void> }) {
  const { t } = useTranslation('matching');
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<Choice | ''>('');
  const [words, setWords] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const choices = CHOICES.filter((option) => !(candidate.status === 'referred' && option === candidate.referralKind));
  const wordsLabel = choice === 'dismiss' ? t('decide.reason') : t('decide.note');
  const pointer = choice === 'dismiss' ? '/body/reason' : '/body/note';
  const wordsProblem = fieldProblem(error, pointer, wordsLabel);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (!choice) {
      setError(new Error(t('decide.chooseFirst')));
      return;
    }
    if (choice === 'confirm' && !confirming) {
      setConfirming(true);
      return;
    }
    setSaving(true);
    try {
      const { path, body } = request(choice, words.trim());
      const decided = await post<DecisionAnswer>(`/matching/candidates/${candidate.id}/${path}`, body);
      // Confirming closes a case and a record: every view of either is out of date.
      if (decided.status === 'confirmed')
        await Promise.all(['cases', 'unidentified'].map((root) => queryClient.invalidateQueries({ queryKey: [root] })));
      await onDecided(decided);
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="section" aria-labelledby="decide-heading">
      <h4 id="decide-heading">{t('decide.title')}</h4>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        <ErrorMessage error={error} fields={{ [pointer]: { label: wordsLabel, id: 'decision-words' } }} />
        <fieldset>
          <legend>{t('decide.choice')}</legend>
          {choices.map((option) => (
            <label key={option} className="choice">
              <input
                type="radio"
                name="decision"
                value={option}
                checked={choice === option}
                onChange={() => {
                  setChoice(option);
                  setConfirming(false);
                }}
              />{' '}
              {t(`decide.option.${option}`)}
            </label>
          ))}
        </fieldset>
        <div className={`field${wordsProblem ? ' invalid' : ''}`}>
          <label htmlFor="decision-words">{wordsLabel}</label>
          <p id="decision-words-hint" className="hint">
            {choice === 'dismiss' ? t('decide.reasonHint') : t('decide.noteHint')}
          </p>
          {wordsProblem ? (
            <p id="decision-words-problem" className="field-problem">
              {wordsProblem}
            </p>
          ) : null}
          <textarea
            id="decision-words"
            rows={3}
            maxLength={2000}
            value={words}
            aria-invalid={wordsProblem ? true : undefined}
            aria-describedby={wordsProblem ? 'decision-words-hint decision-words-problem' : 'decision-words-hint'}
            onChange={(e) => setWords(e.target.value)}
          />
        </div>
        {confirming ? (
          <p role="alert" className="problem">
            {t('decide.confirmWarning', { case: candidate.case.reference, record: candidate.unidentified.reference })}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className={confirming ? 'danger' : undefined} disabled={saving}>
            {confirming ? t('decide.confirmButton') : t('decide.submit')}
          </button>
          {confirming ? (
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('decide.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
