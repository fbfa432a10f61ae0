// Writing a Philomena profile (local authorities and care providers): the child's description, who and where
// they go to, numbers and accounts, medical needs, placement and carers, earlier episodes, the risk factors the
// writer already knows, and when to review it. Lists are typed one entry a line.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get, post } from '../app/api.ts';
import { PageHeading } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { draftOf, fieldsOf, ProfileFields, useProfileLabels } from './ProfileFields.tsx';
import type { ProfileAreaList, ProfileView } from '../../../src/philomena/schemas.ts';
import '../cases/cases.css';

export function NewProfile() {
  const { t } = useTranslation('philomena');
  const navigate = useNavigate();
  const [draft, setDraft] = useState(() => draftOf());
  const [areaCode, setAreaCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const labels = useProfileLabels();
  // The areas the writer's organisation works in; one alone is chosen for them.
  const areas = useQuery({ queryKey: ['philomena', 'areas'], queryFn: () => get<ProfileAreaList>('/philomena-profiles/areas') });
  const only = areas.data?.items.length === 1 ? areas.data.items[0]!.code : '';
  const chosenArea = areaCode || only;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const made = await post<ProfileView>('/philomena-profiles', { ...fieldsOf(draft), areaCode: chosenArea });
      void navigate(`/philomena/${made.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <main id="main">
      <PageHeading>{t('form.title')}</PageHeading>
      <p>{t('form.intro')}</p>
      <FormProblem error={error} labels={labels} />
      <form onSubmit={(e) => void submit(e)}>
        <ProfileFields draft={draft} setDraft={setDraft} error={error} />
        <Field label={t('form.areaCode')} pointer="/body/areaCode" error={error} hint={t('form.areaChoiceHint')}>
          {(props) => (
            <select {...props} name="areaCode" required value={chosenArea} onChange={(e) => setAreaCode(e.target.value)}>
              <option value="" disabled>
                {t('form.choose')}
              </option>
              {(areas.data?.items ?? []).map((area) => (
                <option key={area.code} value={area.code}>
                  {area.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {t('form.submit')}
        </button>
      </form>
    </main>
  );
}
