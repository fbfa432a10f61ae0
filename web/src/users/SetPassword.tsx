// Setting one's own password from an invitation or reset link. The link's code travels after "#", so it
// never reaches a server log or a Referer header; it can also be typed in. On success every session of the
// account ends and the person signs in with the new password.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { PageHeading } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import '../cases/cases.css';

export function SetPassword() {
  const { t } = useTranslation('users');
  const [code, setCode] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, '')));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    setSaving(true);
    try {
      await post('/auth/password', { code: code.trim(), password });
      // The code is spent: take it out of the address and the history entry.
      window.history.replaceState(null, '', window.location.pathname);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  if (done) {
    return (
      <main id="main">
        <PageHeading>{t('setPassword.title')}</PageHeading>
        <p role="status" className="notice">
          {t('setPassword.done')}
        </p>
        <p>
          <a href="/console/">{t('setPassword.signIn')}</a>
        </p>
      </main>
    );
  }
  return (
    <main id="main">
      <PageHeading>{t('setPassword.title')}</PageHeading>
      <p>{t('setPassword.intro')}</p>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        <FormProblem error={error} labels={{ '/body/code': t('setPassword.code'), '/body/password': t('setPassword.password') }} />
        {mismatch ? (
          <p role="alert" className="problem">
            {t('setPassword.mismatch')}
          </p>
        ) : null}
        <div className="fields">
          <Field label={t('setPassword.code')} pointer="/body/code" error={error}>
            {(p) => <input {...p} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label={t('setPassword.password')} pointer="/body/password" error={error} hint={t('setPassword.hint')}>
            {(p) => (
              <input {...p} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
            )}
          </Field>
          <div className="field">
            <label htmlFor="repeat-password">{t('setPassword.repeat')}</label>
            <input
              id="repeat-password"
              type="password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              autoComplete="new-password"
              aria-invalid={mismatch || undefined}
            />
          </div>
        </div>
        <div className="actions">
          <button type="submit" disabled={saving}>
            {t('setPassword.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
