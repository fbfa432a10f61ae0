// Editing an open record: where and when found, the description and the marks. Only what changed is sent,
// with the version the officer saw; when a colleague changed the record meanwhile the API answers 409, the
// edit stays in the form, and the officer loads the latest before saving again.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { FocusedHeading, FormProblem, isStaleEdit, useReturnFocus } from '../cases/forms.tsx';
import { draftOf, patchFrom, type Draft, type TextKey } from './draft.ts';
import { missingFields } from './NewUnidentified.tsx';
import { DescriptionFields, FoundFields, MarksEditor, OtherFields, useUnidentifiedLabels, type TextField } from './UnidentifiedFields.tsx';
import type { RecordContext } from './UnidentifiedPage.tsx';
import type { UnidentifiedView } from './types.ts';

/** A refused stale change, explained, with a way to load the latest (the change stays in the form). */
export function StaleRecordNotice({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation('unidentified');
  return (
    <div role="alert" className="problem">
      <strong>{t('stale.title')}</strong>
      <p>{t('stale.detail')}</p>
      <button type="button" onClick={onReload}>
        {t('stale.reload')}
      </button>
    </div>
  );
}

export function EditUnidentified({ context }: { context: RecordContext }) {
  const { t } = useTranslation('unidentified');
  const { view } = context;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  // Where the edit started: only fields that differ from it are sent.
  const [base, setBase] = useState<Draft>(() => draftOf(view));
  const [version, setVersion] = useState(view.version);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const editButton = useReturnFocus<HTMLButtonElement>(editing);
  const labels = useUnidentifiedLabels();
  const text: TextField = (key: TextKey) => ({ value: draft[key], onChange: (e) => setDraft((d) => ({ ...d, [key]: e.target.value })) });
  const onPick = useCallback((lon: string, lat: string) => setDraft((d) => ({ ...d, lon, lat })), []);

  function start() {
    const fresh = draftOf(view);
    setDraft(fresh);
    setBase(fresh);
    setVersion(view.version);
    setError(undefined);
    setSaved(false);
    setReloaded(false);
    setEditing(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const incomplete = missingFields(draft, t('form.required'), t('form.pointNeeded'), false);
    if (incomplete) return setError(incomplete);
    setSaving(true);
    setError(undefined);
    try {
      const updated = await patch<UnidentifiedView>(`/unidentified/${view.id}`, patchFrom(draft, base, version));
      context.onChanged(updated);
      setEditing(false);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  async function reloadLatest() {
    const latest = await context.reload();
    if (!latest) return;
    // Fields the officer did not touch take the newest values; the ones they changed keep their edit.
    const newest = draftOf(latest);
    setDraft((d) => {
      const merged = { ...d };
      for (const key of Object.keys(d) as (keyof Draft)[]) {
        const untouched = JSON.stringify(d[key]) === JSON.stringify(base[key]);
        if (untouched) Object.assign(merged, { [key]: newest[key] });
      }
      return merged;
    });
    setBase(newest);
    setVersion(latest.version);
    setError(undefined);
    setReloaded(true);
  }

  return (
    <section className="section" aria-labelledby="edit-heading">
      <h2 id="edit-heading">{t('edit.title')}</h2>
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
        <form onSubmit={(event) => handled(save(event))} noValidate aria-labelledby="edit-form-heading">
          <FocusedHeading id="edit-form-heading">{t('edit.formTitle')}</FocusedHeading>
          {isStaleEdit(error) ? (
            <StaleRecordNotice onReload={() => handled(reloadLatest())} />
          ) : (
            <FormProblem error={error} labels={labels} />
          )}
          {reloaded ? (
            <p role="status" className="notice">
              {t('edit.reloaded')}
            </p>
          ) : null}
          <FoundFields text={text} error={error} draft={draft} onPick={onPick} />
          <DescriptionFields text={text} error={error} />
          <MarksEditor marks={draft.marks} onChange={(marks) => setDraft((d) => ({ ...d, marks }))} error={error} />
          <OtherFields text={text} error={error} />
          <div className="actions">
            <button type="submit" disabled={saving}>
              {saving ? t('form.saving') : t('edit.save')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
