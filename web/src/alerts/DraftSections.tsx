// The sections of the alert draft form. Each shows part of the draft and dispatches its changes to the
// form's one reducer (draftReducer.ts); none holds state of its own.
import { useMemo, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaMap } from '../map/AreaMap.tsx';
import type { Jurisdiction } from '../map/BaseMap.tsx';
import { languageName, MAX_PHOTOS, MIN_REASON_LENGTH } from './counting.ts';
import { ContentBlock } from './ContentBlock.tsx';
import { languageToAdd, type DraftAction, type DraftState, type LocalProblem } from './draftReducer.ts';
import { fieldError, fieldId, isolate } from './shared.tsx';
import { CRITERIA_KEYS, type CapStatus, type CaseForAlert } from './types.ts';

interface SectionProps {
  state: DraftState;
  dispatch: Dispatch<DraftAction>;
}

const LANGUAGE_SUGGESTIONS = ['en', 'cy', 'gd', 'ga', 'pl', 'ro', 'ar', 'ur', 'pa', 'bn', 'pt', 'es', 'fr', 'lt', 'so', 'uk'];

/** A refusal made by the form itself, in words. */
function useLocalProblem(): (problem: LocalProblem | undefined) => string | undefined {
  const { t } = useTranslation('alerts');
  return (problem) => (problem ? t(problem.key, problem.tag === undefined ? {} : { tag: problem.tag }) : undefined);
}

/** The choice of an exercise case: exercise or test. A real case has no choice: its alerts are real. */
export function CapStatusField({
  value,
  exercise,
  onChange,
}: {
  value: CapStatus;
  exercise: boolean;
  onChange: (value: CapStatus) => void;
}) {
  const { t } = useTranslation('alerts');
  if (!exercise) return null;
  return (
    <fieldset id={fieldId('/body/capStatus')} tabIndex={-1}>
      <legend>{t('capStatus.legend')}</legend>
      {(['Exercise', 'Test'] as const).map((status) => (
        <label key={status} className="choice">
          <input type="radio" name="capStatus" value={status} checked={value === status} onChange={() => onChange(status)} />{' '}
          {t(`capStatus.option${status}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** The three criteria for an alert, each with the officer's reason. */
export function CriteriaSection({ state, dispatch }: SectionProps) {
  const { t } = useTranslation('alerts');
  return (
    <fieldset>
      <legend>{t('criteria.legend')}</legend>
      <p className="muted">{t('criteria.intro', { min: MIN_REASON_LENGTH })}</p>
      {CRITERIA_KEYS.map((key) => {
        const metPointer = `/body/criteria/${key}`;
        const reasonPointer = `${metPointer}/reason`;
        const metError = fieldError(state.problem, metPointer);
        const reasonError = fieldError(state.problem, reasonPointer);
        return (
          <div key={key} className="criterion">
            <label className="choice">
              <input
                type="checkbox"
                id={fieldId(metPointer)}
                checked={state.draft.criteria[key].met}
                onChange={(e) => dispatch({ type: 'criterion', key, changes: { met: e.target.checked } })}
                aria-invalid={metError ? true : undefined}
                aria-describedby={metError ? `${fieldId(metPointer)}-error` : undefined}
              />{' '}
              {t(`criteria.${key}`)}
            </label>
            {metError ? (
              <p className="field-error" id={`${fieldId(metPointer)}-error`}>
                {metError}
              </p>
            ) : null}
            <label htmlFor={fieldId(reasonPointer)}>{t('criteria.reasonFor', { criterion: t(`criteria.${key}`) })}</label>
            <textarea
              id={fieldId(reasonPointer)}
              rows={2}
              maxLength={2000}
              dir="auto"
              value={state.draft.criteria[key].reason}
              onChange={(e) => dispatch({ type: 'criterion', key, changes: { reason: e.target.value } })}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${fieldId(reasonPointer)}-error` : undefined}
            />
            {reasonError ? (
              <p className="field-error" id={`${fieldId(reasonPointer)}-error`}>
                {reasonError}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** The text in each language, and the way to add another. */
export function ContentsSection({ state, dispatch }: SectionProps) {
  const { t, i18n } = useTranslation('alerts');
  const words = useLocalProblem();
  const { contents } = state.draft;
  const languageProblem = words(state.languageProblem);
  const addLanguage = () => {
    const adding = 'tag' in languageToAdd(state.newLanguage, contents);
    dispatch({ type: 'addLanguage' });
    // Move to the new block's first field once it is drawn.
    if (adding) setTimeout(() => document.getElementById(fieldId(`/body/contents/${contents.length}/headline`))?.focus(), 0);
  };
  return (
    <>
      <h2>{t('content.title')}</h2>
      {contents.map((content, index) => (
        <ContentBlock
          key={index}
          index={index}
          content={content}
          problem={state.problem}
          removable={contents.length > 1}
          onChange={(changes) => dispatch({ type: 'content', index, changes })}
          onRemove={() => dispatch({ type: 'removeContent', index })}
        />
      ))}
      <div className="panel add-language">
        <label htmlFor="new-language">{t('content.addLabel')}</label>
        <p className="muted small" id="new-language-hint">
          {t('content.addHint')}
        </p>
        <div className="row">
          <input
            id="new-language"
            dir="ltr"
            value={state.newLanguage}
            list="language-suggestions"
            size={10}
            onChange={(e) => dispatch({ type: 'newLanguage', value: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addLanguage();
              }
            }}
            aria-describedby={`new-language-hint${languageProblem ? ' new-language-error' : ''}`}
            aria-invalid={languageProblem ? true : undefined}
          />
          <datalist id="language-suggestions">
            {LANGUAGE_SUGGESTIONS.map((tag) => (
              <option key={tag} value={tag}>
                {languageName(tag, i18n.language)}
              </option>
            ))}
          </datalist>
          <button type="button" className="secondary" onClick={addLanguage}>
            {t('content.add')}
          </button>
        </div>
        {languageProblem ? (
          <p className="field-error" id="new-language-error" role="alert">
            {languageProblem}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** The area: drawn on the map or typed as circles, whole jurisdictions, or the whole nation; and its description. */
export function AreaSection({ state, dispatch, jurisdictions }: SectionProps & { jurisdictions: Jurisdiction[] }) {
  const { t } = useTranslation('alerts');
  const words = useLocalProblem();
  const { draft, circle, alert } = state;
  const err = (pointer: string, within = false) => fieldError(state.problem, pointer, within);
  const circleProblem = words(state.circleProblem);
  const mapArea = useMemo(
    () => ({ parts: draft.parts, jurisdictionCodes: draft.jurisdictionCodes, national: draft.national }),
    [draft.parts, draft.jurisdictionCodes, draft.national],
  );
  const lastSeen = useMemo(
    () => ({ lon: alert.lastSeen.lon, lat: alert.lastSeen.lat, place: alert.lastSeen.place }),
    [alert.lastSeen.lon, alert.lastSeen.lat, alert.lastSeen.place],
  );
  return (
    <>
      <h2 id="area-heading">{t('area.title')}</h2>
      <div id={fieldId('/body/area')} tabIndex={-1} className="stack composer-area">
        {err('/body/area') || err('/body/area/jurisdictionCodes') ? (
          <p className="field-error">{err('/body/area') ?? err('/body/area/jurisdictionCodes')}</p>
        ) : null}
        <AreaMap label={t('area.mapLabel')} area={mapArea} lastSeen={lastSeen} onDraw={(part) => dispatch({ type: 'addPart', part })} />
        <div className="grid-2">
          <fieldset>
            <legend>{t('area.partsLegend')}</legend>
            {draft.parts.length === 0 ? <p className="muted">{t('area.noParts')}</p> : null}
            <ul className="parts">
              {draft.parts.map((part, i) => (
                <li key={i}>
                  {part.kind === 'circle'
                    ? t('area.circle', { radius: part.radiusKm, lat: isolate(part.center[1]), lon: isolate(part.center[0]) })
                    : t('area.polygon', { number: i + 1 })}{' '}
                  <button type="button" className="link" onClick={() => dispatch({ type: 'removePart', index: i })}>
                    {t('area.remove', {
                      part:
                        part.kind === 'circle' ? t('area.circleShort', { radius: part.radiusKm }) : t('area.polygon', { number: i + 1 }),
                    })}
                  </button>
                  {err(`/body/area/parts/${i}`, true) ? <p className="field-error">{err(`/body/area/parts/${i}`, true)}</p> : null}
                </li>
              ))}
            </ul>
            <div className="row">
              <label>
                {t('area.lat')}
                <input
                  inputMode="decimal"
                  dir="ltr"
                  size={9}
                  value={circle.lat}
                  onChange={(e) => dispatch({ type: 'circle', changes: { lat: e.target.value } })}
                />
              </label>
              <label>
                {t('area.lon')}
                <input
                  inputMode="decimal"
                  dir="ltr"
                  size={9}
                  value={circle.lon}
                  onChange={(e) => dispatch({ type: 'circle', changes: { lon: e.target.value } })}
                />
              </label>
              <label>
                {t('area.radius')}
                <input
                  inputMode="decimal"
                  dir="ltr"
                  size={5}
                  value={circle.radiusKm}
                  onChange={(e) => dispatch({ type: 'circle', changes: { radiusKm: e.target.value } })}
                />
              </label>
              <button type="button" className="secondary" onClick={() => dispatch({ type: 'addCircle' })}>
                {t('area.addCircle')}
              </button>
            </div>
            {circleProblem ? (
              <p className="field-error" role="alert">
                {circleProblem}
              </p>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>{t('area.wholeLegend')}</legend>
            <label className="choice">
              <input
                type="checkbox"
                id={fieldId('/body/area/national')}
                checked={draft.national}
                onChange={(e) => dispatch({ type: 'update', changes: { national: e.target.checked } })}
              />{' '}
              {t('area.national')}
            </label>
            {jurisdictions
              .filter((j) => j.kind !== 'country')
              .map((j) => (
                <label key={j.code} className="choice">
                  <input
                    type="checkbox"
                    checked={draft.jurisdictionCodes.includes(j.code)}
                    disabled={draft.national}
                    onChange={(e) => dispatch({ type: 'jurisdiction', code: j.code, chosen: e.target.checked })}
                  />{' '}
                  {j.name}
                </label>
              ))}
          </fieldset>
        </div>
        <label htmlFor={fieldId('/body/area/description')}>{t('area.description')}</label>
        <p className="muted small" id="area-description-hint">
          {t('area.descriptionHint')}
        </p>
        <input
          id={fieldId('/body/area/description')}
          className="wide"
          maxLength={500}
          dir="auto"
          value={draft.areaDescription}
          aria-describedby="area-description-hint"
          onChange={(e) => dispatch({ type: 'describeArea', text: e.target.value })}
        />
      </div>
    </>
  );
}

/** The case's photos that go with the alert, up to the limit. */
export function PhotosSection({ state, dispatch, theCase }: SectionProps & { theCase: CaseForAlert }) {
  const { t } = useTranslation('alerts');
  const { photoIds } = state.draft;
  const error = fieldError(state.problem, '/body/photoIds');
  return (
    <fieldset id={fieldId('/body/photoIds')} tabIndex={-1}>
      <legend>{t('photos.title')}</legend>
      {theCase.photos.length === 0 ? (
        <p className="muted">{t('photos.none')}</p>
      ) : (
        <p className="muted">{t('photos.intro', { max: MAX_PHOTOS })}</p>
      )}
      {error ? <p className="field-error">{error}</p> : null}
      <ul className="photo-choices">
        {theCase.photos.map((photo, i) => {
          const chosen = photoIds.includes(photo.id);
          return (
            <li key={photo.id}>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={chosen}
                  disabled={!chosen && photoIds.length >= MAX_PHOTOS}
                  onChange={(e) => dispatch({ type: 'photo', id: photo.id, chosen: e.target.checked })}
                />{' '}
                <img src={photo.urls.thumb} alt="" width={96} /> {photo.caption || t('photos.number', { number: i + 1 })}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** What else is known: a vehicle, a suspect. */
export function FactsSection({ state, dispatch }: SectionProps) {
  const { t } = useTranslation('alerts');
  return (
    <fieldset>
      <legend>{t('facts.legend')}</legend>
      <label htmlFor={fieldId('/body/vehicle')}>{t('facts.vehicle')}</label>
      <textarea
        id={fieldId('/body/vehicle')}
        rows={2}
        maxLength={1000}
        dir="auto"
        value={state.draft.vehicle}
        onChange={(e) => dispatch({ type: 'update', changes: { vehicle: e.target.value } })}
      />
      <label htmlFor={fieldId('/body/suspect')}>{t('facts.suspect')}</label>
      <textarea
        id={fieldId('/body/suspect')}
        rows={2}
        maxLength={1000}
        dir="auto"
        value={state.draft.suspect}
        onChange={(e) => dispatch({ type: 'update', changes: { suspect: e.target.value } })}
      />
    </fieldset>
  );
}
