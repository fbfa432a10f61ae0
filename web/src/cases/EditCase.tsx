// Editing what is known about the episode and the child's description. Every edit carries the version the
// officer saw; when a colleague changed the case meanwhile the API answers 409, the edit stays in the form,
// and the officer reloads the latest before saving again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../app/api.ts';
import type { CaseContext } from './CasePage.tsx';
import { Field, FocusedHeading, FormProblem, StaleEditNotice, isStaleEdit, useReturnFocus } from './forms.tsx';
import type { CaseView } from './types.ts';

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function draftOf(view: CaseView) {
  return {
    at: toLocalInput(view.lastSeen.at),
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

  const text = (key: keyof Draft) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })) });

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
    const at = new Date(draft.at);
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    const changed = (key: keyof Draft) => draft[key] !== base[key];
    const body: Record<string, unknown> = { version };
    if (changed('at') || changed('place') || changed('lon') || changed('lat')) {
      body.lastSeen = {
        at: Number.isNaN(at.getTime()) ? draft.at : at.toISOString(),
        place: draft.place.trim(),
        lon: draft.lon.trim() === '' ? null : Number(draft.lon),
        lat: draft.lat.trim() === '' ? null : Number(draft.lat),
      };
    }
    for (const key of ['circumstances', 'clothing', 'vehicle', 'suspect'] as const) if (changed(key)) body[key] = draft[key];
    const childPatch: Record<string, unknown> = {};
    if (changed('heightCm')) childPatch.heightCm = draft.heightCm.trim() === '' ? null : Number(draft.heightCm);
    for (const key of ['build', 'hairColour', 'eyeColour', 'distinguishingMarks'] as const) if (changed(key)) childPatch[key] = opt(draft[key]);
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
      setDraft((d) => Object.fromEntries(Object.entries(d).map(([key, value]) => [key, value === base[key as keyof Draft] ? newest[key as keyof Draft] : value])) as Draft);
      setBase(newest);
      setVersion(latest.version);
      setError(undefined);
      setReloaded(true);
    }
  }

  const labels: Record<string, string> = {
    '/body/lastSeen/at': t('lastSeen.at'),
    '/body/lastSeen/place': t('lastSeen.place'),
    '/body/lastSeen/lon': t('lastSeen.lon'),
    '/body/lastSeen/lat': t('lastSeen.lat'),
    '/body/circumstances': t('case.circumstances'),
    '/body/clothing': t('case.clothing'),
    '/body/vehicle': t('case.vehicle'),
    '/body/suspect': t('case.suspect'),
    '/body/child/heightCm': t('child.heightCm'),
    '/body/child/build': t('child.build'),
    '/body/child/hairColour': t('child.hairColour'),
    '/body/child/eyeColour': t('child.eyeColour'),
    '/body/child/distinguishingMarks': t('child.marks'),
  };

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
        <form onSubmit={save} noValidate aria-labelledby="edit-form-heading">
          <FocusedHeading id="edit-form-heading">{t('edit.formTitle')}</FocusedHeading>
          {isStaleEdit(error) ? <StaleEditNotice onReload={() => void reloadLatest()} /> : <FormProblem error={error} labels={labels} />}
          {reloaded ? (
            <p role="status" className="notice">
              {t('edit.reloaded')}
            </p>
          ) : null}
          <div className="fields">
            <Field label={t('lastSeen.at')} pointer="/body/lastSeen/at" error={error}>
              {(p) => <input {...p} type="datetime-local" {...text('at')} />}
            </Field>
            <div className="wide">
              <Field label={t('lastSeen.place')} pointer="/body/lastSeen/place" error={error}>
                {(p) => <input {...p} {...text('place')} maxLength={500} />}
              </Field>
            </div>
            <Field label={t('lastSeen.lon')} pointer="/body/lastSeen/lon" error={error}>
              {(p) => <input {...p} type="number" step="any" inputMode="decimal" {...text('lon')} />}
            </Field>
            <Field label={t('lastSeen.lat')} pointer="/body/lastSeen/lat" error={error}>
              {(p) => <input {...p} type="number" step="any" inputMode="decimal" {...text('lat')} />}
            </Field>
            <Field label={t('child.heightCm')} pointer="/body/child/heightCm" error={error}>
              {(p) => <input {...p} type="number" inputMode="numeric" {...text('heightCm')} />}
            </Field>
            <Field label={t('child.build')} pointer="/body/child/build" error={error}>
              {(p) => <input {...p} {...text('build')} maxLength={100} />}
            </Field>
            <Field label={t('child.hairColour')} pointer="/body/child/hairColour" error={error}>
              {(p) => <input {...p} {...text('hairColour')} maxLength={100} />}
            </Field>
            <Field label={t('child.eyeColour')} pointer="/body/child/eyeColour" error={error}>
              {(p) => <input {...p} {...text('eyeColour')} maxLength={100} />}
            </Field>
            <div className="wide">
              <Field label={t('child.marks')} pointer="/body/child/distinguishingMarks" error={error}>
                {(p) => <textarea {...p} rows={2} {...text('distinguishingMarks')} maxLength={2000} />}
              </Field>
              <Field label={t('case.circumstances')} pointer="/body/circumstances" error={error}>
                {(p) => <textarea {...p} rows={4} {...text('circumstances')} maxLength={10000} />}
              </Field>
              <Field label={t('case.clothing')} pointer="/body/clothing" error={error}>
                {(p) => <textarea {...p} rows={2} {...text('clothing')} maxLength={2000} />}
              </Field>
              <Field label={t('case.vehicle')} pointer="/body/vehicle" error={error}>
                {(p) => <textarea {...p} rows={2} {...text('vehicle')} maxLength={2000} />}
              </Field>
              <Field label={t('case.suspect')} pointer="/body/suspect" error={error}>
                {(p) => <textarea {...p} rows={2} {...text('suspect')} maxLength={2000} />}
              </Field>
            </div>
          </div>
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
