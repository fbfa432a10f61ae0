// A new episode of a known child starts from the last episode's risk answers, offered for the officer to confirm
// (each ticked; untick what no longer holds), not from a blank form. The third episode in 90 days is said
// plainly: it raises the suggested risk and puts the child on the repeat-missing list.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { ErrorMessage } from '../app/ui.tsx';
import type { NextEpisodeStart } from '../../../src/cases/repeat-schemas.ts';
import { RiskBadge } from './CaseList.tsx';

export type ConfirmedAnswers = { question: string; answer: 'yes' | 'no' | 'unknown'; detail: string; source: string }[];

export function useNextEpisode(childId: string | undefined) {
  return useQuery({
    queryKey: keys.nextEpisode(childId ?? ''),
    queryFn: () => get<NextEpisodeStart>(`/children/${childId ?? ''}/next-episode`),
    enabled: childId !== undefined,
  });
}

/** The answers confirmed (ticked), as the new case records them: sourced to the episode they came from. */
export function confirmedAnswers(start: NextEpisodeStart | undefined, unticked: ReadonlySet<string>): ConfirmedAnswers {
  if (!start) return [];
  return start.answers
    .filter((answer) => !unticked.has(answer.question))
    .map((answer) => ({
      question: answer.question,
      answer: answer.answer,
      detail: answer.detail,
      source: `Confirmed from ${start.lastEpisode.reference}: ${answer.source}`.slice(0, 200),
    }));
}

export function RepeatAnswers({
  start,
  error,
  unticked,
  onToggle,
}: {
  start: NextEpisodeStart | undefined;
  error: unknown;
  unticked: ReadonlySet<string>;
  onToggle: (question: string) => void;
}) {
  const { t } = useTranslation('cases');
  if (error) return <ErrorMessage error={error} />;
  if (!start) return null;
  return (
    <fieldset className="panel">
      <legend>{t('repeat.title', { reference: start.lastEpisode.reference })}</legend>
      {start.episodesIn90Days >= 3 ? (
        <p role="status" className="notice">
          {t('repeat.raised', { count: start.episodesIn90Days })}
        </p>
      ) : null}
      <p>
        {t('repeat.suggested')} <RiskBadge level={start.suggestedLevel} />
      </p>
      {start.answers.length === 0 ? (
        <p className="muted">{t('repeat.none')}</p>
      ) : (
        <>
          <p>{t('repeat.intro')}</p>
          {start.answers.map((answer) => (
            <label key={answer.question} className="check">
              <input type="checkbox" checked={!unticked.has(answer.question)} onChange={() => onToggle(answer.question)} />{' '}
              <span>
                {t(`questions.${answer.question}`)} <strong>{t(`answer.${answer.answer}`)}</strong>
                {answer.detail ? ` (${answer.detail})` : ''}
              </span>
            </label>
          ))}
        </>
      )}
    </fieldset>
  );
}
