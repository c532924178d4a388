import './ui/theme.css';
import { createResource, Match, Switch, type JSX } from 'solid-js';
import { render } from 'solid-js/web';
import { DirectoryPage } from './features/directory/directory-page';
import { NotFoundPage } from './features/not-found/not-found-page';
import { SchoolHomePage } from './features/school-home/school-home-page';
import { applyBrandFallback, brandWasInjected } from './lib/brand';
import { fetchHostContext, readBootstrap, type HostContext } from './lib/bootstrap';
import { Routes } from './lib/router';
import { ErrorNotice } from './ui/error-notice';
import { SiteShell } from './ui/site-shell';
import { Spinner } from './ui/spinner';

// A page is either a school's site or the apex directory, decided once at start-up: the host
// never changes without a full page load.
function HostApp(props: { host: HostContext }): JSX.Element {
  const host = props.host;
  if (host.kind === 'school') {
    const { school } = host;
    if (!brandWasInjected(document)) applyBrandFallback(document, school);
    return (
      <SiteShell name={school.name} tagline={school.brand.tagline} nameTestId="school-name" copyrightHolder={school.name}>
        <Routes routes={{ '/': () => <SchoolHomePage school={school} /> }} fallback={NotFoundPage} />
      </SiteShell>
    );
  }
  return (
    <SiteShell name="Lectern">
      <Routes routes={{ '/': DirectoryPage }} fallback={NotFoundPage} />
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
