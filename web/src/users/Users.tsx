// Staff accounts for administrators: everyone within their reach (the national centre's: all; a force's: its
// own), with second-factor status and whether sign-ins wait; end a wait; reset a lost second factor; add an
// account with a role its organisation may hold.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_GRANTS, ROLE_ORGANISATION_KINDS, ROLES, type Role } from '../../../src/auth/roles.ts';
import type { UserSummary } from '../../../src/auth/schemas.ts';
import type { Organisation } from '../../../src/orgs/schemas.ts';
import { get, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { ErrorMessage, Loading, PageHeading, useLoad } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import '../cases/cases.css';

/** Roles whose sign-in needs a second factor. */
const SECOND_FACTOR_ROLES: ReadonlySet<string> = new Set(ROLES.filter((role) => ROLE_GRANTS[role].secondFactorRequired));

/** A strong first password, made in the browser, for the administrator to pass on by a safe route. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function AddUser({ organisations, onAdded }: { organisations: Organisation[]; onAdded: (user: UserSummary) => void }) {
  const { t } = useTranslation('users');
  const { session } = useSession();
  const own = session?.user.organisation.code ?? '';
  const [draft, setDraft] = useState({ name: '', email: '', organisationCode: own, role: '', password: '' });
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const organisation = organisations.find((o) => o.code === draft.organisationCode);
  // Offers the roles the organisation may hold first; the API decides, and its refusal is shown by the role field.
  const fits = (role: Role) => !organisation || ROLE_ORGANISATION_KINDS[role].includes(organisation.kind);
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const created = await post<UserSummary>('/users', { ...draft, name: draft.name.trim(), email: draft.email.trim() });
      onAdded(created);
      setDraft({ name: '', email: '', organisationCode: draft.organisationCode, role: '', password: '' });
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const labels = {
    '/body/name': t('field.name'),
    '/body/email': t('field.email'),
    '/body/organisationCode': t('field.organisation'),
    '/body/role': t('field.role'),
    '/body/password': t('field.password'),
  };
  const allowed = ROLES.filter(fits);
  const others = ROLES.filter((role) => !fits(role));

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-user-heading">
      <h2 id="add-user-heading">{t('add.title')}</h2>
      <FormProblem error={error} labels={labels} />
      <div className="fields">
        <Field label={t('field.name')} pointer="/body/name" error={error}>
          {(p) => <input {...p} value={draft.name} onChange={set('name')} maxLength={200} autoComplete="off" />}
        </Field>
        <Field label={t('field.email')} pointer="/body/email" error={error}>
          {(p) => <input {...p} type="email" value={draft.email} onChange={set('email')} autoComplete="off" />}
        </Field>
        <Field label={t('field.organisation')} pointer="/body/organisationCode" error={error}>
          {(p) => (
            <select {...p} value={draft.organisationCode} onChange={set('organisationCode')}>
              {organisations.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('field.role')}
          pointer="/body/role"
          error={error}
          hint={organisation ? t('add.roleHint', { organisation: organisation.name, roles: allowed.map((r) => t(`role.${r}`)).join(', ') }) : undefined}
        >
          {(p) => (
            <select {...p} value={draft.role} onChange={set('role')}>
              <option value="">{t('add.chooseRole')}</option>
              <optgroup label={t('add.allowedRoles')}>
                {allowed.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}`)}
                  </option>
                ))}
              </optgroup>
              {others.length ? (
                <optgroup label={t('add.otherRoles')}>
                  {others.map((role) => (
                    <option key={role} value={role}>
                      {t(`role.${role}`)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          )}
        </Field>
        <div className="wide">
          <Field label={t('field.password')} pointer="/body/password" error={error} hint={t('add.passwordHint')}>
            {(p) => <input {...p} type="text" value={draft.password} onChange={set('password')} autoComplete="new-password" spellCheck={false} />}
          </Field>
          <button type="button" className="secondary" onClick={() => setDraft((d) => ({ ...d, password: generatePassword() }))}>
            {t('add.generate')}
          </button>
        </div>
      </div>
      {draft.role && SECOND_FACTOR_ROLES.has(draft.role) ? <p className="hint">{t('add.secondFactorNote')}</p> : null}
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('add.saving') : t('add.submit')}
        </button>
      </div>
    </form>
  );
}

export function Users() {
  const { t } = useTranslation('users');
  const { session } = useSession();
  const users = useLoad(() => get<{ items: UserSummary[] }>('/users').then((r) => r.items), []);
  const organisations = useLoad(() => get<{ items: Organisation[] }>('/organisations').then((r) => r.items), []);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [filter, setFilter] = useState('');
  // A force's administrator manages its own organisation only (the API refuses any other).
  const national = session?.user.organisation.kind === 'national_centre';
  const reachable = (organisations.data ?? []).filter((o) => national || o.code === session?.user.organisation.code);
  const names = new Map((organisations.data ?? []).map((o) => [o.code, o.name]));

  async function unlock(user: UserSummary) {
    setError(undefined);
    setMessage('');
    try {
      await post(`/users/${user.id}/unlock`);
      setMessage(t('list.unlocked', { name: user.name }));
      users.reload();
    } catch (e) {
      setError(e);
    }
  }

  // The only way to remove a second factor without a code from it; the API audits it and refuses one's own.
  async function resetSecondFactor(user: UserSummary) {
    if (!window.confirm(t('list.resetSecondFactorConfirm', { name: user.name }))) return;
    setError(undefined);
    setMessage('');
    try {
      await post(`/users/${user.id}/second-factor/reset`);
      setMessage(t('list.secondFactorReset', { name: user.name }));
      users.reload();
    } catch (e) {
      setError(e);
    }
  }

  const needle = filter.trim().toLowerCase();
  const shown = (users.data ?? []).filter((u) => !needle || `${u.name} ${u.email} ${u.organisationCode} ${u.role}`.toLowerCase().includes(needle));

  return (
    <main id="main">
      <PageHeading>{t('title')}</PageHeading>
      <p>{national ? t('intro.national') : t('intro.own', { organisation: session?.user.organisation.name ?? '' })}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <ErrorMessage error={error} />
      {organisations.data ? (
        <AddUser
          organisations={reachable}
          onAdded={(user) => {
            setMessage(t('add.done', { name: user.name, email: user.email }));
            users.reload();
          }}
        />
      ) : null}

      <section className="section" aria-labelledby="users-heading">
        <h2 id="users-heading">{t('list.title')}</h2>
        <div className="field">
          <label htmlFor="user-filter">{t('list.filter')}</label>
          <input id="user-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <ErrorMessage error={users.error} />
        {users.loading && !users.data ? <Loading /> : null}
        <p className="muted">{t('list.count', { count: shown.length })}</p>
        <ul className="user-cards">
          {shown.map((user) => (
            <li key={user.id}>
              <h3>{user.name}</h3>
              <p className="answer-current">{user.email}</p>
              <div className="badges">
                <span className="badge">{t(`role.${user.role}`)}</span>
                {user.secondFactorEnabled ? (
                  <span className="badge ok">{t('list.secondFactorOn')}</span>
                ) : (
                  <span className={`badge ${SECOND_FACTOR_ROLES.has(user.role) ? 'warn' : ''}`}>
                    {SECOND_FACTOR_ROLES.has(user.role) ? t('list.secondFactorPending') : t('list.secondFactorOff')}
                  </span>
                )}
                {user.locked ? <span className="badge high">{t('list.locked')}</span> : null}
                {user.disabled ? <span className="badge">{t('list.disabled')}</span> : null}
              </div>
              <p className="answer-current">{names.get(user.organisationCode) ?? user.organisationCode}</p>
              {user.locked ? (
                <button type="button" onClick={() => void unlock(user)}>
                  {t('list.unlock', { name: user.name })}
                </button>
              ) : null}
              {user.secondFactorEnabled && user.id !== session?.user.id ? (
                <button type="button" onClick={() => void resetSecondFactor(user)}>
                  {t('list.resetSecondFactor', { name: user.name })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
