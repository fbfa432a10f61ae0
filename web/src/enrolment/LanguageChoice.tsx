// The language a new webhook or screen is given, and whether it also takes exercise and test alerts.
import { useTranslation } from 'react-i18next';
import { RECIPIENT_LANGUAGES } from './types.ts';

interface LanguageChoiceProps {
  idPrefix: string;
  labels: { language: string; exercises: string };
  language: string;
  onLanguage: (language: string) => void;
  exercises: boolean;
  onExercises: (exercises: boolean) => void;
}

export function LanguageChoice({ idPrefix, labels, language, onLanguage, exercises, onExercises }: LanguageChoiceProps) {
  const { t } = useTranslation('enrolment');
  return (
    <div className="row">
      <div>
        <label htmlFor={`${idPrefix}-language`}>{labels.language}</label>
        <select id={`${idPrefix}-language`} value={language} onChange={(e) => onLanguage(e.target.value)}>
          {RECIPIENT_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="choice">
        <input type="checkbox" checked={exercises} onChange={(e) => onExercises(e.target.checked)} />
        {labels.exercises}
      </label>
    </div>
  );
}
