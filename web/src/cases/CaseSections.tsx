// The sections of a case's form, shared by recording a new case and editing one: the child, where and when
// last seen, and the circumstances. Recording adds who the child is, the map and the choices made once for a
// case; editing changes the description, the time and place, and what happened. Each shows the API's
// refusals by the field.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import { BaseMap } from '../map/BaseMap.tsx';
import { Field } from './forms.tsx';
import type { Draft } from './newCase.ts';
import { SEXES, type Organisation } from './types.ts';

/** A text control's value and change handler for one field of a form's draft. */
export type TextField<K extends string> = (key: K) => { value: string; onChange: (e: { target: { value: string } }) => void };

/** Who the child is: given when a case is recorded, not changed by editing it. */
type IdentityKey = 'givenNames' | 'familyName' | 'knownAs' | 'aliases' | 'dateOfBirth' | 'estimatedAge' | 'sex' | 'languages';
type DescriptionKey = 'heightCm' | 'build' | 'hairColour' | 'eyeColour' | 'distinguishingMarks';
type LastSeenKey = 'lastSeenAt' | 'place' | 'lon' | 'lat';
type CircumstanceKey = 'circumstances' | 'clothing' | 'vehicle' | 'suspect';

export function useCaseFieldLabels(): Record<string, string> {
  const { t } = useTranslation('cases');
  return {
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
}

/** The child's description, and who the child is when `identity` is given (a new case, not a repeat episode). */
export function ChildFields({
  text,
  identity,
  error,
}: {
  text: TextField<DescriptionKey>;
  identity?: TextField<IdentityKey>;
  error: unknown;
}) {
  const { t } = useTranslation('cases');
  return (
    <fieldset>
      <legend>{t('record.child')}</legend>
      <div className="fields">
        {identity ? <IdentityFields text={identity} error={error} /> : null}
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
        {identity ? <LanguagesField text={identity} error={error} /> : null}
        <div className="wide">
          <Field label={t('child.marks')} pointer="/body/child/distinguishingMarks" error={error}>
            {(p) => <textarea {...p} rows={2} {...text('distinguishingMarks')} maxLength={2000} />}
          </Field>
        </div>
      </div>
    </fieldset>
  );
}

function IdentityFields({ text, error }: { text: TextField<IdentityKey>; error: unknown }) {
  const { t } = useTranslation('cases');
  return (
    <>
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
    </>
  );
}

function LanguagesField({ text, error }: { text: TextField<IdentityKey>; error: unknown }) {
  const { t } = useTranslation('cases');
  return (
    <Field label={t('child.languages')} pointer="/body/child/languages" error={error} hint={t('record.languagesHint')}>
      {(p) => <input {...p} {...text('languages')} autoComplete="off" />}
    </Field>
  );
}

/** When and where the child was last seen; with `onMapReady`, a map to mark the place on. */
export function LastSeenFields({
  text,
  error,
  onMapReady,
}: {
  text: TextField<LastSeenKey>;
  error: unknown;
  onMapReady?: (map: L.Map) => void;
}) {
  const { t } = useTranslation('cases');
  return (
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
      {onMapReady ? (
        <>
          <p id="map-help" className="hint">
            {t('record.mapHint')}
          </p>
          <BaseMap label={t('record.mapLabel')} className="case-map" onReady={onMapReady} />
        </>
      ) : null}
      <div className="fields">
        <Field label={t('lastSeen.lon')} pointer="/body/lastSeen/lon" error={error} hint={t('record.lonHint')}>
          {(p) => <input {...p} type="number" inputMode="decimal" step="any" min={-180} max={180} {...text('lon')} />}
        </Field>
        <Field label={t('lastSeen.lat')} pointer="/body/lastSeen/lat" error={error} hint={t('record.latHint')}>
          {(p) => <input {...p} type="number" inputMode="decimal" step="any" min={-90} max={90} {...text('lat')} />}
        </Field>
      </div>
    </fieldset>
  );
}

/** What happened, what the child wore, any vehicle and suspect; `children` adds to the section. */
export function CircumstancesFields({ text, error, children }: { text: TextField<CircumstanceKey>; error: unknown; children?: ReactNode }) {
  const { t } = useTranslation('cases');
  return (
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
      {children}
    </fieldset>
  );
}

/** The choices made once, when a case is recorded: which force owns it, and whether it is sensitive or an exercise. */
export function RecordingChoices({
  text,
  error,
  draft,
  set,
  forces,
}: {
  text: TextField<'owner'>;
  error: unknown;
  draft: Draft;
  set: <K extends keyof Draft>(key: K) => (value: Draft[K]) => void;
  /** Police forces to record for, offered to the national centre only (undefined for everyone else). */
  forces: Organisation[] | undefined;
}) {
  const { t } = useTranslation('cases');
  return (
    <>
      {forces ? (
        <Field label={t('record.owner')} pointer="/body/owningOrganisationCode" error={error} hint={t('record.ownerHint')}>
          {(p) => (
            <select {...p} {...text('owner')}>
              <option value="">{t('record.ownOrganisation')}</option>
              {forces.map((force) => (
                <option key={force.code} value={force.code}>
                  {force.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <div className="check">
        <input
          id="new-case-sensitive"
          type="checkbox"
          checked={draft.sensitive}
          onChange={(e) => set('sensitive')(e.target.checked)}
          aria-describedby="new-case-sensitive-hint"
        />
        <div>
          <label htmlFor="new-case-sensitive">{t('record.sensitive')}</label>
          <p id="new-case-sensitive-hint" className="hint">
            {t('record.sensitiveHint')}
          </p>
        </div>
      </div>
      <div className="check">
        <input
          id="new-case-exercise"
          type="checkbox"
          checked={draft.exercise}
          onChange={(e) => set('exercise')(e.target.checked)}
          aria-describedby="new-case-exercise-hint"
        />
        <div>
          <label htmlFor="new-case-exercise">{t('record.exercise')}</label>
          <p id="new-case-exercise-hint" className="hint">
            {t('record.exerciseHint')}
          </p>
        </div>
      </div>
    </>
  );
}
