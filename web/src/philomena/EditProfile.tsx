// Changing a profile (its writer only). Every change carries the version the writer saw; when a colleague changed
// the profile meanwhile the API answers 409, the change stays in the form, and the writer loads the latest before
// saving again, as the case edit form does. Only the fields that differ from what the form started with are sent.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { FocusedHeading, FormProblem, StaleEditNotice, isStaleEdit, useReturnFocus } from '../cases/forms.tsx';
import { changedFields, draftOf, fieldsOf, ProfileFields, useProfileLabels, type ProfileDraft } from './ProfileFields.tsx';
import type { ProfileView } from '../../../src/philomena/schemas.ts';

export function EditProfile({ view, onChanged }: { view: ProfileView; onChanged: (view: ProfileView) => void }) {
  const { t } = useTranslation('philomena');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(view));
  const [base, setBase] = useState<ProfileDraft>(() => draftOf(view));
  const [held, setHeld] = useState(view.riskAnswers);
  const [version, setVersion] = useState(view.version);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const editButton = useReturnFocus<HTMLButtonElement>(editing);
  const labels = useProfileLabels();

  function start() {
    setDraft(draftOf(view));
    setBase(draftOf(view));
    setHeld(view.riskAnswers);
    setVersion(view.version);
    setError(undefined);
    setSaved(false);
    setReloaded(false);
    setEditing(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const fields = fieldsOf(draft, held);
    const body: Record<string, unknown> = { version };
    for (const name of changedFields(draft, base)) body[name] = fields[name];
    try {
      const updated = await patch<ProfileView>(`/philomena-profiles/${view.id}`, body);
      onChanged(updated);
      setEditing(false);
      setSaved(true);
      setReloaded(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function reloadLatest() {
    const latest = await get<ProfileView>(`/philomena-profiles/${view.id}`);
    onChanged(latest);
    // Fields the writer did not touch take the newest values; the ones they changed keep their edit.
    const newest = draftOf(latest);
    setDraft((d) => Object.fromEntries(Object.entries(d).map(([name, value]) => [name, value === base[name] ? newest[name]! : value])));
    setBase(newest);
    setHeld(latest.riskAnswers);
    setVersion(latest.version);
    setError(undefined);
    setReloaded(true);
  }

  return (
    <section className="panel" aria-labelledby="edit-profile-heading">
      <h2 id="edit-profile-heading">{t('edit.title')}</h2>
      {saved ? (
        <p role="status" className="notice">
          {t('edit.saved')}
        </p>
      ) : null}
      {!editing ? (
        <button ref={editButton} type="button" className="secondary" onClick={start}>
          {t('edit.start')}
        </button>
      ) : (
        <form onSubmit={(event) => handled(save(event))} noValidate aria-labelledby="edit-profile-form-heading">
          <FocusedHeading id="edit-profile-form-heading">{t('edit.formTitle')}</FocusedHeading>
          {isStaleEdit(error) ? (
            <StaleEditNotice title={t('edit.stale')} onReload={() => handled(reloadLatest())} />
          ) : (
            <FormProblem error={error} labels={labels} />
          )}
          {reloaded ? (
            <p role="status" className="notice">
              {t('edit.reloaded')}
            </p>
          ) : null}
          <ProfileFields draft={draft} setDraft={setDraft} error={error} />
          <div className="actions">
            <button type="submit" disabled={saving}>
              {t('edit.save')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {t('edit.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
