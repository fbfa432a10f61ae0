// The first screen after sign-in: where to go, by what the user may do.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { navItemsFor } from './Shell.tsx';
import { useSession } from './session.tsx';
import { PageHeading } from './ui.tsx';

export function Home() {
  const { t } = useTranslation('app');
  const { session, can } = useSession();
  const items = navItemsFor(can, session?.user.organisation.kind);
  return (
    <main id="main">
      <PageHeading>{t('home.title', { name: session?.user.name ?? '' })}</PageHeading>
      {items.length === 0 ? <p>{t('home.nothing')}</p> : null}
      <ul className="cards">
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{t(item.label)}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
