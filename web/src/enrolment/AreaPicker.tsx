// The area of a webhook or screen: the whole country, or one or more jurisdictions chosen by name.
import { useTranslation } from 'react-i18next';
import { FieldError } from '../app/forms.tsx';
import type { AreaChoice, AreaRequest } from './types.ts';

export function AreaPicker({
  idPrefix,
  areas,
  value,
  onChange,
  invalid,
}: {
  idPrefix: string;
  areas: AreaChoice[];
  value: AreaRequest;
  onChange: (area: AreaRequest) => void;
  invalid?: string;
}) {
  const { t } = useTranslation('enrolment');
  const chosen = new Set(value.jurisdictionCodes ?? []);
  const toggle = (code: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    onChange({ national: false, jurisdictionCodes: [...next] });
  };
  return (
    <fieldset id={`${idPrefix}-area`} tabIndex={-1} aria-describedby={invalid ? `${idPrefix}-area-error` : undefined}>
      <legend>{t('area.legend')}</legend>
      <label className="choice">
        <input type="radio" name={`${idPrefix}-area`} checked={value.national === true} onChange={() => onChange({ national: true })} />
        {t('area.national')}
      </label>
      <label className="choice">
        <input
          type="radio"
          name={`${idPrefix}-area`}
          checked={value.national !== true}
          onChange={() => onChange({ national: false, jurisdictionCodes: value.jurisdictionCodes ?? [] })}
        />
        {t('area.some')}
      </label>
      {value.national !== true ? (
        <fieldset className="nested">
          <legend>{t('area.jurisdictions')}</legend>
          {areas.length === 0 ? <p className="muted">{t('area.none')}</p> : null}
          {areas.map((area) => (
            <label key={area.code} className="choice">
              <input type="checkbox" checked={chosen.has(area.code)} onChange={(e) => toggle(area.code, e.target.checked)} />
              {area.name} <span className="muted">({area.code})</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <FieldError id={`${idPrefix}-area-error`} message={invalid} />
    </fieldset>
  );
}

/**
 * An enrolled area as a partner names it: the force areas (or countries) it falls in, from the server, with
 * the number of cells as a detail.
 */
export function AreaNames({ names, cells }: { names: string[] | undefined; cells: number }) {
  const { t, i18n } = useTranslation('enrolment');
  const list =
    names && names.length > 0 ? new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names) : t('webhooks.outside');
  return (
    <>
      <span className="area-names">{list}</span>
      <br />
      <span className="muted small">{t('webhooks.cellCount', { count: cells })}</span>
    </>
  );
}
