// Every screen of the console and its address under /console/.
import { BrowserRouter, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './session.tsx';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';
import { Home } from './Home.tsx';
import { Loading, PageHeading } from './ui.tsx';
import { CaseList } from '../cases/CaseList.tsx';
import { CasePage } from '../cases/CasePage.tsx';
import { Users } from '../users/Users.tsx';
import { AlertList } from '../alerts/AlertList.tsx';
import { AlertComposer } from '../alerts/AlertComposer.tsx';
import { AlertPage } from '../alerts/AlertPage.tsx';
import { ApproverInbox } from '../alerts/ApproverInbox.tsx';
import { DispatchDashboard } from '../dispatch/DispatchDashboard.tsx';
import { DevInbox } from '../dispatch/DevInbox.tsx';
import { Enrolment } from '../enrolment/Enrolment.tsx';
import { SightingsMap } from '../sightings/SightingsMap.tsx';
import { ReportQueues } from '../reports/ReportQueues.tsx';

function NotFound() {
  const { t } = useTranslation('app');
  return (
    <main id="main">
      <PageHeading>{t('notFound')}</PageHeading>
    </main>
  );
}

function Screens() {
  const { session } = useSession();
  if (session === undefined) return <Loading />;
  if (session === null || session.stage !== 'active') return <SignIn />;
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/cases" element={<CaseList />} />
      <Route path="/cases/:caseId" element={<CasePage />} />
      <Route path="/alerts" element={<AlertList />} />
      <Route path="/alerts/new" element={<AlertComposer />} />
      <Route path="/alerts/:alertId" element={<AlertPage />} />
      <Route path="/alerts/:alertId/edit" element={<AlertComposer />} />
      <Route path="/alerts/:alertId/dispatch" element={<DispatchDashboard />} />
      <Route path="/approvals" element={<ApproverInbox />} />
      <Route path="/sightings" element={<SightingsMap />} />
      <Route path="/reports" element={<ReportQueues />} />
      <Route path="/enrolment" element={<Enrolment />} />
      <Route path="/dev-inbox" element={<DevInbox />} />
      <Route path="/users" element={<Users />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter basename="/console">
      <SessionProvider>
        <Shell>
          <Screens />
        </Shell>
      </SessionProvider>
    </BrowserRouter>
  );
}
