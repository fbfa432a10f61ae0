// A secret the server shows once (a webhook's signing secret, a screen's address): in a read-only box
// that is easy to select, with a copy button and a plain warning that it will not be shown again.
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function OnceSecret({ label, value, children, onDone }: { label: string; value: string; children?: ReactNode; onDone: () => void }) {
  const { t } = useTranslation('enrolment');
  const input = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const id = `secret-${label.replace(/\W+/g, '-')}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure page, a refused permission): select it for the keyboard instead.
      input.current?.select();
      setCopied('no');
    }
  }

  return (
    <div className="once-secret" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{label}</h3>
      <p className="once-warning">{t('once.warning')}</p>
      <label htmlFor={id}>{t('once.value')}</label>
      <div className="once-row">
        <textarea
          id={id}
          ref={input}
          readOnly
          value={value}
          rows={2}
          onFocus={(e) => e.target.select()}
          spellCheck={false}
          className="once-value"
        />
        <button type="button" className="secondary" onClick={() => void copy()}>
          {t('once.copy')}
        </button>
        {children}
      </div>
      <p role="status" className="muted">
        {copied === 'yes' ? t('once.copied') : copied === 'no' ? t('once.copyFailed') : ''}
      </p>
      <button type="button" onClick={onDone}>
        {t('once.done')}
      </button>
    </div>
  );
}
