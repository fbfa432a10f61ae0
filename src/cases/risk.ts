// Risk grading of a missing child. The officer grades; the standard questions and the suggestion below
// make the grading consistent and show their working. Based on the questions forces ask at first report.
import { REPEAT_EPISODES } from '../profiles/repeats.ts';

export const RISK_LEVELS = ['no_apparent', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface RiskQuestion {
  id: string;
  text: string;
  /** The least level a "yes" to this question suggests. */
  yesSuggests: RiskLevel;
}

export const RISK_QUESTIONS: readonly RiskQuestion[] = [
  { id: 'reporter_concerned', text: 'Is the person reporting worried for a specific reason?', yesSuggests: 'low' },
  { id: 'out_of_character', text: 'Is going missing out of character?', yesSuggests: 'medium' },
  { id: 'missing_before', text: 'Has the child gone missing before?', yesSuggests: 'low' },
  { id: 'in_care', text: 'Is the child looked after (in care)?', yesSuggests: 'low' },
  { id: 'medical_needs', text: 'Does the child need medication or have a medical condition?', yesSuggests: 'medium' },
  { id: 'mental_health', text: 'Are there mental health concerns, self-harm or suicidal thoughts?', yesSuggests: 'high' },
  { id: 'exploitation', text: 'Is the child at risk of sexual or criminal exploitation?', yesSuggests: 'high' },
  { id: 'trafficking', text: 'Is there a suspicion of trafficking?', yesSuggests: 'high' },
  { id: 'abduction', text: 'Is there reason to think the child was taken or is with someone who may harm them?', yesSuggests: 'high' },
  { id: 'domestic_abuse', text: 'Has the child been exposed to domestic abuse or family conflict?', yesSuggests: 'medium' },
  { id: 'substance_misuse', text: 'Is drug or alcohol misuse involved?', yesSuggests: 'medium' },
  { id: 'online_contact', text: 'Is there concerning online contact (new contacts, grooming)?', yesSuggests: 'medium' },
  { id: 'vulnerable_age', text: 'Is the child under 12, or do they have a learning disability?', yesSuggests: 'high' },
  { id: 'weather_environment', text: 'Do weather or surroundings put the child in danger?', yesSuggests: 'medium' },
  { id: 'bullying', text: 'Is the child being bullied, or in trouble at school or home?', yesSuggests: 'low' },
];

const QUESTION_BY_ID = new Map(RISK_QUESTIONS.map((q) => [q.id, q]));

export function isRiskQuestion(id: string): boolean {
  return QUESTION_BY_ID.has(id);
}

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);

/**
 * The grade the latest answers suggest: the highest level any "yes" calls for, one step higher when three
 * or more medium factors combine. "Unknown" answers suggest nothing on their own; the officer decides.
 * A repeat episode (the third or later in 90 days, counting this one: `recentEpisodes`) raises the suggestion
 * one step more, to at least medium: repeat missing is the strongest sign that a child is being harmed.
 */
export function suggestRiskLevel(
  latestAnswers: readonly { question: string; answer: 'yes' | 'no' | 'unknown' }[],
  recentEpisodes = 1,
): RiskLevel {
  const level = suggestFromAnswers(latestAnswers);
  if (recentEpisodes < REPEAT_EPISODES) return level;
  return RISK_LEVELS[Math.max(rank('medium'), Math.min(rank(level) + 1, rank('high')))]!;
}

function suggestFromAnswers(latestAnswers: readonly { question: string; answer: 'yes' | 'no' | 'unknown' }[]): RiskLevel {
  let level: RiskLevel = 'no_apparent';
  let mediumFactors = 0;
  for (const { question, answer } of latestAnswers) {
    if (answer !== 'yes') continue;
    const suggests = QUESTION_BY_ID.get(question)?.yesSuggests;
    if (!suggests) continue;
    if (rank(suggests) >= rank('medium')) mediumFactors += 1;
    if (rank(suggests) > rank(level)) level = suggests;
  }
  if (level === 'medium' && mediumFactors >= 3) level = 'high';
  return level;
}

/** The most recent answer to each question, from a list in recording order. */
export function latestAnswers<T extends { question: string }>(answers: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const answer of answers) latest.set(answer.question, answer);
  return [...latest.values()];
}
