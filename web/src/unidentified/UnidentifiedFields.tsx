// The sections of an unidentified person's form, shared by recording and editing: where and when found (a
// click on the map or typed coordinates), the description with the fixed words as choices, the marks (added and
// removed row by row) and the references. Each shows the API's refusal by its field.
import { useTranslation } from 'react-i18next';
import { BaseMap } from '../map/BaseMap.tsx';
import { usePointMark } from '../map/usePointMark.ts';
import { Field } from '../cases/forms.tsx';
import { newMark, type Draft, type MarkDraft, type TextKey } from './draft.ts';
import {
  BODY_LOCATIONS,
  BUILDS,
  EYE_COLOURS,
  HAIR_COLOURS,
  MARK_KINDS,
  UNIDENTIFIED_KINDS,
  UNIDENTIFIED_LIMITS,
  UNIDENTIFIED_SEXES,
  type Organisation,
} from './types.ts';

/** A control's value and change handler for one text field of the draft. */
export type TextField = (key: TextKey) => { value: string; onChange: (e: { target: { value: string } }) => void };

export function useUnidentifiedLabels(): Record<string, string> {
  const { t } = useTranslation('unidentified');
  return {
    '/body/kind': t('field.kind'),
    '/body/sex': t('field.sex'),
    '/body/found/at': t('field.foundAt'),
    '/body/found/place': t('field.place'),
    '/body/found/lon': t('field.lon'),
    '/body/found/lat': t('field.lat'),
    '/body/ageMin': t('field.ageMin'),
    '/body/ageMax': t('field.ageMax'),
    '/body/heightMinCm': t('field.heightMin'),
    '/body/heightMaxCm': t('field.heightMax'),
    '/body/build': t('field.build'),
    '/body/hairColour': t('field.hairColour'),
    '/body/eyeColour': t('field.eyeColour'),
    '/body/marks': t('marks.title'),
    '/body/clothing': t('field.clothing'),
    '/body/belongings': t('field.belongings'),
    '/body/dentalReference': t('field.dentalReference'),
    '/body/dnaReference': t('field.dnaReference'),
    '/body/notes': t('field.notes'),
    '/body/owningOrganisationCode': t('field.owner'),
  };
}

/** What kind of record and who records it: chosen once, when the record is made. */
export function RecordingFields({ text, error, forces }: { text: TextField; error: unknown; forces: Organisation[] | undefined }) {
  const { t } = useTranslation('unidentified');
  return (
    <fieldset>
      <legend>{t('form.record')}</legend>
      <div className="fields">
        <Field label={t('field.kind')} pointer="/body/kind" error={error}>
          {(p) => (
            <select {...p} {...text('kind')}>
              <option value="">{t('choose')}</option>
              {UNIDENTIFIED_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {forces ? (
          <Field label={t('field.owner')} pointer="/body/owningOrganisationCode" error={error} hint={t('form.ownerHint')}>
            {(p) => (
              <select {...p} {...text('owner')}>
                <option value="">{t('form.ownOrganisation')}</option>
                {forces.map((force) => (
                  <option key={force.code} value={force.code}>
                    {force.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Where and when found: the time, the place in words, and the point (typed, or a click on the map). */
export function FoundFields({
  text,
  error,
  draft,
  onPick,
}: {
  text: TextField;
  error: unknown;
  draft: Draft;
  onPick: (lon: string, lat: string) => void;
}) {
  const { t } = useTranslation('unidentified');
  const onMapReady = usePointMark(draft.lon, draft.lat, onPick);
  return (
    <fieldset>
      <legend>{t('form.found')}</legend>
      <div className="fields">
        <Field label={t('field.foundAt')} pointer="/body/found/at" error={error}>
          {(p) => <input {...p} type="datetime-local" {...text('foundAt')} />}
        </Field>
        <div className="wide">
          <Field label={t('field.place')} pointer="/body/found/place" error={error} hint={t('form.placeHint')}>
            {(p) => <input {...p} {...text('place')} maxLength={UNIDENTIFIED_LIMITS.place} />}
          </Field>
        </div>
      </div>
      <p className="hint">{t('form.mapHint')}</p>
      <BaseMap label={t('form.mapLabel')} className="case-map" onReady={onMapReady} />
      <div className="fields">
        <Field label={t('field.lon')} pointer="/body/found/lon" error={error} hint={t('form.lonHint')}>
          {(p) => <input {...p} type="number" inputMode="decimal" step="any" min={-180} max={180} {...text('lon')} />}
        </Field>
        <Field label={t('field.lat')} pointer="/body/found/lat" error={error} hint={t('form.latHint')}>
          {(p) => <input {...p} type="number" inputMode="decimal" step="any" min={-90} max={90} {...text('lat')} />}
        </Field>
      </div>
    </fieldset>
  );
}

/** Sex, age and height ranges, build, hair and eyes: each from the lists a matcher compares. */
export function DescriptionFields({ text, error }: { text: TextField; error: unknown }) {
  const { t } = useTranslation('unidentified');
  const { age, heightCm } = UNIDENTIFIED_LIMITS;
  const number = (key: TextKey, pointer: string, limits: { minimum: number; maximum: number }, hint?: string) => (
    <Field label={t(`field.${key}`)} pointer={pointer} error={error} hint={hint}>
      {(p) => <input {...p} type="number" inputMode="numeric" step={1} min={limits.minimum} max={limits.maximum} {...text(key)} />}
    </Field>
  );
  return (
    <fieldset>
      <legend>{t('form.description')}</legend>
      <div className="fields">
        <Field label={t('field.sex')} pointer="/body/sex" error={error}>
          {(p) => (
            <select {...p} {...text('sex')}>
              {UNIDENTIFIED_SEXES.map((sex) => (
                <option key={sex} value={sex}>
                  {t(`sex.${sex}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {number('ageMin', '/body/ageMin', age, t('form.ageHint'))}
        {number('ageMax', '/body/ageMax', age)}
        {number('heightMin', '/body/heightMinCm', heightCm, t('form.heightHint'))}
        {number('heightMax', '/body/heightMaxCm', heightCm)}
      </div>
      <div className="fields">
        <DescriptionWord text={text} error={error} field="build" words={BUILDS} group="build" />
        <DescriptionWord text={text} error={error} field="hairColour" words={HAIR_COLOURS} group="hair" />
        <DescriptionWord text={text} error={error} field="eyeColour" words={EYE_COLOURS} group="eyes" />
      </div>
    </fieldset>
  );
}

function DescriptionWord(props: { text: TextField; error: unknown; field: TextKey; words: readonly string[]; group: string }) {
  const { t } = useTranslation('unidentified');
  const { text, error, field, words, group } = props;
  return (
    <Field label={t(`field.${field}`)} pointer={`/body/${field}`} error={error}>
      {(p) => (
        <select {...p} {...text(field)}>
          <option value="">{t('notKnown')}</option>
          {words.map((w) => (
            <option key={w} value={w}>
              {t(`${group}.${w}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The marks, one row each (kind, where on the body, a description), added and removed one at a time. */
export function MarksEditor({ marks, onChange, error }: { marks: MarkDraft[]; onChange: (marks: MarkDraft[]) => void; error: unknown }) {
  const { t } = useTranslation('unidentified');
  const update = (key: number, change: Partial<MarkDraft>) => onChange(marks.map((m) => (m.key === key ? { ...m, ...change } : m)));
  function add() {
    const mark = newMark();
    onChange([...marks, mark]);
    // The new row's first control takes focus, so a keyboard user carries on where the row appeared.
    setTimeout(() => document.getElementById(`field-body-marks-${marks.length}-kind`)?.focus(), 0);
  }
  function remove(index: number) {
    onChange(marks.filter((_, i) => i !== index));
    setTimeout(() => document.getElementById('add-mark')?.focus(), 0);
  }
  return (
    <fieldset>
      <legend>{t('marks.title')}</legend>
      <p className="hint">{t('marks.hint')}</p>
      {marks.length === 0 ? <p>{t('marks.none')}</p> : null}
      <ol className="mark-rows">
        {marks.map((mark, i) => (
          <li key={mark.key} className="mark-row">
            <div className="fields">
              <Field label={t('marks.kind', { n: i + 1 })} pointer={`/body/marks/${i}/kind`} error={error}>
                {(p) => (
                  <select {...p} value={mark.kind} onChange={(e) => update(mark.key, { kind: e.target.value })}>
                    <option value="">{t('choose')}</option>
                    {MARK_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`markKind.${kind}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('marks.bodyLocation', { n: i + 1 })} pointer={`/body/marks/${i}/bodyLocation`} error={error}>
                {(p) => (
                  <select {...p} value={mark.bodyLocation} onChange={(e) => update(mark.key, { bodyLocation: e.target.value })}>
                    <option value="">{t('choose')}</option>
                    {BODY_LOCATIONS.map((place) => (
                      <option key={place} value={place}>
                        {t(`body.${place}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="wide">
                <Field label={t('marks.description', { n: i + 1 })} pointer={`/body/marks/${i}/description`} error={error}>
                  {(p) => (
                    <input
                      {...p}
                      value={mark.description}
                      maxLength={UNIDENTIFIED_LIMITS.markDescription}
                      onChange={(e) => update(mark.key, { description: e.target.value })}
                    />
                  )}
                </Field>
              </div>
            </div>
            <button type="button" className="secondary" onClick={() => remove(i)}>
              {t('marks.remove', { n: i + 1 })}
            </button>
          </li>
        ))}
      </ol>
      {marks.length < UNIDENTIFIED_LIMITS.marks ? (
        <button id="add-mark" type="button" className="secondary" onClick={add}>
          {t('marks.add')}
        </button>
      ) : null}
    </fieldset>
  );
}

/** Clothing, belongings, the dental and DNA references (never the records themselves) and notes. */
export function OtherFields({ text, error }: { text: TextField; error: unknown }) {
  const { t } = useTranslation('unidentified');
  const limits = UNIDENTIFIED_LIMITS;
  return (
    <fieldset>
      <legend>{t('form.other')}</legend>
      <Field label={t('field.clothing')} pointer="/body/clothing" error={error}>
        {(p) => <textarea {...p} rows={2} maxLength={limits.clothing} {...text('clothing')} />}
      </Field>
      <Field label={t('field.belongings')} pointer="/body/belongings" error={error}>
        {(p) => <textarea {...p} rows={2} maxLength={limits.belongings} {...text('belongings')} />}
      </Field>
      <div className="fields">
        <Field label={t('field.dentalReference')} pointer="/body/dentalReference" error={error} hint={t('form.referenceHint')}>
          {(p) => <input {...p} maxLength={limits.reference} autoComplete="off" {...text('dentalReference')} />}
        </Field>
        <Field label={t('field.dnaReference')} pointer="/body/dnaReference" error={error} hint={t('form.referenceHint')}>
          {(p) => <input {...p} maxLength={limits.reference} autoComplete="off" {...text('dnaReference')} />}
        </Field>
      </div>
      <Field label={t('field.notes')} pointer="/body/notes" error={error}>
        {(p) => <textarea {...p} rows={3} maxLength={limits.notes} {...text('notes')} />}
      </Field>
    </fieldset>
  );
}
