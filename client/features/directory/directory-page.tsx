import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { Link, queryParam } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { SchoolIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { fetchDirectory } from './fetch-directory';
import { SchoolCard } from './school-card';
import { debounced, urlWithQuery } from './search-query';
import '../../ui/form.css';
import './directory.css';

export function DirectoryPage(): JSX.Element {
  // What the box shows now, and the search that last ran (debounced, mirrored in ?q=).
  const initial = queryParam('q') ?? '';
  const [typed, setTyped] = createSignal(initial);
  const [query, setQuery] = createSignal(initial.trim());
  const [schools, { refetch }] = createResource(query, fetchDirectory);

  const runSearch = (value: string) => {
    const q = value.trim();
    // replaceState: each keystroke is not a history entry, and focus stays in the box.
    history.replaceState(history.state, '', urlWithQuery(location.href, q));
    setQuery(q);
  };
  const searchSoon = debounced(runSearch);

  const count = () => {
    const list = schools.latest;
    if (!list) return '';
    if (list.length === 0) return query() ? 'No schools match.' : 'No public schools yet.';
    return `${list.length} ${list.length === 1 ? 'school' : 'schools'}${query() ? ` match “${query()}”` : ''}.`;
  };

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
            <p class="directory__start">
              <Link href="/start" class={buttonClass('primary')} data-testid="start-school-link">
                Start a school
              </Link>
            </p>
          </div>
        </div>
      </section>
      <section class="section" aria-labelledby="directory-title">
        <div class="container">
          <h2 id="directory-title">Public schools</h2>
          <p class="section__intro">Pick a school to see its courses.</p>
          <form
            class="directory-search"
            role="search"
            aria-label="Schools"
            onSubmit={(event) => {
              event.preventDefault();
              runSearch(typed());
            }}
          >
            <label class="directory-search__label" for="directory-search">
              Search schools
            </label>
            <input
              id="directory-search"
              class="field__control directory-search__input"
              type="search"
              name="q"
              autocomplete="off"
              maxlength="100"
              placeholder="School name or address"
              aria-describedby="directory-count"
              value={typed()}
              onInput={(event) => {
                setTyped(event.currentTarget.value);
                searchSoon(event.currentTarget.value);
              }}
            />
          </form>
          <p id="directory-count" class="directory-search__count" role="status" aria-live="polite" data-testid="directory-count">
            {count()}
          </p>
          <div aria-busy={schools.loading}>
            {/* Loading is checked first: a retry keeps the old error until it settles. */}
            <Switch>
              <Match when={schools.loading && !schools.latest}>
                <Spinner label="Loading schools…" />
              </Match>
              <Match when={schools.error}>
                <ErrorNotice title="We couldn't load the school directory" error={schools.error} onRetry={() => void refetch()} />
              </Match>
              <Match when={schools.latest?.length === 0}>
                <Show
                  when={query()}
                  fallback={
                    <EmptyState icon={<SchoolIcon />} title="No public schools yet">
                      <p>Schools that choose to be listed will appear here.</p>
                    </EmptyState>
                  }
                >
                  <EmptyState icon={<SchoolIcon />} title="No schools match" data-testid="directory-no-match">
                    <p>Try another name, or clear the search to see every public school.</p>
                  </EmptyState>
                </Show>
              </Match>
              <Match when={schools.latest}>
                {(list) => (
                  <ul class="card-grid" data-testid="school-directory">
                    <For each={list()}>{(school) => <SchoolCard school={school} />}</For>
                  </ul>
                )}
              </Match>
            </Switch>
          </div>
        </div>
      </section>
    </>
  );
}
