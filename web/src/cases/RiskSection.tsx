// Risk: the fifteen standard questions with the latest answer to each (who gave it, when), the grade those
// answers suggest, the officer's grading with its rationale and every earlier grading; forms to record
// answers and to (re-)grade.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { DateTime } from '../app/ui.tsx';
import type { CaseContext } from './CasePage.tsx';
import { RiskBadge } from './CaseList.tsx';
import { Field, FocusedHeading, FormProblem, useReturnFocus } from './forms.tsx';
import { RISK_LEVELS, RISK_QUESTION_IDS, type CaseView } from './types.ts';
import { latestAnswers, suggestRiskLevel } from '../../../src/cases/risk.ts';

type Choice = '' | 'yes' | 'no' | 'unknown';

function nowLocalInput(): string {
  const date = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The answers on the form, saved or not: kept by the risk section, not the form, so that a grading made
 * while answers are still on screen sends them with it (one request, one transaction) instead of grading
 * over them.
 */
interface AnswersDraft {
  choices: Record<string, Choice>;
  details: Record<string, string>;
  source: string;
  answeredAt: string;
}

const emptyDraft = (): AnswersDraft => ({ choices: {}, details: {}, source: '', answeredAt: nowLocalInput() });

type AnswerInput = { question: string; answer: 'yes' | 'no' | 'unknown'; detail: string; source: string; answeredAt?: string };

/** The draft as the API takes it: only the questions given an answer. */
function draftAnswers(draft: AnswersDraft): AnswerInput[] {
  const at = new Date(draft.answeredAt);
  return RISK_QUESTION_IDS.filter((id) => draft.choices[id]).map((id) => ({
    question: id,
    answer: draft.choices[id] as 'yes' | 'no' | 'unknown',
    detail: draft.details[id]?.trim() ?? '',
    source: draft.source.trim(),
    ...(Number.isNaN(at.getTime()) ? {} : { answeredAt: at.toISOString() }),
  }));
}

// Every answer shares the source and time; the API names the first answer's, so map them to the shared fields.
const SHARED_POINTERS = { source: '/body/answers/0/source', answeredAt: '/body/answers/0/answeredAt' };

function AnswersForm({
  context,
  draft,
  setDraft,
  gradingError,
  onDone,
  onCancel,
}: {
  context: CaseContext;
  draft: AnswersDraft;
  setDraft: (update: (draft: AnswersDraft) => AnswersDraft) => void;
  gradingError: unknown;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const latest = new Map(view.risk.answers.map((a) => [a.question, a]));
  const [ownError, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [nothing, setNothing] = useState(false);
  const error = ownError ?? gradingError;

  const chosen = draftAnswers(draft);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (chosen.length === 0) {
      setNothing(true);
      return;
    }
    setNothing(false);
    setSaving(true);
    try {
      const updated = await post<CaseView>(`/cases/${view.id}/risk-answers`, { answers: chosen }, context.headers);
      context.onChanged(updated);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const labels: Record<string, string> = { [SHARED_POINTERS.source]: t('risk.source'), [SHARED_POINTERS.answeredAt]: t('risk.answeredAt') };

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="answers-form-heading">
      <FocusedHeading id="answers-form-heading">{t('risk.recordAnswers')}</FocusedHeading>
      <p className="hint">{t('risk.answersIntro')}</p>
      <FormProblem error={ownError} labels={labels} />
      {nothing ? (
        <p role="alert" className="problem">
          {t('risk.nothingChosen')}
        </p>
      ) : null}
      <div className="fields">
        <Field label={t('risk.source')} pointer={SHARED_POINTERS.source} error={error} hint={t('risk.sourceHint')}>
          {(p) => (
            <input {...p} value={draft.source} maxLength={200} onChange={(e) => setDraft((d) => ({ ...d, source: e.target.value }))} />
          )}
        </Field>
        <Field label={t('risk.answeredAt')} pointer={SHARED_POINTERS.answeredAt} error={error}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={draft.answeredAt}
              onChange={(e) => setDraft((d) => ({ ...d, answeredAt: e.target.value }))}
            />
          )}
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
                    <label key={choice || 'none'} className="choice-row">
                      <input
                        type="radio"
                        name={`q-${id}`}
                        value={choice}
                        checked={(draft.choices[id] ?? '') === choice}
                        onChange={() => setDraft((d) => ({ ...d, choices: { ...d.choices, [id]: choice } }))}
                      />
                      {choice ? t(`answer.${choice}`) : t('risk.notAsked')}
                    </label>
                  ))}
                </div>
                {draft.choices[id] ? (
                  <div className="field">
                    <label htmlFor={`detail-${id}`}>{t('risk.detail')}</label>
                    <input
                      id={`detail-${id}`}
                      value={draft.details[id] ?? ''}
                      maxLength={2000}
                      onChange={(e) => setDraft((d) => ({ ...d, details: { ...d.details, [id]: e.target.value } }))}
                    />
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
        <button type="button" className="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

function GradingForm({
  context,
  unsaved,
  onGraded,
  onError,
}: {
  context: CaseContext;
  /** Answers on the form above that are not saved yet: they go with the grading. */
  unsaved: AnswerInput[];
  onGraded: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation('cases');
  const { view } = context;
  // What the answers suggest once the unsaved ones are counted, as the server will count them.
  const suggestion = suggestRiskLevel(
    latestAnswers([...view.risk.answers.map((a) => ({ question: a.question, answer: a.answer as AnswerInput['answer'] })), ...unsaved]),
    view.risk.recentEpisodes,
  );
  const [chosenLevel, setLevel] = useState<string>();
  const level = chosenLevel ?? suggestion;
  const [rationale, setRationale] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    onError(undefined);
    setDone(false);
    try {
      const body = { level, rationale: rationale.trim(), ...(unsaved.length > 0 ? { answers: unsaved } : {}) };
      const updated = await post<CaseView>(`/cases/${view.id}/risk-gradings`, body, context.headers);
      context.onChanged(updated);
      setRationale('');
      setLevel(undefined);
      setDone(true);
      onGraded();
    } catch (e) {
      setError(e);
      onError(e);
    } finally {
      setSaving(false);
    }
  }

  const labels = {
    '/body/level': t('risk.level.label'),
    '/body/rationale': t('risk.rationale'),
    [SHARED_POINTERS.source]: t('risk.source'),
    [SHARED_POINTERS.answeredAt]: t('risk.answeredAt'),
    '/body/answers': t('risk.answers'),
  };

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="grading-form-heading">
      <h3 id="grading-form-heading">{t('risk.grade')}</h3>
      {done ? (
        <p role="status" className="notice">
          {t('risk.graded')}
        </p>
      ) : null}
      {unsaved.length > 0 ? (
        <p className="notice unsaved-answers" id="grading-unsaved">
          {t('risk.unsavedWithGrading', { count: unsaved.length })}
        </p>
      ) : null}
      <FormProblem error={error} labels={labels} />
      <Field
        label={t('risk.level.label')}
        pointer="/body/level"
        error={error}
        hint={t('risk.suggestedHint', { level: t(`risk.level.${suggestion}`) })}
      >
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
      <button type="submit" disabled={saving} aria-describedby={unsaved.length > 0 ? 'grading-unsaved' : undefined}>
        {saving
          ? t('form.saving')
          : unsaved.length > 0
            ? t('risk.saveGradingWithAnswers', { count: unsaved.length })
            : t('risk.saveGrading')}
      </button>
    </form>
  );
}

export function RiskSection({ context, canGrade }: { context: CaseContext; canGrade: boolean }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const [answering, setAnswering] = useState(false);
  const [draft, setDraft] = useState<AnswersDraft>(emptyDraft);
  const [gradingError, setGradingError] = useState<unknown>();
  const answerButton = useReturnFocus<HTMLButtonElement>(answering);
  const unsaved = answering ? draftAnswers(draft) : [];
  const closeAnswers = () => {
    setAnswering(false);
    setDraft(emptyDraft());
    setGradingError(undefined);
  };
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
                  {answer.detail ? ` — ${answer.detail}` : ''} · {t('risk.answerSource', { source: answer.source, by: answer.recordedBy })}{' '}
                  · <DateTime value={answer.answeredAt} />
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
          <AnswersForm
            context={context}
            draft={draft}
            setDraft={setDraft}
            gradingError={gradingError}
            onDone={closeAnswers}
            onCancel={closeAnswers}
          />
        ) : (
          <p>
            <button ref={answerButton} type="button" className="secondary" onClick={() => setAnswering(true)}>
              {t('risk.recordAnswers')}
            </button>
          </p>
        )
      ) : null}
      {canGrade ? <GradingForm context={context} unsaved={unsaved} onGraded={closeAnswers} onError={setGradingError} /> : null}

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
