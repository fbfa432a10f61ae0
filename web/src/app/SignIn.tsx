// Sign-in: password, then the authenticator code; approvers and administrators set one up the first time.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from './api.ts';
import { useSession, type SessionState } from './session.tsx';
import { ErrorMessage, PageHeading } from './ui.tsx';

export function SignIn() {
  const { t } = useTranslation('app');
  const { session, setSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const signIn = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const state = await post<SessionState>('/auth/sign-in', { email, password });
      setPassword('');
      setSession(state);
      if (state.stage === 'totp_enrolment') setEnrolment(await post('/auth/second-factor/enrolment'));
    });
  };

  const secondFactor = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const path = session?.stage === 'totp_enrolment' ? '/auth/second-factor/enrolment/confirm' : '/auth/second-factor';
      setSession(await post<SessionState>(path, { code: code.trim() }));
      setCode('');
    });
  };

  const stage = session?.stage;
  return (
    <main id="main" className="sign-in">
      <PageHeading>{t('signIn.title')}</PageHeading>
      <ErrorMessage error={error} />
      {stage === 'totp_required' || stage === 'totp_enrolment' ? (
        <form onSubmit={secondFactor} className="stack">
          {stage === 'totp_enrolment' ? (
            <div className="panel">
              <p>{t('signIn.enrolIntro')}</p>
              {enrolment ? (
                <p>
                  {t('signIn.secret')}: <code data-testid="totp-secret">{enrolment.secret}</code>
                </p>
              ) : (
                <button type="button" onClick={() => void run(async () => setEnrolment(await post('/auth/second-factor/enrolment')))}>
                  {t('signIn.startEnrolment')}
                </button>
              )}
            </div>
          ) : (
            <p>{t('signIn.codeIntro')}</p>
          )}
          <label>
            {t('signIn.code')}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('signIn.verify')}
          </button>
        </form>
      ) : (
        <form onSubmit={signIn} className="stack">
          <label>
            {t('signIn.email')}
            <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {t('signIn.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      )}
    </main>
  );
}
