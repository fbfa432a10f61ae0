// One language's text of an alert, with live counters: SMS segments and encoding, cell-broadcast characters.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { characters, countSms, directionOf, languageName, TEXT_LIMITS } from './counting.ts';
import { fieldError, fieldId, isolate } from './shared.tsx';
import type { AlertContent } from './types.ts';

export function ContentBlock({
  index,
  content,
  problem,
  removable,
  onChange,
  onRemove,
}: {
  index: number;
  content: AlertContent;
  problem: unknown;
  removable: boolean;
  onChange: (changes: Partial<AlertContent>) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('alerts');
  const base = `/body/contents/${index}`;
  const dir = directionOf(content.language);
  const sms = countSms(content.smsText);
  const broadcast = characters(content.broadcastText);
  const name = languageName(content.language, i18n.language);

  const field = (key: keyof AlertContent, multiline: boolean, rows = 3, counter?: ReactNode) => {
    const pointer = `${base}/${key}`;
    const id = fieldId(pointer);
    const error = fieldError(problem, pointer);
    const describedBy = [counter ? `${id}-count` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id,
      value: content[key],
      lang: key === 'language' ? undefined : content.language,
      dir: key === 'language' ? undefined : dir,
      maxLength: key === 'language' ? 35 : TEXT_LIMITS[key],
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy,
    };
    return (
      <div className="field">
        <label htmlFor={id}>{t(`content.${key}`)}</label>
        {multiline ? (
          <textarea {...common} rows={rows} onChange={(e) => onChange({ [key]: e.target.value })} />
        ) : (
          <input {...common} className="wide" onChange={(e) => onChange({ [key]: e.target.value })} />
        )}
        {counter}
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const smsId = fieldId(`${base}/smsText`);
  const broadcastId = fieldId(`${base}/broadcastText`);
  return (
    <fieldset className="content-block" id={fieldId(base)} tabIndex={-1}>
      <legend>
        {t('content.legendFor', { language: name })} <span lang="en">({content.language})</span>
      </legend>
      {removable ? (
        <p>
          <button type="button" className="link" onClick={onRemove}>
            {t('content.remove', { language: name })}
          </button>
        </p>
      ) : null}
      {field('headline', false)}
      {field('description', true, 5)}
      {field('instruction', true, 2)}
      {field('contact', false)}
      {field(
        'smsText',
        true,
        3,
        <p id={`${smsId}-count`} className={`counter ${sms.fits ? '' : 'over'}`}>
          <span aria-live="polite" data-testid="sms-counter">
            {t('counter.sms', { segments: sms.segments, encoding: isolate(sms.encoding), units: sms.units })}
            {sms.fits ? '' : ` ${t('counter.smsTooLong')}`}
          </span>{' '}
          <span>{t('counter.smsLeft', { left: sms.remainingInSegment })}</span>
          {sms.forcing.length > 0 ? <span className="muted"> {t('counter.forcing', { characters: sms.forcing.join(' ') })}</span> : null}
        </p>,
      )}
      {field(
        'broadcastText',
        true,
        3,
        <p id={`${broadcastId}-count`} className={`counter ${broadcast <= TEXT_LIMITS.broadcastText ? '' : 'over'}`}>
          {t('counter.broadcast', { length: broadcast, limit: TEXT_LIMITS.broadcastText })}
        </p>,
      )}
    </fieldset>
  );
}
