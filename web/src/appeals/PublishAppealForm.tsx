// Publishing a case's long-term appeal: the consent the policy requires (on what basis, given by whom, as a role
// or relationship and never contact details), the first review date (within a year), the country, and the
// appeal's text in one or more languages. The API checks it all; its refusals are shown by field.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { Field, FormProblem } from '../cases/forms.tsx';
import { APPEAL_LIMITS, CONSENT_BASES, type AppealView } from './types.ts';

interface Content {
  language: string;
  headline: string;
  description: string;
}

export function PublishAppealForm({
  caseId,
  headers,
  onPublished,
}: {
  caseId: string;
  headers: Record<string, string>;
  onPublished: (appeal: AppealView) => void;
}) {
  const { t } = useTranslation('appeals');
  const [basis, setBasis] = useState('');
  const [givenBy, setGivenBy] = useState('');
  const [reviewDueOn, setReviewDueOn] = useState('');
  const [country, setCountry] = useState('GB');
  const [contents, setContents] = useState<Content[]>([{ language: 'en', headline: '', description: '' }]);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  const labels: Record<string, string> = {
    '/body/consent/basis': t('consent.basisLabel'),
    '/body/consent/givenBy': t('consent.givenBy'),
    '/body/reviewDueOn': t('publish.reviewDueOn'),
    '/body/country': t('publish.country'),
    '/body/contents': t('publish.contents'),
  };
  contents.forEach((_, i) => {
    labels[`/body/contents/${i}/language`] = t('publish.language', { n: i + 1 });
    labels[`/body/contents/${i}/headline`] = t('publish.headline', { n: i + 1 });
    labels[`/body/contents/${i}/description`] = t('publish.description', { n: i + 1 });
  });
  const change = (i: number, part: Partial<Content>) => setContents((old) => old.map((c, j) => (j === i ? { ...c, ...part } : c)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    try {
      // Sent as typed: the API names any field at fault (an empty choice is refused there, as any other).
      const body = {
        caseId,
        consent: { basis, givenBy: givenBy.trim() },
        reviewDueOn,
        country: country.trim().toUpperCase(),
        contents: contents.map((c) => ({ language: c.language.trim(), headline: c.headline.trim(), description: c.description.trim() })),
      };
      onPublished(await post<AppealView>('/long-term-appeals', body, headers));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="appeal-publish-heading">
      <h3 id="appeal-publish-heading">{t('publish.title')}</h3>
      <p className="hint">{t('publish.intro')}</p>
      <FormProblem error={error} labels={labels} />
      <Field label={labels['/body/consent/basis']!} pointer="/body/consent/basis" error={error}>
        {(p) => (
          <select {...p} value={basis} onChange={(e) => setBasis(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {CONSENT_BASES.map((value) => (
              <option key={value} value={value}>
                {t(`consent.basis.${value}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={labels['/body/consent/givenBy']!} pointer="/body/consent/givenBy" error={error} hint={t('consent.givenByHint')}>
        {(p) => <input {...p} value={givenBy} maxLength={APPEAL_LIMITS.consentGivenBy} onChange={(e) => setGivenBy(e.target.value)} />}
      </Field>
      <Field label={labels['/body/reviewDueOn']!} pointer="/body/reviewDueOn" error={error} hint={t('review.hint')}>
        {(p) => <input {...p} type="date" value={reviewDueOn} onChange={(e) => setReviewDueOn(e.target.value)} />}
      </Field>
      <Field label={labels['/body/country']!} pointer="/body/country" error={error} hint={t('publish.countryHint')}>
        {(p) => <input {...p} value={country} maxLength={2} autoComplete="off" onChange={(e) => setCountry(e.target.value)} />}
      </Field>
      {contents.map((content, i) => (
        <fieldset key={i} className="appeal-content">
          <legend>{t('publish.textIn', { n: i + 1 })}</legend>
          <Field
            label={labels[`/body/contents/${i}/language`]!}
            pointer={`/body/contents/${i}/language`}
            error={error}
            hint={t('publish.languageHint')}
          >
            {(p) => <input {...p} value={content.language} maxLength={35} onChange={(e) => change(i, { language: e.target.value })} />}
          </Field>
          <Field label={labels[`/body/contents/${i}/headline`]!} pointer={`/body/contents/${i}/headline`} error={error}>
            {(p) => (
              <input
                {...p}
                value={content.headline}
                maxLength={APPEAL_LIMITS.headline}
                onChange={(e) => change(i, { headline: e.target.value })}
              />
            )}
          </Field>
          <Field label={labels[`/body/contents/${i}/description`]!} pointer={`/body/contents/${i}/description`} error={error}>
            {(p) => (
              <textarea
                {...p}
                rows={4}
                value={content.description}
                maxLength={APPEAL_LIMITS.description}
                onChange={(e) => change(i, { description: e.target.value })}
              />
            )}
          </Field>
          {contents.length > 1 ? (
            <button type="button" className="secondary" onClick={() => setContents((old) => old.filter((_, j) => j !== i))}>
              {t('publish.removeLanguage', { n: i + 1 })}
            </button>
          ) : null}
        </fieldset>
      ))}
      <div className="actions">
        {contents.length < APPEAL_LIMITS.contents ? (
          <button
            type="button"
            className="secondary"
            onClick={() => setContents((old) => [...old, { language: '', headline: '', description: '' }])}
          >
            {t('publish.addLanguage')}
          </button>
        ) : null}
        <button type="submit" disabled={saving}>
          {t('publish.submit')}
        </button>
      </div>
    </form>
  );
}
