// Risk: the fifteen standard questions with the latest answer to each (who gave it, when), the grade those
// answers suggest, the officer's grading with its rationale and every earlier grading; forms to record
// answers and to (re-)grade.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { DateTime } from '../app/ui.tsx';
import type { CaseContext } from './CasePage.tsx';
import { RiskBadge } from './CaseList.tsx';
import { Field, FocusedHeading, FormProblem, useReturnFocus } from './forms.tsx';
import { RISK_LEVELS, RISK_QUESTION_IDS, type CaseView } from './types.ts';

type Choice = '' | 'yes' | 'no' | 'unknown';

function nowLocalInput(): string {
  const date = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function AnswersForm({ context, onDone }: { context: CaseContext; onDone: () => void }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const latest = new Map(view.risk.answers.map((a) => [a.question, a]));
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [details, setDetails] = useState<Record<string, string>>({});
  const [source, setSource] = useState('');
  const [answeredAt, setAnsweredAt] = useState(nowLocalInput);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [nothing, setNothing] = useState(false);

  const chosen = RISK_QUESTION_IDS.filter((id) => choices[id]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (chosen.length === 0) {
      setNothing(true);
      return;
    }
    setNothing(false);
    setSaving(true);
    const at = new Date(answeredAt);
    try {
      const updated = await post<CaseView>(
        `/cases/${view.id}/risk-answers`,
        {
          answers: chosen.map((id) => ({
            question: id,
            answer: choices[id],
            detail: details[id]?.trim() ?? '',
            source: source.trim(),
            ...(Number.isNaN(at.getTime()) ? {} : { answeredAt: at.toISOString() }),
          })),
        },
        context.headers,
      );
      context.onChanged(updated);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  // Every answer shares the source and time; the API names the first answer's, so map them to the shared fields.
  const labels: Record<string, string> = { '/body/answers/0/source': t('risk.source'), '/body/answers/0/answeredAt': t('risk.answeredAt') };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="answers-form-heading">
      <FocusedHeading id="answers-form-heading">{t('risk.recordAnswers')}</FocusedHeading>
      <p className="hint">{t('risk.answersIntro')}</p>
      <FormProblem error={error} labels={labels} />
      {nothing ? (
        <p role="alert" className="problem">
          {t('risk.nothingChosen')}
        </p>
      ) : null}
      <div className="fields">
        <Field label={t('risk.source')} pointer="/body/answers/0/source" error={error} hint={t('risk.sourceHint')}>
          {(p) => <input {...p} value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />}
        </Field>
        <Field label={t('risk.answeredAt')} pointer="/body/answers/0/answeredAt" error={error}>
          {(p) => <input {...p} type="datetime-local" value={answeredAt} onChange={(e) => setAnsweredAt(e.target.value)} />}
        </Field>
      </div>
      <ol className="questions">
        {RISK_QUESTION_IDS.map((id) => {
          const previous = latest.get(id);
          return (
            <li key={id}>
              <fieldset>
                <legend>{t(`questions.${id}`)}</legend>
                {previous ? (
                  <p className="answer-current">
                    {t('risk.currentAnswer', { answer: t(`answer.${previous.answer}`), source: previous.source })}
                  </p>
                ) : null}
                <div className="answer-choices">
                  {(['yes', 'no', 'unknown', ''] as const).map((choice) => (
                    <label key={choice || 'none'}>
                      <input type="radio" name={`q-${id}`} value={choice} checked={(choices[id] ?? '') === choice} onChange={() => setChoices((c) => ({ ...c, [id]: choice }))} />
                      {choice ? t(`answer.${choice}`) : t('risk.notAsked')}
                    </label>
                  ))}
                </div>
                {choices[id] ? (
                  <div className="field">
                    <label htmlFor={`detail-${id}`}>{t('risk.detail')}</label>
                    <input id={`detail-${id}`} value={details[id] ?? ''} maxLength={2000} onChange={(e) => setDetails((d) => ({ ...d, [id]: e.target.value }))} />
                  </div>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('form.saving') : t('risk.saveAnswers', { count: chosen.length })}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

function GradingForm({ context }: { context: CaseContext }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const [level, setLevel] = useState<string>(view.risk.suggestedLevel);
  const [rationale, setRationale] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setDone(false);
    try {
      const updated = await post<CaseView>(`/cases/${view.id}/risk-gradings`, { level, rationale: rationale.trim() }, context.headers);
      context.onChanged(updated);
      setRationale('');
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="grading-form-heading">
      <h3 id="grading-form-heading">{t('risk.grade')}</h3>
      {done ? (
        <p role="status" className="notice">
          {t('risk.graded')}
        </p>
      ) : null}
      <FormProblem error={error} labels={{ '/body/level': t('risk.level.label'), '/body/rationale': t('risk.rationale') }} />
      <Field label={t('risk.level.label')} pointer="/body/level" error={error} hint={t('risk.suggestedHint', { level: t(`risk.level.${view.risk.suggestedLevel}`) })}>
        {(p) => (
          <select {...p} value={level} onChange={(e) => setLevel(e.target.value)}>
            {RISK_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`risk.level.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('risk.rationale')} pointer="/body/rationale" error={error} hint={t('risk.rationaleHint')}>
        {(p) => <textarea {...p} rows={3} maxLength={5000} value={rationale} onChange={(e) => setRationale(e.target.value)} />}
      </Field>
      <button type="submit" disabled={saving}>
        {saving ? t('form.saving') : t('risk.saveGrading')}
      </button>
    </form>
  );
}

export function RiskSection({ context, canGrade }: { context: CaseContext; canGrade: boolean }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const [answering, setAnswering] = useState(false);
  const answerButton = useReturnFocus<HTMLButtonElement>(answering);
  const latest = new Map(view.risk.answers.map((a) => [a.question, a]));
  const gradings = [...view.risk.gradings].reverse();
  const current = gradings[0];

  return (
    <section className="section" aria-labelledby="risk-heading">
      <h2 id="risk-heading">{t('risk.title')}</h2>
      <dl className="facts">
        <dt>{t('risk.officerGrade')}</dt>
        <dd>
          <RiskBadge level={view.risk.level} />
          {current ? (
            <>
              {' '}
              {t('risk.gradedBy', { who: current.gradedBy })} <DateTime value={current.gradedAt} />
            </>
          ) : null}
        </dd>
        {current ? (
          <>
            <dt>{t('risk.rationale')}</dt>
            <dd>{current.rationale}</dd>
          </>
        ) : null}
        <dt>{t('risk.suggested')}</dt>
        <dd>
          <RiskBadge level={view.risk.suggestedLevel} /> <span className="muted">{t('risk.suggestedWhy')}</span>
        </dd>
      </dl>

      <h3>{t('risk.answers')}</h3>
      <ol className="questions">
        {RISK_QUESTION_IDS.map((id) => {
          const answer = latest.get(id);
          return (
            <li key={id}>
              <strong>{t(`questions.${id}`)}</strong>
              {answer ? (
                <p className="answer-current">
                  <span className={answer.answer === 'yes' ? 'answer-yes' : undefined}>{t(`answer.${answer.answer}`)}</span>
                  {answer.detail ? ` — ${answer.detail}` : ''} · {t('risk.answerSource', { source: answer.source, by: answer.recordedBy })} · <DateTime value={answer.answeredAt} />
                </p>
              ) : (
                <p className="answer-current">{t('risk.notAnswered')}</p>
              )}
            </li>
          );
        })}
      </ol>
      {canGrade ? (
        answering ? (
          <AnswersForm context={context} onDone={() => setAnswering(false)} />
        ) : (
          <p>
            <button ref={answerButton} type="button" className="secondary" onClick={() => setAnswering(true)}>
              {t('risk.recordAnswers')}
            </button>
          </p>
        )
      ) : null}
      {canGrade ? <GradingForm key={view.risk.suggestedLevel} context={context} /> : null}

      <h3>{t('risk.history')}</h3>
      {gradings.length === 0 ? (
        <p>{t('risk.noGradings')}</p>
      ) : (
        <ol className="history">
          {gradings.map((g, i) => (
            <li key={`${g.gradedAt}-${i}`}>
              <RiskBadge level={g.level} /> <DateTime value={g.gradedAt} /> · {g.gradedBy}
              <br />
              <span className="muted">{t('risk.suggestedThen', { level: t(`risk.level.${g.suggestedLevel}`) })}</span>
              <br />
              {g.rationale}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
