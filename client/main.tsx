import './ui/theme.css';
import { createResource, lazy, Match, Suspense, Switch, type JSX } from 'solid-js';
import { render } from 'solid-js/web';
import { AccountMenu } from './features/account-menu/account-menu';
import { DirectoryPage } from './features/directory/directory-page';
import { NotFoundPage } from './features/not-found/not-found-page';
import { SchoolHomePage } from './features/school-home/school-home-page';
import { SignInPage } from './features/sign-in/sign-in-page';
import { applyBrandFallback, brandWasInjected } from './lib/brand';
import { fetchHostContext, readBootstrap, type HostContext } from './lib/bootstrap';
import { Routes } from './lib/router';
import { ErrorNotice } from './ui/error-notice';
import { SiteShell } from './ui/site-shell';
import { Spinner } from './ui/spinner';

// Pages most visitors never open load on demand, keeping the first download small.
const AccountPage = lazy(() => import('./features/account/account-page').then((m) => ({ default: m.AccountPage })));
const AdminIndexPage = lazy(() => import('./features/admin/admin-layout').then((m) => ({ default: m.AdminIndexPage })));
const MembersPage = lazy(() => import('./features/admin/members/members-page').then((m) => ({ default: m.MembersPage })));
const OrgUnitsPage = lazy(() => import('./features/admin/org-units/org-units-page').then((m) => ({ default: m.OrgUnitsPage })));
const DomainsPage = lazy(() => import('./features/admin/domains/domains-page').then((m) => ({ default: m.DomainsPage })));
const SignInPolicyPage = lazy(() => import('./features/admin/sign-in-policy/policy-page').then((m) => ({ default: m.SignInPolicyPage })));
const BrandPage = lazy(() => import('./features/admin/branding/brand-page').then((m) => ({ default: m.BrandPage })));
const AcceptInvitationPage = lazy(() => import('./features/invitations/accept-page').then((m) => ({ default: m.AcceptInvitationPage })));
// Learner pages.
const CatalogPage = lazy(() => import('./features/catalog/catalog-page').then((m) => ({ default: m.CatalogPage })));
const CoursePage = lazy(() => import('./features/course/course-page').then((m) => ({ default: m.CoursePage })));
const LessonPage = lazy(() => import('./features/lesson/lesson-page').then((m) => ({ default: m.LessonPage })));
const MyLearningPage = lazy(() => import('./features/my-learning/my-learning-page').then((m) => ({ default: m.MyLearningPage })));
// Staff authoring pages.
const CourseListPage = lazy(() => import('./features/admin/courses/course-list-page').then((m) => ({ default: m.CourseListPage })));
const CourseEditorPage = lazy(() => import('./features/admin/courses/course-editor-page').then((m) => ({ default: m.CourseEditorPage })));
const LessonEditorPage = lazy(() => import('./features/admin/courses/lesson-editor-page').then((m) => ({ default: m.LessonEditorPage })));
const RosterPage = lazy(() => import('./features/admin/courses/roster-page').then((m) => ({ default: m.RosterPage })));
// Staff media pages.
const MediaLibraryPage = lazy(() => import('./features/admin/media/media-library-page').then((m) => ({ default: m.MediaLibraryPage })));
const ProtectionPage = lazy(() => import('./features/admin/media/protection-page').then((m) => ({ default: m.ProtectionPage })));
// Commerce: buying, purchases and the staff money screens.
const OfferPage = lazy(() => import('./features/offers/offer-page').then((m) => ({ default: m.OfferPage })));
const CheckoutSuccessPage = lazy(() => import('./features/offers/checkout-success-page').then((m) => ({ default: m.CheckoutSuccessPage })));
const PurchasesPage = lazy(() => import('./features/purchases/purchases-page').then((m) => ({ default: m.PurchasesPage })));
const ReceiptPage = lazy(() => import('./features/purchases/receipt-page').then((m) => ({ default: m.ReceiptPage })));
const PaymentsPage = lazy(() => import('./features/admin/commerce/payments-page').then((m) => ({ default: m.PaymentsPage })));
const OffersPage = lazy(() => import('./features/admin/commerce/offers-page').then((m) => ({ default: m.OffersPage })));
const PricingRequestsPage = lazy(() => import('./features/admin/commerce/pricing-requests-page').then((m) => ({ default: m.PricingRequestsPage })));
const CouponsPage = lazy(() => import('./features/admin/commerce/coupons-page').then((m) => ({ default: m.CouponsPage })));
// The apex "Start a school" form.
const StartSchoolPage = lazy(() => import('./features/start-school/start-school-page').then((m) => ({ default: m.StartSchoolPage })));
const TransactionsPage = lazy(() => import('./features/admin/commerce/transactions-page').then((m) => ({ default: m.TransactionsPage })));

// A page is either a school's site or the apex directory, decided once at start-up: the host
// never changes without a full page load.
function HostApp(props: { host: HostContext }): JSX.Element {
  const host = props.host;
  if (host.kind === 'school') {
    const { school } = host;
    if (!brandWasInjected(document)) applyBrandFallback(document, school);
    // Sessions belong to a school host, so only school sites have accounts and these pages.
    const routes = {
      '/': () => <SchoolHomePage school={school} />,
      '/sign-in': () => <SignInPage school={school} />,
      '/account': AccountPage,
      '/admin': AdminIndexPage,
      '/admin/members': MembersPage,
      '/admin/org-units': OrgUnitsPage,
      '/admin/domains': DomainsPage,
      '/admin/sign-in': SignInPolicyPage,
      '/admin/brand': BrandPage,
      '/invitations/accept': AcceptInvitationPage,
      '/courses': CatalogPage,
      '/courses/:slug': CoursePage,
      '/courses/:slug/lessons/:lessonId': LessonPage,
      '/learning': MyLearningPage,
      '/admin/courses': CourseListPage,
      '/admin/courses/:courseId': CourseEditorPage,
      '/admin/courses/:courseId/lessons/:lessonId': LessonEditorPage,
      '/admin/courses/:courseId/roster': RosterPage,
      '/admin/courses/:courseId/media': MediaLibraryPage,
      '/admin/protection': ProtectionPage,
      '/offers/:offerId': OfferPage,
      '/checkout/success': CheckoutSuccessPage,
      '/account/purchases': PurchasesPage,
      '/account/purchases/:transactionId': ReceiptPage,
      '/admin/payments': PaymentsPage,
      '/admin/offers': OffersPage,
      '/admin/pricing-requests': PricingRequestsPage,
      '/admin/coupons': CouponsPage,
      '/admin/transactions': TransactionsPage,
    };
    return (
      <SiteShell
        name={school.name}
        tagline={school.brand.tagline}
        logoUrl={school.brand.logoUrl}
        nameTestId="school-name"
        copyrightHolder={school.name}
        headerEnd={<AccountMenu />}
      >
        <Suspense fallback={<main id="main" class="site-main"><Spinner /></main>}>
          <Routes routes={routes} fallback={NotFoundPage} />
        </Suspense>
      </SiteShell>
    );
  }
  return (
    <SiteShell name="Lectern">
      <Suspense fallback={<Spinner />}>
        <Routes routes={{ '/': DirectoryPage, '/start': StartSchoolPage }} fallback={NotFoundPage} />
      </Suspense>
    </SiteShell>
  );
}

// Without a bootstrap (vite dev/preview) the host is learned from the API. Until then nothing
// branded is drawn, so a school never flashes Lectern's colours or the other way round.
function HostFromApi(): JSX.Element {
  const [host, { refetch }] = createResource(fetchHostContext);
  return (
    <Switch>
      <Match when={host.state === 'ready' && host()}>{(ready) => <HostApp host={ready()} />}</Match>
      <Match when={host.error && !host.loading}>
        <main id="main" class="container section">
          <ErrorNotice title="This page could not be loaded" error={host.error} onRetry={() => void refetch()} />
        </main>
      </Match>
      <Match when={true}>
        <main id="main" class="site-main">
          <Spinner />
        </main>
      </Match>
    </Switch>
  );
}

function App(): JSX.Element {
  const injected = readBootstrap(document);
  return injected ? <HostApp host={injected} /> : <HostFromApi />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
render(() => <App />, root);
