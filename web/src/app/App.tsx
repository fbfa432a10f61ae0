// Every screen of the console and its address under /console/.
import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './session.tsx';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';
import { Home } from './Home.tsx';
import { Loading, PageHeading } from './ui.tsx';
import { newQueryClient } from './queries.ts';

// Each screen is its own chunk, fetched when first opened: the maps and charts load only where they are used.
const CaseList = lazy(() => import('../cases/CaseList.tsx').then((m) => ({ default: m.CaseList })));
const CasePage = lazy(() => import('../cases/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const Users = lazy(() => import('../users/Users.tsx').then((m) => ({ default: m.Users })));
const AlertList = lazy(() => import('../alerts/AlertList.tsx').then((m) => ({ default: m.AlertList })));
const AlertComposer = lazy(() => import('../alerts/AlertComposer.tsx').then((m) => ({ default: m.AlertComposer })));
const AlertPage = lazy(() => import('../alerts/AlertPage.tsx').then((m) => ({ default: m.AlertPage })));
const ApproverInbox = lazy(() => import('../alerts/ApproverInbox.tsx').then((m) => ({ default: m.ApproverInbox })));
const DispatchDashboard = lazy(() => import('../dispatch/DispatchDashboard.tsx').then((m) => ({ default: m.DispatchDashboard })));
const DevInbox = lazy(() => import('../dispatch/DevInbox.tsx').then((m) => ({ default: m.DevInbox })));
const Enrolment = lazy(() => import('../enrolment/Enrolment.tsx').then((m) => ({ default: m.Enrolment })));
const SightingsMap = lazy(() => import('../sightings/SightingsMap.tsx').then((m) => ({ default: m.SightingsMap })));
const Organisations = lazy(() => import('../orgs/Organisations.tsx').then((m) => ({ default: m.Organisations })));
const SetPassword = lazy(() => import('../users/SetPassword.tsx').then((m) => ({ default: m.SetPassword })));
const ProfilesPage = lazy(() => import('../profiles/ProfilesPage.tsx').then((m) => ({ default: m.ProfilesPage })));
const RetentionPage = lazy(() => import('../retention/RetentionPage.tsx').then((m) => ({ default: m.RetentionPage })));
const RegisterSearch = lazy(() => import('../register/RegisterSearch.tsx').then((m) => ({ default: m.RegisterSearch })));
const UnidentifiedList = lazy(() => import('../unidentified/UnidentifiedList.tsx').then((m) => ({ default: m.UnidentifiedList })));
const UnidentifiedPage = lazy(() => import('../unidentified/UnidentifiedPage.tsx').then((m) => ({ default: m.UnidentifiedPage })));
const NewUnidentified = lazy(() => import('../unidentified/NewUnidentified.tsx').then((m) => ({ default: m.NewUnidentified })));
const MatchQueue = lazy(() => import('../matching/MatchQueue.tsx').then((m) => ({ default: m.MatchQueue })));
const InterviewList = lazy(() => import('../interviews/InterviewList.tsx').then((m) => ({ default: m.InterviewList })));
const InterviewPage = lazy(() => import('../interviews/InterviewPage.tsx').then((m) => ({ default: m.InterviewPage })));
const SharedCaseList = lazy(() => import('../sharing/SharedCaseList.tsx').then((m) => ({ default: m.SharedCaseList })));
const SharedProfilePage = lazy(() => import('../sharing/SharedProfilePage.tsx').then((m) => ({ default: m.SharedProfilePage })));
const SharedCasePage = lazy(() => import('../sharing/SharedCasePage.tsx').then((m) => ({ default: m.SharedCasePage })));
const DisclosureRegister = lazy(() => import('../sharing/DisclosureRegister.tsx').then((m) => ({ default: m.DisclosureRegister })));
const PhilomenaList = lazy(() => import('../philomena/PhilomenaList.tsx').then((m) => ({ default: m.PhilomenaList })));
const PhilomenaPage = lazy(() => import('../philomena/PhilomenaPage.tsx').then((m) => ({ default: m.PhilomenaPage })));
const NewProfile = lazy(() => import('../philomena/NewProfile.tsx').then((m) => ({ default: m.NewProfile })));
const RepeatList = lazy(() => import('../philomena/RepeatList.tsx').then((m) => ({ default: m.RepeatList })));
const AppealReviews = lazy(() => import('../appeals/AppealReviews.tsx').then((m) => ({ default: m.AppealReviews })));
const Partners = lazy(() => import('../exchange/Partners.tsx').then((m) => ({ default: m.Partners })));
const AlertOffers = lazy(() => import('../exchange/AlertOffers.tsx').then((m) => ({ default: m.AlertOffers })));
const ReportQueues = lazy(() => import('../reports/ReportQueues.tsx').then((m) => ({ default: m.ReportQueues })));

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
  const { pathname } = useLocation();
  // Reached from an invitation or reset link, signed in or not.
  if (pathname === '/set-password') {
    return (
      <Suspense fallback={<Loading />}>
        <SetPassword />
      </Suspense>
    );
  }
  if (session === undefined) return <Loading />;
  if (session === null || session.stage !== 'active') return <SignIn />;
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/cases" element={<CaseList />} />
        <Route path="/cases/:caseId" element={<CasePage />} />
        <Route path="/register" element={<RegisterSearch />} />
        <Route path="/profiles" element={<ProfilesPage />} />
        <Route path="/retention" element={<RetentionPage />} />
        <Route path="/unidentified" element={<UnidentifiedList />} />
        <Route path="/unidentified/new" element={<NewUnidentified />} />
        <Route path="/unidentified/:unidentifiedId" element={<UnidentifiedPage />} />
        <Route path="/matching" element={<MatchQueue />} />
        <Route path="/interviews" element={<InterviewList />} />
        <Route path="/interviews/:interviewId" element={<InterviewPage />} />
        <Route path="/shared" element={<SharedCaseList />} />
        <Route path="/shared/:caseId" element={<SharedCasePage />} />
        <Route path="/shared-profiles/:profileId" element={<SharedProfilePage />} />
        <Route path="/disclosures" element={<DisclosureRegister />} />
        <Route path="/philomena" element={<PhilomenaList />} />
        <Route path="/philomena/new" element={<NewProfile />} />
        <Route path="/philomena/:profileId" element={<PhilomenaPage />} />
        <Route path="/repeat-missing" element={<RepeatList />} />
        <Route path="/long-term-appeals" element={<AppealReviews />} />
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
        <Route path="/organisations" element={<Organisations />} />
        <Route path="/partners" element={<Partners />} />
        <Route path="/alert-offers" element={<AlertOffers />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}

export function App() {
  const [queryClient] = useState(newQueryClient);
  return (
    <BrowserRouter basename="/console">
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <Shell>
            <Screens />
          </Shell>
        </SessionProvider>
      </QueryClientProvider>
    </BrowserRouter>
  );
}
