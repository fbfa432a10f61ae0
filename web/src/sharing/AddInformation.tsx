// For an agency a case or a Philomena profile was shared with: what it has added so far, and a form to add what it
// knows, which those who keep the record see with the agency's name.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { DateTime } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { CONTRIBUTION_CATEGORIES, type ContributionView } from './types.ts';

export function OwnContributions({ items }: { items: ContributionView[] }) {
  const { t } = useTranslation('sharing');
  if (items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="yours-heading">
      <h2 id="yours-heading">{t('add.yours')}</h2>
      <ul className="history">
        {items.map((c) => (
          <li key={c.id}>
            <strong>{t(`category.${c.category}`)}</strong> · <DateTime value={c.addedAt} /> · {c.addedBy}
            <br />
            {c.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `path` is the API route that takes an addition; `intro` says who will see it. */
export function AddInformation({ path, intro, onAdded }: { path: string; intro: string; onAdded: (added: ContributionView) => void }) {
  const { t } = useTranslation('sharing');
  const [category, setCategory] = useState<(typeof CONTRIBUTION_CATEGORIES)[number]>('whereabouts');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    try {
      onAdded(await post<ContributionView>(path, { category, text: text.trim() }));
      setText('');
      setMessage(t('add.done'));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="add-heading" className="section">
      <h2 id="add-heading">{t('add.title')}</h2>
      <p className="hint">{intro}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <FormProblem error={error} labels={{ '/body/category': t('add.category'), '/body/text': t('add.text') }} />
      <Field label={t('add.category')} pointer="/body/category" error={error}>
        {(p) => (
          <select {...p} value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
            {CONTRIBUTION_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('add.text')} pointer="/body/text" error={error}>
        {(p) => <textarea {...p} rows={4} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit">{t('add.submit')}</button>
    </form>
  );
}
