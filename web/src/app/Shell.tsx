// The frame around every screen: skip link, navigation by what the user may do, language, sign-out.
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CONSOLE_LANGUAGES, LANGUAGE_NAMES, changeLanguage } from './i18n.ts';
import { useSession } from './session.tsx';

export interface NavItem {
  to: string;
  /** Key in the app namespace. */
  label: string;
  permission: string;
  /** The kinds of organisation the screen is for, when the permission alone does not say (access.ts decides the rest). */
  kinds?: string[];
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/cases', label: 'nav.cases', permission: 'case:read' },
  { to: '/shared', label: 'nav.shared', permission: 'share:read' },
  { to: '/interviews', label: 'nav.interviews', permission: 'interview:read' },
  { to: '/register', label: 'nav.register', permission: 'register:search' },
  { to: '/unidentified', label: 'nav.unidentified', permission: 'unidentified:read' },
  { to: '/profiles', label: 'nav.profiles', permission: 'profile:read' },
  // The retention API answers the national centre only (nationalCentreOnly): a force's administrator holds the permission, not the reach.
  { to: '/retention', label: 'nav.retention', permission: 'retention:read', kinds: ['national_centre'] },
  { to: '/matching', label: 'nav.matching', permission: 'match:read' },
  {
    to: '/philomena',
    label: 'nav.philomena',
    permission: 'philomena:read',
    kinds: ['police_force', 'national_centre', 'local_authority', 'care_provider'],
  },
  {
    to: '/repeat-missing',
    label: 'nav.repeatMissing',
    permission: 'repeat:read',
    kinds: ['police_force', 'national_centre', 'local_authority'],
  },
  { to: '/alerts', label: 'nav.alerts', permission: 'alert:read' },
  { to: '/approvals', label: 'nav.approvals', permission: 'alert:approve' },
  { to: '/long-term-appeals', label: 'nav.appeals', permission: 'appeal:publish' },
  { to: '/sightings', label: 'nav.sightings', permission: 'submission:read' },
  { to: '/reports', label: 'nav.reports', permission: 'submission:read' },
  { to: '/enrolment', label: 'nav.enrolment', permission: 'enrolment:manage' },
  { to: '/dev-inbox', label: 'nav.devInbox', permission: 'dispatch:inbox' },
  { to: '/disclosures', label: 'nav.disclosures', permission: 'disclosure:read' },
  { to: '/users', label: 'nav.users', permission: 'user:manage' },
  { to: '/organisations', label: 'nav.organisations', permission: 'organisation:manage' },
  { to: '/partners', label: 'nav.partners', permission: 'exchange:manage', kinds: ['national_centre'] },
  { to: '/alert-offers', label: 'nav.alertOffers', permission: 'exchange:manage', kinds: ['national_centre'] },
];

/** The screens a user may open: those their role allows, for their kind of organisation. */
export function navItemsFor(can: (permission: string) => boolean, organisationKind: string | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => can(item.permission) && (!item.kinds || item.kinds.includes(organisationKind ?? '')));
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation('app');
  const { session, signOut, can } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <NavLink to="/" className="brand">
          {t('brand')}
        </NavLink>
        <nav aria-label={t('nav.label')}>
          <ul>
            {navItemsFor(can, session?.user.organisation.kind).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{t(item.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <label>
            <span className="visually-hidden">{t('language')}</span>
            <select value={i18n.language} onChange={(e) => changeLanguage(e.target.value)} aria-label={t('language')}>
              {CONSOLE_LANGUAGES.map((lang) => (
                <option key={lang} value={lang} lang={lang}>
                  {LANGUAGE_NAMES[lang]}
                </option>
              ))}
            </select>
          </label>
          {session ? (
            <>
              <span className="muted">
                {session.user.name} · {session.user.organisation.name}
              </span>
              <button type="button" className="link" onClick={() => void signOut()}>
                {t('signOut')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      {children}
    </>
  );
}
