// On a case page, for the police: the episode's return interview in the police view, the child's previous
// interview, and the risk answers it suggests for this episode, which the officer adds with one action.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { consoleDate } from '../app/dates.ts';
import { ErrorMessage } from '../app/ui.tsx';
import { InterviewSummary } from './InterviewPage.tsx';
import type { CaseInterviews } from './types.ts';
import './interviews.css';

export function CaseInterviewSection({
  caseId,
  headers,
  canGrade,
  onAnswersAdded,
}: {
  caseId: string;
  headers: Record<string, string>;
  canGrade: boolean;
  onAnswersAdded: () => void;
}) {
  const { t, i18n } = useTranslation('interviews');
  const { t: tc } = useTranslation('cases');
  const client = useQueryClient();
  const key = ['interviews', 'case', caseId];
  const answer = useQuery({
    queryKey: key,
    queryFn: () => get<CaseInterviews>(`/cases/${caseId}/return-interviews`, headers),
    gcTime: SENSITIVE_GC_MS,
  });
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const data = answer.data;

  async function addSuggested() {
    if (!data) return;
    setError(undefined);
    try {
      await post(`/cases/${caseId}/risk-answers`, { answers: data.suggestedAnswers }, headers);
      setMessage(t('case.added'));
      await client.invalidateQueries({ queryKey: key });
      onAnswersAdded();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="section" aria-labelledby="interview-heading">
      <h2 id="interview-heading">{t('case.title')}</h2>
      <ErrorMessage error={answer.error ?? error} />
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      {data ? (
        <>
          {data.current ? <InterviewSummary interview={data.current} /> : <p>{t('case.none')}</p>}
          {data.previous ? (
            <>
              <h3>{t('case.previous', { date: consoleDate(data.previous.interviewedAt ?? data.previous.returnedAt, i18n.language) })}</h3>
              <InterviewSummary interview={data.previous} />
            </>
          ) : null}
          {data.suggestedAnswers.length > 0 ? (
            <>
              <p>{t('case.suggested')}</p>
              <ul>
                {data.suggestedAnswers.map((s) => (
                  <li key={s.question}>
                    {tc(`questions.${s.question}`)} — {s.detail}
                  </li>
                ))}
              </ul>
              {canGrade ? (
                <button type="button" className="secondary" onClick={() => handled(addSuggested())}>
                  {t('case.addSuggested')}
                </button>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
