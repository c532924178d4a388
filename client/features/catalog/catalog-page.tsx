import './catalog.css';
import { createEffect, createMemo, createResource, createSignal, For, Match, on, onCleanup, Switch, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { queryParam } from '../../lib/router';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BookIcon, CompassIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { ACCESS_LABELS, ACCESS_LEVELS, type AccessLevel } from '../course/learning-format';
import { settled } from '../course/resource-value';
import { fetchCatalog, type CatalogFilters } from './catalog-api';
import { CourseCard } from './course-card';
import { replaceQuery } from './url-query';

const SEARCH_DELAY_MS = 300;

function accessFromUrl(): AccessLevel | '' {
  const value = queryParam('access');
  return (ACCESS_LEVELS as readonly string[]).includes(value ?? '') ? (value as AccessLevel) : '';
}

/** /courses — every published course, searchable; the search and filter live in the URL. */
export function CatalogPage(): JSX.Element {
  usePageTitle('Courses');
  // The URL is the source of truth, so a reload, a shared link and Back all show the same list.
  const filters = createMemo<CatalogFilters>(() => ({ q: (queryParam('q') ?? '').trim(), access: accessFromUrl() }), { q: '', access: '' }, {
    equals: (a, b) => a.q === b.q && a.access === b.access,
  });
  const [courses, { refetch }] = createResource(filters, fetchCatalog);
  const [typed, setTyped] = createSignal(filters().q);

  // Back/Forward change the URL under the field: show what the list is now filtered by.
  createEffect(on(() => filters().q, (q) => q !== typed().trim() && setTyped(q), { defer: true }));

  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const onType = (value: string) => {
    setTyped(value);
    clearTimeout(timer);
    timer = setTimeout(() => replaceQuery({ q: value.trim() }), SEARCH_DELAY_MS);
  };
  const searchNow = (event: SubmitEvent) => {
    event.preventDefault();
    clearTimeout(timer);
    replaceQuery({ q: typed().trim() });
  };
  const clearAll = () => {
    clearTimeout(timer);
    setTyped('');
    replaceQuery({ q: '', access: '' });
    document.getElementById('catalog-search')?.focus();
  };

  const filtered = () => filters().q !== '' || filters().access !== '';
  const list = () => settled(courses);
  const summary = () => {
    const found = list();
    if (!found) return '';
    const n = `${found.length} course${found.length === 1 ? '' : 's'}`;
    const { q, access } = filters();
    const parts = [q ? `matching “${q}”` : '', access ? `(${ACCESS_LABELS[access].toLowerCase()})` : ''].filter(Boolean);
    return parts.length ? `${n} ${parts.join(' ')}` : n;
  };

  return (
    <section class="section" aria-labelledby="catalog-title">
      <div class="container catalog">
        <header class="catalog__header">
          <h1 id="catalog-title" class="page-title">
            Courses
          </h1>
          <p class="section__intro">Find a course, open its free previews, and enroll when you are ready.</p>
        </header>
        <form class="catalog-filters" role="search" aria-label="Courses" onSubmit={searchNow}>
          <div class="field catalog-filters__search">
            <label class="field__label" for="catalog-search">
              Search courses
            </label>
            <input
              id="catalog-search"
              class="field__control"
              type="search"
              name="q"
              autocomplete="off"
              placeholder="Title or summary"
              maxLength={100}
              value={typed()}
              onInput={(event) => onType(event.currentTarget.value)}
              aria-describedby="catalog-search-hint"
            />
            <p id="catalog-search-hint" class="field__hint">
              Results update as you type.
            </p>
          </div>
          <div class="field catalog-filters__access">
            <label class="field__label" for="catalog-access">
              Access
            </label>
            <select id="catalog-access" class="field__control" name="access" value={filters().access} onChange={(event) => replaceQuery({ access: event.currentTarget.value })}>
              <option value="">All courses</option>
              <For each={ACCESS_LEVELS}>{(level) => <option value={level}>{ACCESS_LABELS[level]}</option>}</For>
            </select>
          </div>
        </form>

        <p class="catalog__count" role="status" data-testid="catalog-count">
          {courses.loading ? 'Searching…' : summary()}
        </p>

        <Switch fallback={<Spinner label="Loading courses…" />}>
          <Match when={courses.error && !courses.loading}>
            <ErrorNotice title="We couldn't load the courses" error={courses.error} onRetry={() => void refetch()} />
          </Match>
          <Match when={list()?.length === 0 && filtered()}>
            <EmptyState icon={<CompassIcon />} title="No courses match" data-testid="catalog-no-match">
              <p>Nothing matches your search and filter. Try other words, or see every course.</p>
              <Button variant="secondary" onClick={clearAll}>
                Clear search and filter
              </Button>
            </EmptyState>
          </Match>
          <Match when={list()?.length === 0}>
            <EmptyState icon={<BookIcon />} title="No courses yet" data-testid="catalog-empty">
              <p>Courses will appear here once they are published. Check back soon.</p>
            </EmptyState>
          </Match>
          <Match when={list()}>
            {(found) => (
              <ul class="card-grid catalog__grid" classList={{ 'catalog__grid--busy': courses.loading }} aria-busy={courses.loading} data-testid="catalog-list">
                <For each={found()}>
                  {(course) => (
                    <li>
                      <CourseCard course={course} />
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
