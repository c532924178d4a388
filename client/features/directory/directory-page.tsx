import { createResource, For, Match, Switch, type JSX } from 'solid-js';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { SchoolIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { fetchDirectory } from './fetch-directory';
import { SchoolCard } from './school-card';
import './directory.css';

export function DirectoryPage(): JSX.Element {
  const [schools, { refetch }] = createResource(fetchDirectory);

  return (
    <>
      <section class="hero" aria-labelledby="directory-hero-title">
        <div class="container hero__inner">
          <div>
            <h1 id="directory-hero-title" class="hero__title">
              Lectern
            </h1>
            <p class="hero__lead">
              Online schools run by the people who teach in them — each with its own home, courses and
              community.
            </p>
          </div>
        </div>
      </section>
      <section class="section" aria-labelledby="directory-title" aria-busy={schools.loading}>
        <div class="container">
          <h2 id="directory-title">Public schools</h2>
          <p class="section__intro">Pick a school to see its courses.</p>
          {/* Loading is checked first: a retry keeps the old error until it settles. */}
          <Switch>
            <Match when={schools.loading}>
              <Spinner label="Loading schools…" />
            </Match>
            <Match when={schools.error}>
              <ErrorNotice
                title="We couldn't load the school directory"
                error={schools.error}
                onRetry={() => void refetch()}
              />
            </Match>
            <Match when={schools()?.length === 0}>
              <EmptyState icon={<SchoolIcon />} title="No public schools yet">
                <p>Schools that choose to be listed will appear here.</p>
              </EmptyState>
            </Match>
            <Match when={schools()}>
              {(list) => (
                <ul class="card-grid" data-testid="school-directory">
                  <For each={list()}>{(school) => <SchoolCard school={school} />}</For>
                </ul>
              )}
            </Match>
          </Switch>
        </div>
      </section>
    </>
  );
}
