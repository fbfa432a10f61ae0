// The reason asked for before a sensitive case opens (the API answers 428 until the X-Access-Reason header
// comes): on the case page, and on a shared case's page for the agency it was shared with.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../app/ui.tsx';

/** The reason asked for before a sensitive case opens; `back` is where the reader came from, and what it is called. */
export function ReasonForm({
  onReason,
  detail,
  back,
}: {
  onReason: (reason: string) => void;
  detail?: string;
  back?: { to: string; label: string };
}) {
  const { t } = useTranslation('cases');
  const [reason, setReason] = useState('');
  const [short, setShort] = useState(false);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 5) {
      setShort(true);
      return;
    }
    onReason(reason.trim());
  }
  return (
    <main id="main" className="reason-form">
      <PageHeading>{t('reason.title')}</PageHeading>
      <p>{t('reason.intro')}</p>
      {detail ? <p className="muted">{detail}</p> : null}
      <form onSubmit={submit} noValidate>
        <div className={`field${short ? ' invalid' : ''}`}>
          <label htmlFor="access-reason">{t('reason.label')}</label>
          <p id="access-reason-hint" className="hint">
            {t('reason.hint')}
          </p>
          {short ? (
            <p id="access-reason-problem" className="field-problem" role="alert">
              {t('reason.tooShort')}
            </p>
          ) : null}
          <textarea
            id="access-reason"
            rows={3}
            maxLength={500}
            value={reason}
            aria-invalid={short || undefined}
            aria-describedby={short ? 'access-reason-hint access-reason-problem' : 'access-reason-hint'}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit">{t('reason.submit')}</button>
          <Link to={back?.to ?? '/cases'}>{back?.label ?? t('reason.back')}</Link>
        </div>
      </form>
    </main>
  );
}
