// Recording a missing child: who, when and where last seen (a click on the map or typed coordinates), the
// circumstances and clothing. A repeat episode of a known child skips the child's details. Whatever the API
// refuses is shown by the field, and nothing typed is lost.
import { useQuery } from '@tanstack/react-query';
import { keys, policeForces } from '../app/queries.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import { ApiError, get, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { PageHeading } from '../app/ui.tsx';
import { BaseMap } from '../map/BaseMap.tsx';
import { Field, FormProblem } from './forms.tsx';
import { SEXES, type CaseView, type Organisation } from './types.ts';

const EMPTY = {
  givenNames: '',
  familyName: '',
  knownAs: '',
  aliases: '',
  dateOfBirth: '',
  estimatedAge: '',
  sex: '',
  heightCm: '',
  build: '',
  hairColour: '',
  eyeColour: '',
  distinguishingMarks: '',
  languages: '',
  lastSeenAt: '',
  place: '',
  lon: '',
  lat: '',
  circumstances: '',
  clothing: '',
  vehicle: '',
  suspect: '',
  sensitive: false,
  exercise: false,
  owner: '',
};
type Draft = typeof EMPTY;

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
const optional = (text: string) => (text.trim() ? text.trim() : undefined);
const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The request the API takes, from what was typed; empty fields are left out so the API names what is missing. */
function requestFrom(draft: Draft, childId: string | undefined) {
  const lastSeenAt = draft.lastSeenAt ? new Date(draft.lastSeenAt) : undefined;
  const lastSeen: Record<string, unknown> = { place: draft.place.trim() };
  if (lastSeenAt && !Number.isNaN(lastSeenAt.getTime())) lastSeen.at = lastSeenAt.toISOString();
  if (draft.lon.trim() !== '') lastSeen.lon = Number(draft.lon);
  if (draft.lat.trim() !== '') lastSeen.lat = Number(draft.lat);
  const body: Record<string, unknown> = {
    lastSeen,
    circumstances: draft.circumstances,
    clothing: draft.clothing,
    vehicle: draft.vehicle,
    suspect: draft.suspect,
    sensitive: draft.sensitive,
    exercise: draft.exercise,
  };
  if (draft.owner) body.owningOrganisationCode = draft.owner;
  if (childId) body.childId = childId;
  else {
    body.child = {
      givenNames: draft.givenNames.trim(),
      familyName: draft.familyName.trim(),
      knownAs: optional(draft.knownAs) ?? null,
      aliases: list(draft.aliases),
      dateOfBirth: optional(draft.dateOfBirth) ?? null,
      estimatedAge: number(draft.estimatedAge) ?? null,
      sex: draft.sex || 'unknown',
      heightCm: number(draft.heightCm) ?? null,
      build: optional(draft.build) ?? null,
      hairColour: optional(draft.hairColour) ?? null,
      eyeColour: optional(draft.eyeColour) ?? null,
      distinguishingMarks: optional(draft.distinguishingMarks) ?? null,
      languages: list(draft.languages),
    };
  }
  return body;
}

export function NewCaseForm({ childId }: { childId?: string }) {
  const { t } = useTranslation('cases');
  const { session } = useSession();
  const navigate = useNavigate();
  // What was typed survives a session that ends mid-form (30 idle minutes): kept in this tab only, until the
  // case is recorded or the form is cancelled.
  const storageKey = `fmn-new-case:${session?.user.id ?? ''}:${childId ?? 'new'}`;
  const [restored, setRestored] = useState(() => sessionStorage.getItem(storageKey) !== null);
  const [draft, setDraft] = useState<Draft>(() => {
    try {
      return { ...EMPTY, ...(JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Partial<Draft>) };
    } catch {
      return EMPTY;
    }
  });
  useEffect(() => {
    if (draft !== EMPTY) sessionStorage.setItem(storageKey, JSON.stringify(draft));
  }, [draft, storageKey]);
  const forget = () => sessionStorage.removeItem(storageKey);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const national = session?.user.role === 'national_coordinator';
  const forces = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: policeForces,
    enabled: national,
  });

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: keyof Draft) => ({
    value: draft[key] as string,
    onChange: (e: { target: { value: string } }) => set(key)(e.target.value as never),
  });

  // The map marks the last-seen point; a click sets the coordinates, typed coordinates move the mark.
  const mapRef = useRef<L.Map | null>(null);
  const markRef = useRef<L.CircleMarker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const lon = Number(draft.lon);
    const lat = Number(draft.lat);
    const valid = draft.lon.trim() !== '' && draft.lat.trim() !== '' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
    if (!valid) {
      markRef.current?.remove();
      markRef.current = null;
      return;
    }
    if (markRef.current) markRef.current.setLatLng([lat, lon]);
    else markRef.current = L.circleMarker([lat, lon], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.4 }).addTo(map);
  }, [draft.lon, draft.lat]);

  /** What is plainly missing, all at once (the API names only the first fault it meets). */
  function missing(): ApiError | undefined {
    const errors: { pointer: string; detail: string }[] = [];
    const need = (ok: boolean, pointer: string, detail = t('form.required')) => ok || errors.push({ pointer, detail });
    if (!childId) {
      need(draft.givenNames.trim() !== '', '/body/child/givenNames');
      need(draft.familyName.trim() !== '', '/body/child/familyName');
      need(draft.dateOfBirth !== '' || draft.estimatedAge.trim() !== '', '/body/child/dateOfBirth', t('record.ageHint'));
    }
    need(draft.lastSeenAt !== '', '/body/lastSeen/at');
    need(draft.place.trim() !== '', '/body/lastSeen/place');
    need(draft.lon.trim() !== '', '/body/lastSeen/lon', t('record.positionNeeded'));
    need(draft.lat.trim() !== '', '/body/lastSeen/lat', t('record.positionNeeded'));
    return errors.length ? new ApiError(400, { title: t('form.check'), errors }) : undefined;
  }

  function showProblem(problem: unknown) {
    setError(problem);
    // Move to the summary so keyboard and screen-reader users hear what to fix.
    setTimeout(() => document.getElementById('new-case-problem')?.focus(), 0);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const incomplete = missing();
    if (incomplete) {
      showProblem(incomplete);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const created = await post<CaseView>('/cases', requestFrom(draft, childId));
      forget();
      navigate(`/cases/${created.id}`);
    } catch (e) {
      setSaving(false);
      showProblem(e);
    }
  }

  const labels: Record<string, string> = {
    '/body/child/givenNames': t('child.givenNames'),
    '/body/child/familyName': t('child.familyName'),
    '/body/child/knownAs': t('child.knownAs'),
    '/body/child/aliases': t('child.aliases'),
    '/body/child/dateOfBirth': t('child.dateOfBirth'),
    '/body/child/estimatedAge': t('child.estimatedAge'),
    '/body/child/sex': t('child.sex'),
    '/body/child/heightCm': t('child.heightCm'),
    '/body/child/build': t('child.build'),
    '/body/child/hairColour': t('child.hairColour'),
    '/body/child/eyeColour': t('child.eyeColour'),
    '/body/child/distinguishingMarks': t('child.marks'),
    '/body/child/languages': t('child.languages'),
    '/body/lastSeen/at': t('lastSeen.at'),
    '/body/lastSeen/place': t('lastSeen.place'),
    '/body/lastSeen/lon': t('lastSeen.lon'),
    '/body/lastSeen/lat': t('lastSeen.lat'),
    '/body/circumstances': t('case.circumstances'),
    '/body/clothing': t('case.clothing'),
    '/body/vehicle': t('case.vehicle'),
    '/body/suspect': t('case.suspect'),
    '/body/owningOrganisationCode': t('record.owner'),
  };

  return (
    <>
      <PageHeading>{childId ? t('record.repeatTitle') : t('record.title')}</PageHeading>
      <p>
        <Link to="/cases">{t('record.back')}</Link>
      </p>
      <form onSubmit={submit} noValidate>
        <div id="new-case-problem" tabIndex={-1}>
          <FormProblem error={error} labels={labels} />
        </div>
        {restored ? (
          <div role="status" className="notice">
            <p>{t('record.restored')}</p>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                forget();
                setDraft(EMPTY);
                setRestored(false);
                setError(undefined);
              }}
            >
              {t('record.startAgain')}
            </button>
          </div>
        ) : null}
        {childId ? (
          <p className="panel">{t('record.repeatIntro')}</p>
        ) : (
          <fieldset>
            <legend>{t('record.child')}</legend>
            <div className="fields">
              <Field label={t('child.givenNames')} pointer="/body/child/givenNames" error={error}>
                {(p) => <input {...p} {...text('givenNames')} autoComplete="off" maxLength={100} />}
              </Field>
              <Field label={t('child.familyName')} pointer="/body/child/familyName" error={error}>
                {(p) => <input {...p} {...text('familyName')} autoComplete="off" maxLength={100} />}
              </Field>
              <Field label={t('child.knownAs')} pointer="/body/child/knownAs" error={error}>
                {(p) => <input {...p} {...text('knownAs')} autoComplete="off" maxLength={100} />}
              </Field>
              <Field label={t('child.aliases')} pointer="/body/child/aliases" error={error} hint={t('record.commaHint')}>
                {(p) => <input {...p} {...text('aliases')} autoComplete="off" />}
              </Field>
              <Field label={t('child.dateOfBirth')} pointer="/body/child/dateOfBirth" error={error} hint={t('record.ageHint')}>
                {(p) => <input {...p} type="date" {...text('dateOfBirth')} />}
              </Field>
              <Field label={t('child.estimatedAge')} pointer="/body/child/estimatedAge" error={error}>
                {(p) => <input {...p} type="number" inputMode="numeric" min={0} max={17} {...text('estimatedAge')} />}
              </Field>
              <Field label={t('child.sex')} pointer="/body/child/sex" error={error}>
                {(p) => (
                  <select {...p} {...text('sex')}>
                    <option value="">{t('record.choose')}</option>
                    {SEXES.map((sex) => (
                      <option key={sex} value={sex}>
                        {t(`sex.${sex}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('child.heightCm')} pointer="/body/child/heightCm" error={error}>
                {(p) => <input {...p} type="number" inputMode="numeric" min={30} max={250} {...text('heightCm')} />}
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
              <Field label={t('child.languages')} pointer="/body/child/languages" error={error} hint={t('record.languagesHint')}>
                {(p) => <input {...p} {...text('languages')} autoComplete="off" />}
              </Field>
              <div className="wide">
                <Field label={t('child.marks')} pointer="/body/child/distinguishingMarks" error={error}>
                  {(p) => <textarea {...p} rows={2} {...text('distinguishingMarks')} maxLength={2000} />}
                </Field>
              </div>
            </div>
          </fieldset>
        )}

        <fieldset>
          <legend>{t('record.lastSeen')}</legend>
          <div className="fields">
            <Field label={t('lastSeen.at')} pointer="/body/lastSeen/at" error={error}>
              {(p) => <input {...p} type="datetime-local" {...text('lastSeenAt')} />}
            </Field>
            <div className="wide">
              <Field label={t('lastSeen.place')} pointer="/body/lastSeen/place" error={error} hint={t('record.placeHint')}>
                {(p) => <input {...p} {...text('place')} maxLength={500} />}
              </Field>
            </div>
          </div>
          <p id="map-help" className="hint">
            {t('record.mapHint')}
          </p>
          <BaseMap
            label={t('record.mapLabel')}
            className="case-map"
            onReady={(map) => {
              mapRef.current = map;
              map.on('click', (e: L.LeafletMouseEvent) => {
                setDraft((d) => ({ ...d, lon: e.latlng.lng.toFixed(5), lat: e.latlng.lat.toFixed(5) }));
              });
            }}
          />
          <div className="fields">
            <Field label={t('lastSeen.lon')} pointer="/body/lastSeen/lon" error={error} hint={t('record.lonHint')}>
              {(p) => <input {...p} type="number" inputMode="decimal" step="any" min={-180} max={180} {...text('lon')} />}
            </Field>
            <Field label={t('lastSeen.lat')} pointer="/body/lastSeen/lat" error={error} hint={t('record.latHint')}>
              {(p) => <input {...p} type="number" inputMode="decimal" step="any" min={-90} max={90} {...text('lat')} />}
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('record.circumstances')}</legend>
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
          {national ? (
            <Field label={t('record.owner')} pointer="/body/owningOrganisationCode" error={error} hint={t('record.ownerHint')}>
              {(p) => (
                <select {...p} {...text('owner')}>
                  <option value="">{t('record.ownOrganisation')}</option>
                  {(forces.data ?? []).map((force) => (
                    <option key={force.code} value={force.code}>
                      {force.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <div className="check">
            <input id="new-case-sensitive" type="checkbox" checked={draft.sensitive} onChange={(e) => set('sensitive')(e.target.checked)} aria-describedby="new-case-sensitive-hint" />
            <div>
              <label htmlFor="new-case-sensitive">{t('record.sensitive')}</label>
              <p id="new-case-sensitive-hint" className="hint">
                {t('record.sensitiveHint')}
              </p>
            </div>
          </div>
          <div className="check">
            <input id="new-case-exercise" type="checkbox" checked={draft.exercise} onChange={(e) => set('exercise')(e.target.checked)} aria-describedby="new-case-exercise-hint" />
            <div>
              <label htmlFor="new-case-exercise">{t('record.exercise')}</label>
              <p id="new-case-exercise-hint" className="hint">
                {t('record.exerciseHint')}
              </p>
            </div>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={saving}>
            {saving ? t('form.saving') : t('record.submit')}
          </button>
          <Link to="/cases" onClick={forget}>
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
