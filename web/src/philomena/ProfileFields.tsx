// The fields of a Philomena profile as the writer types them, shared by writing a profile and changing one. The
// form is a draft of strings (lists one entry a line, known risks as ticked boxes) turned into the API's request.
import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../cases/forms.tsx';
import type { ProfileView } from '../../../src/philomena/schemas.ts';

export const TEXTS = ['description', 'medicalNeeds', 'medication', 'placement', 'previousEpisodes'] as const;
export const LISTS = ['associates', 'places', 'phonesAndAccounts', 'carerContacts'] as const;
const OPTIONAL = ['knownAs', 'hairColour', 'distinguishingMarks', 'photosReviewBy'] as const;
// The risk factors a writer most often knows before any episode.
export const KNOWN_RISKS = ['exploitation', 'mental_health', 'online_contact', 'substance_misuse', 'vulnerable_age'] as const;

export type ProfileDraft = Record<string, string>;
type RiskAnswer = ProfileView['riskAnswers'][number];

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The draft of an existing profile, or an empty one. */
export function draftOf(view?: ProfileView): ProfileDraft {
  const draft: ProfileDraft = {
    givenNames: view?.givenNames ?? '',
    familyName: view?.familyName ?? '',
    knownAs: view?.knownAs ?? '',
    dateOfBirth: view?.dateOfBirth ?? '',
    sex: view?.sex ?? '',
    heightCm: view?.heightCm ? String(view.heightCm) : '',
    hairColour: view?.hairColour ?? '',
    distinguishingMarks: view?.distinguishingMarks ?? '',
    photosReviewBy: view?.photosReviewBy ?? '',
    nextReviewOn: view?.nextReviewOn ?? '',
  };
  for (const name of TEXTS) draft[name] = view?.[name] ?? '';
  for (const name of LISTS) draft[name] = (view?.[name] ?? []).join('\n');
  for (const question of KNOWN_RISKS)
    draft[`risk-${question}`] = view?.riskAnswers.some((a) => a.question === question && a.answer === 'yes') ? 'on' : '';
  return draft;
}

/**
 * The request fields of a draft. Known risks ticked are answered yes; answers to other questions (or with a
 * detail) that the profile already holds are kept as they are.
 */
export function fieldsOf(draft: ProfileDraft, held: RiskAnswer[] = []): Record<string, unknown> {
  const text = (name: string) => (draft[name] ?? '').trim();
  const body: Record<string, unknown> = {
    givenNames: text('givenNames'),
    familyName: text('familyName'),
    dateOfBirth: text('dateOfBirth'),
    sex: text('sex'),
    heightCm: text('heightCm') ? Number(text('heightCm')) : null,
    nextReviewOn: text('nextReviewOn'),
  };
  for (const name of OPTIONAL) body[name] = text(name) || null;
  for (const name of TEXTS) body[name] = text(name);
  for (const name of LISTS) body[name] = lines(text(name));
  const known = new Set<string>(KNOWN_RISKS);
  const kept = held.filter((a) => !known.has(a.question)).map(({ question, answer, detail }) => ({ question, answer, detail }));
  const ticked = KNOWN_RISKS.filter((question) => draft[`risk-${question}`] === 'on').map((question) => {
    const detail = held.find((a) => a.question === question)?.detail;
    return detail ? { question, answer: 'yes', detail } : { question, answer: 'yes' };
  });
  body.riskAnswers = [...kept, ...ticked];
  return body;
}

/** The names of the request fields a draft changes from its base (the known risks together as riskAnswers). */
export function changedFields(draft: ProfileDraft, base: ProfileDraft): string[] {
  const names = Object.keys(base).filter((name) => !name.startsWith('risk-') && draft[name] !== base[name]);
  if (KNOWN_RISKS.some((question) => draft[`risk-${question}`] !== base[`risk-${question}`])) names.push('riskAnswers');
  return names;
}

export function useProfileLabels(): Record<string, string> {
  const { t } = useTranslation('philomena');
  return {
    '/body/givenNames': t('form.givenNames'),
    '/body/familyName': t('form.familyName'),
    '/body/dateOfBirth': t('form.dateOfBirth'),
    '/body/sex': t('form.sex'),
    '/body/heightCm': t('form.heightCm'),
    '/body/areaCode': t('form.areaCode'),
    '/body/photosReviewBy': t('form.photosReviewBy'),
    '/body/nextReviewOn': t('form.nextReviewOn'),
  };
}

/** Every field a writer sets, controlled by the draft. */
export function ProfileFields({
  draft,
  setDraft,
  error,
}: {
  draft: ProfileDraft;
  setDraft: Dispatch<SetStateAction<ProfileDraft>>;
  error: unknown;
}) {
  const { t } = useTranslation('philomena');
  const bind = (name: string) => ({
    name,
    value: draft[name] ?? '',
    onChange: (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: event.target.value })),
  });
  const input = (name: string, extra: Record<string, unknown> = {}) => (
    <Field label={t(`form.${name}`)} pointer={`/body/${name}`} error={error}>
      {(props) => <input {...props} {...bind(name)} {...extra} />}
    </Field>
  );
  const area = (name: string, hint?: string) => (
    <Field label={t(`form.${name}`)} pointer={`/body/${name}`} error={error} {...(hint ? { hint } : {})}>
      {(props) => <textarea {...props} {...bind(name)} rows={3} />}
    </Field>
  );
  return (
    <>
      {input('givenNames', { required: true, maxLength: 100 })}
      {input('familyName', { required: true, maxLength: 100 })}
      {input('knownAs', { maxLength: 100 })}
      {input('dateOfBirth', { type: 'date', required: true })}
      <Field label={t('form.sex')} pointer="/body/sex" error={error}>
        {(props) => (
          <select {...props} {...bind('sex')} required>
            <option value="" disabled>
              {t('form.choose')}
            </option>
            {(['female', 'male', 'other', 'unknown'] as const).map((sex) => (
              <option key={sex} value={sex}>
                {t(`sex.${sex}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input('heightCm', { inputMode: 'numeric' })}
      {input('hairColour', { maxLength: 100 })}
      {input('distinguishingMarks', { maxLength: 2000 })}
      {area('description')}
      {area('associates', t('form.oneALine'))}
      {area('places', t('form.oneALine'))}
      {area('phonesAndAccounts', t('form.oneALine'))}
      {area('medicalNeeds')}
      {area('medication')}
      {area('placement')}
      {area('carerContacts', t('form.oneALine'))}
      {area('previousEpisodes')}
      <fieldset>
        <legend>{t('form.risks')}</legend>
        {KNOWN_RISKS.map((question) => (
          <label key={question} className="check">
            <input
              type="checkbox"
              name={`risk-${question}`}
              checked={draft[`risk-${question}`] === 'on'}
              onChange={(event) => setDraft((d) => ({ ...d, [`risk-${question}`]: event.target.checked ? 'on' : '' }))}
            />{' '}
            {t(`form.risk.${question}`)}
          </label>
        ))}
      </fieldset>
      {input('photosReviewBy', { type: 'date' })}
      {input('nextReviewOn', { type: 'date', required: true })}
    </>
  );
}
