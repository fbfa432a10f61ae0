// Staff accounts for administrators: everyone within their reach (the national centre's: all; a force's: its
// own), with status, last sign-in, second-factor status and whether sign-ins wait; invite a person (they set
// their own password through a one-time link), disable and enable, change role or organisation, send a
// password reset link, end a wait, reset a lost second factor. Nobody here ever chooses anyone's password.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_GRANTS, ROLE_ORGANISATION_KINDS, ROLES, type Role } from '../../../src/auth/roles.ts';
import type { IssuedLink, UserSummary } from '../../../src/auth/schemas.ts';
import type { Organisation } from '../../../src/orgs/schemas.ts';
import { get, patch, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import '../cases/cases.css';

/** Roles whose sign-in needs a second factor. */
const SECOND_FACTOR_ROLES: ReadonlySet<string> = new Set(ROLES.filter((role) => ROLE_GRANTS[role].secondFactorRequired));

function InviteUser({
  organisations,
  onInvited,
}: {
  organisations: Organisation[];
  onInvited: (issued: IssuedLink, name: string) => void;
}) {
  const { t } = useTranslation('users');
  const { session } = useSession();
  const own = session?.user.organisation.code ?? '';
  const [draft, setDraft] = useState({ name: '', email: '', organisationCode: own, role: '' });
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
      const issued = await post<IssuedLink>('/users/invitations', { ...draft, name: draft.name.trim(), email: draft.email.trim() });
      onInvited(issued, draft.name.trim());
      setDraft({ name: '', email: '', organisationCode: draft.organisationCode, role: '' });
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
  };
  const allowed = ROLES.filter(fits);
  const others = ROLES.filter((role) => !fits(role));

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="add-user-heading">
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
          hint={
            organisation
              ? t('add.roleHint', { organisation: organisation.name, roles: allowed.map((r) => t(`role.${r}`)).join(', ') })
              : undefined
          }
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
      </div>
      <p className="hint">{t('add.inviteHint')}</p>
      {draft.role && SECOND_FACTOR_ROLES.has(draft.role) ? <p className="hint">{t('add.secondFactorNote')}</p> : null}
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('add.saving') : t('add.submit')}
        </button>
      </div>
    </form>
  );
}

/** A one-time link, shown once: emailed to the person when a mail relay took it, else passed on by a safe route. */
function LinkPanel({ issued, title }: { issued: IssuedLink; title: string }) {
  const { t } = useTranslation('users');
  return (
    <section className="section notice" aria-labelledby="issued-link-heading">
      <h2 id="issued-link-heading">{title}</h2>
      <p>
        {t(issued.emailed ? 'link.emailed' : 'link.intro', { email: issued.email })} <DateTime value={issued.expiresAt} />
      </p>
      <div className="field">
        <label htmlFor="issued-link">{t('link.link')}</label>
        <input id="issued-link" type="text" readOnly value={issued.link} onFocus={(e) => e.target.select()} spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="issued-code">{t('link.code')}</label>
        <input id="issued-code" type="text" readOnly value={issued.code} onFocus={(e) => e.target.select()} spellCheck={false} />
      </div>
      <p className="hint">{t('link.once')}</p>
    </section>
  );
}

/** Moves an account to another role or organisation; the API checks the pair and ends the account's sessions. */
function ChangeUser({ user, organisations, onChanged }: { user: UserSummary; organisations: Organisation[]; onChanged: () => void }) {
  const { t } = useTranslation('users');
  const [role, setRole] = useState<string>(user.role);
  const [organisationCode, setOrganisationCode] = useState(user.organisationCode);
  const [error, setError] = useState<unknown>();
  const prefix = `change-${user.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await patch(`/users/${user.id}`, { role, organisationCode });
      onChanged();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-label={t('change.title', { name: user.name })}>
      <FormProblem error={error} labels={{ '/body/role': t('field.role'), '/body/organisationCode': t('field.organisation') }} />
      <div className="field">
        <label htmlFor={`${prefix}-org`}>{t('field.organisation')}</label>
        <select id={`${prefix}-org`} value={organisationCode} onChange={(e) => setOrganisationCode(e.target.value)}>
          {organisations.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-role`}>{t('field.role')}</label>
        <select id={`${prefix}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">{t('change.hint')}</p>
      <button type="submit">{t('change.submit')}</button>
    </form>
  );
}

export function Users() {
  const { t } = useTranslation('users');
  const { session } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: keys.users, queryFn: () => get<{ items: UserSummary[] }>('/users').then((r) => r.items) });
  const organisations = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
  });
  const reloadUsers = () => void queryClient.invalidateQueries({ queryKey: keys.users });
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [filter, setFilter] = useState('');
  const [issued, setIssued] = useState<{ link: IssuedLink; title: string }>();
  const [changing, setChanging] = useState<string>();
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
      reloadUsers();
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
      reloadUsers();
    } catch (e) {
      setError(e);
    }
  }

  async function act(user: UserSummary, action: 'disable' | 'enable') {
    if (action === 'disable' && !window.confirm(t('list.disableConfirm', { name: user.name }))) return;
    setError(undefined);
    setMessage('');
    try {
      await post(`/users/${user.id}/${action}`);
      setMessage(t(action === 'disable' ? 'list.disabledDone' : 'list.enabledDone', { name: user.name }));
      reloadUsers();
    } catch (e) {
      setError(e);
    }
  }

  async function resetPassword(user: UserSummary) {
    setError(undefined);
    setMessage('');
    try {
      const link = await post<IssuedLink>(`/users/${user.id}/password-reset`);
      setIssued({ link, title: t('link.resetTitle', { name: user.name }) });
    } catch (e) {
      setError(e);
    }
  }

  const needle = filter.trim().toLowerCase();
  const shown = (users.data ?? []).filter(
    (u) => !needle || `${u.name} ${u.email} ${u.organisationCode} ${u.role}`.toLowerCase().includes(needle),
  );

  return (
    <main id="main">
      <PageHeading>{t('title')}</PageHeading>
      <p>{national ? t('intro.national') : t('intro.own', { organisation: session?.user.organisation.name ?? '' })}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <ErrorMessage error={error} />
      {issued ? <LinkPanel issued={issued.link} title={issued.title} /> : null}
      {organisations.data ? (
        <InviteUser
          organisations={reachable}
          onInvited={(link, name) => {
            setMessage(t('add.done', { name, email: link.email }));
            setIssued({ link, title: t('link.inviteTitle', { name }) });
            reloadUsers();
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
        {users.isFetching && !users.data ? <Loading /> : null}
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
                {user.disabled ? <span className="badge high">{t('list.disabled')}</span> : null}
                {user.awaitingPassword ? <span className="badge warn">{t('list.invited')}</span> : null}
              </div>
              <p className="answer-current">{names.get(user.organisationCode) ?? user.organisationCode}</p>
              <p className="muted">
                {t('list.lastSignIn')} {user.lastSignInAt ? <DateTime value={user.lastSignInAt} /> : t('list.never')}
              </p>
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
              {user.id !== session?.user.id ? (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => void act(user, user.disabled ? 'enable' : 'disable')}>
                    {t(user.disabled ? 'list.enable' : 'list.disable', { name: user.name })}
                  </button>
                  {!user.disabled ? (
                    <button type="button" className="secondary" onClick={() => void resetPassword(user)}>
                      {t(user.awaitingPassword ? 'list.reinvite' : 'list.resetPassword', { name: user.name })}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={changing === user.id}
                    onClick={() => setChanging(changing === user.id ? undefined : user.id)}
                  >
                    {t('change.open', { name: user.name })}
                  </button>
                </div>
              ) : null}
              {changing === user.id ? (
                <ChangeUser
                  user={user}
                  organisations={reachable}
                  onChanged={() => {
                    setChanging(undefined);
                    setMessage(t('change.done', { name: user.name }));
                    reloadUsers();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
