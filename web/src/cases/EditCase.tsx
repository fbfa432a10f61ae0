// Editing what is known about the episode and the child's description. Every edit carries the version the
// officer saw; when a colleague changed the case meanwhile the API answers 409, the edit stays in the form,
// and the officer reloads the latest before saving again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../app/api.ts';
import { handled } from '../app/events.ts';
import type { CaseContext } from './CasePage.tsx';
import { ChildFields, CircumstancesFields, LastSeenFields, useCaseFieldLabels, type TextField } from './CaseSections.tsx';
import { FocusedHeading, FormProblem, StaleEditNotice, isStaleEdit, useReturnFocus } from './forms.tsx';
import type { CaseView } from './types.ts';

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function draftOf(view: CaseView) {
  return {
    lastSeenAt: toLocalInput(view.lastSeen.at),
    place: view.lastSeen.place,
    lon: String(view.lastSeen.lon),
    lat: String(view.lastSeen.lat),
    circumstances: view.circumstances,
    clothing: view.clothing,
    vehicle: view.vehicle,
    suspect: view.suspect,
    heightCm: view.child.heightCm === null ? '' : String(view.child.heightCm),
    build: view.child.build ?? '',
    hairColour: view.child.hairColour ?? '',
    eyeColour: view.child.eyeColour ?? '',
    distinguishingMarks: view.child.distinguishingMarks ?? '',
  };
}
type Draft = ReturnType<typeof draftOf>;

export function EditCase({ context }: { context: CaseContext }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  // What the form started from: only fields that differ from it are sent, so a colleague's change to
  // another field is never overwritten with an old value.
  const [base, setBase] = useState<Draft>(() => draftOf(view));
  // The version this draft was started from; a reload after a conflict moves it on, keeping the draft.
  const [version, setVersion] = useState(view.version);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const editButton = useReturnFocus<HTMLButtonElement>(editing);
  const labels = useCaseFieldLabels();

  const text: TextField<keyof Draft> = (key) => ({
    value: draft[key],
    onChange: (e) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  function start() {
    setDraft(draftOf(view));
    setBase(draftOf(view));
    setVersion(view.version);
    setError(undefined);
    setSaved(false);
    setEditing(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const at = new Date(draft.lastSeenAt);
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    const changed = (key: keyof Draft) => draft[key] !== base[key];
    const body: Record<string, unknown> = { version };
    if (changed('lastSeenAt') || changed('place') || changed('lon') || changed('lat')) {
      body.lastSeen = {
        at: Number.isNaN(at.getTime()) ? draft.lastSeenAt : at.toISOString(),
        place: draft.place.trim(),
        lon: draft.lon.trim() === '' ? null : Number(draft.lon),
        lat: draft.lat.trim() === '' ? null : Number(draft.lat),
      };
    }
    for (const key of ['circumstances', 'clothing', 'vehicle', 'suspect'] as const) if (changed(key)) body[key] = draft[key];
    const childPatch: Record<string, unknown> = {};
    if (changed('heightCm')) childPatch.heightCm = draft.heightCm.trim() === '' ? null : Number(draft.heightCm);
    for (const key of ['build', 'hairColour', 'eyeColour', 'distinguishingMarks'] as const)
      if (changed(key)) childPatch[key] = opt(draft[key]);
    if (Object.keys(childPatch).length) body.child = childPatch;
    try {
      const updated = await patch<CaseView>(`/cases/${view.id}`, body, context.headers);
      context.onChanged(updated);
      setEditing(false);
      setSaved(true);
      setReloaded(false);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  async function reloadLatest() {
    // The page shows the newest case; the draft stays in the form, now checked against the newest version.
    const latest = await context.reload();
    if (latest) {
      // Fields the officer did not touch take the newest values; the ones they changed keep their edit.
      const newest = draftOf(latest);
      setDraft(
        (d) =>
          Object.fromEntries(
            Object.entries(d).map(([key, value]) => [key, value === base[key as keyof Draft] ? newest[key as keyof Draft] : value]),
          ) as Draft,
      );
      setBase(newest);
      setVersion(latest.version);
      setError(undefined);
      setReloaded(true);
    }
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
          {isStaleEdit(error) ? <StaleEditNotice onReload={() => void reloadLatest()} /> : <FormProblem error={error} labels={labels} />}
          {reloaded ? (
            <p role="status" className="notice">
              {t('edit.reloaded')}
            </p>
          ) : null}
          <LastSeenFields text={text} error={error} />
          <ChildFields text={text} error={error} />
          <CircumstancesFields text={text} error={error} />
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
