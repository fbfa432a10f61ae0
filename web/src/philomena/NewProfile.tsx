// Writing a Philomena profile (local authorities and care providers): the child's description, who and where
// they go to, numbers and accounts, medical needs, placement and carers, earlier episodes, the risk factors the
// writer already knows, and when to review it. Lists are typed one entry a line.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { PageHeading } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { formText } from './PhilomenaPage.tsx';
import type { ProfileView } from '../../../src/philomena/schemas.ts';
import '../cases/cases.css';

const TEXTS = ['description', 'medicalNeeds', 'medication', 'placement', 'previousEpisodes'] as const;
const LISTS = ['associates', 'places', 'phonesAndAccounts', 'carerContacts'] as const;
// The risk factors a writer most often knows before any episode.
const KNOWN_RISKS = ['exploitation', 'mental_health', 'online_contact', 'substance_misuse', 'vulnerable_age'] as const;

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function requestFrom(form: FormData) {
  const text = (name: string) => formText(form, name).trim();
  const optional = (name: string) => (text(name) ? text(name) : undefined);
  const body: Record<string, unknown> = {
    givenNames: text('givenNames'),
    familyName: text('familyName'),
    knownAs: optional('knownAs'),
    dateOfBirth: text('dateOfBirth'),
    sex: text('sex'),
    heightCm: text('heightCm') ? Number(text('heightCm')) : undefined,
    hairColour: optional('hairColour'),
    distinguishingMarks: optional('distinguishingMarks'),
    areaCode: text('areaCode'),
    nextReviewOn: text('nextReviewOn'),
    photosReviewBy: optional('photosReviewBy'),
    riskAnswers: KNOWN_RISKS.filter((question) => form.get(`risk-${question}`) === 'on').map((question) => ({ question, answer: 'yes' })),
  };
  for (const name of TEXTS) body[name] = text(name);
  for (const name of LISTS) body[name] = lines(text(name));
  return body;
}

export function NewProfile() {
  const { t } = useTranslation('philomena');
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const labels: Record<string, string> = {
    '/body/givenNames': t('form.givenNames'),
    '/body/familyName': t('form.familyName'),
    '/body/dateOfBirth': t('form.dateOfBirth'),
    '/body/sex': t('form.sex'),
    '/body/areaCode': t('form.areaCode'),
    '/body/nextReviewOn': t('form.nextReviewOn'),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const made = await post<ProfileView>('/philomena-profiles', requestFrom(new FormData(event.currentTarget)));
      void navigate(`/philomena/${made.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const input = (name: string, pointer: string, extra: Record<string, unknown> = {}) => (
    <Field label={t(`form.${name}`)} pointer={pointer} error={error}>
      {(props) => <input {...props} name={name} {...extra} />}
    </Field>
  );
  const area = (name: string, hint?: string) => (
    <Field label={t(`form.${name}`)} pointer={`/body/${name}`} error={error} {...(hint ? { hint } : {})}>
      {(props) => <textarea {...props} name={name} rows={3} />}
    </Field>
  );

  return (
    <main id="main">
      <PageHeading>{t('form.title')}</PageHeading>
      <p>{t('form.intro')}</p>
      <FormProblem error={error} labels={labels} />
      <form onSubmit={(e) => void submit(e)}>
        {input('givenNames', '/body/givenNames', { required: true, maxLength: 100 })}
        {input('familyName', '/body/familyName', { required: true, maxLength: 100 })}
        {input('knownAs', '/body/knownAs', { maxLength: 100 })}
        {input('dateOfBirth', '/body/dateOfBirth', { type: 'date', required: true })}
        <Field label={t('form.sex')} pointer="/body/sex" error={error}>
          {(props) => (
            <select {...props} name="sex" required defaultValue="">
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
        {input('heightCm', '/body/heightCm', { inputMode: 'numeric' })}
        {input('hairColour', '/body/hairColour', { maxLength: 100 })}
        {input('distinguishingMarks', '/body/distinguishingMarks', { maxLength: 2000 })}
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
              <input type="checkbox" name={`risk-${question}`} /> {t(`form.risk.${question}`)}
            </label>
          ))}
        </fieldset>
        <Field label={t('form.areaCode')} pointer="/body/areaCode" error={error} hint={t('form.areaHint')}>
          {(props) => <input {...props} name="areaCode" required maxLength={50} />}
        </Field>
        {input('photosReviewBy', '/body/photosReviewBy', { type: 'date' })}
        {input('nextReviewOn', '/body/nextReviewOn', { type: 'date', required: true })}
        <button type="submit" disabled={busy}>
          {t('form.submit')}
        </button>
      </form>
    </main>
  );
}
