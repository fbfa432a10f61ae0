// Placeholder until this screen is built.
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../app/ui.tsx';

export function AlertList() {
  const { t } = useTranslation('app');
  return (
    <main id="main">
      <PageHeading>{t('notYet')}</PageHeading>
    </main>
  );
}
