import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { ArrowRightIcon, BookIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { fetchCatalog } from '../catalog/catalog-api';
import { CourseCard } from '../catalog/course-card';
import { settled } from '../course/resource-value';

/** How many courses the home page shows before "See all courses". */
const SHOWN = 6;

/** The school's published courses; a school with none shows the empty state. */
export function CoursesSection(): JSX.Element {
  const [courses, { refetch }] = createResource(() => fetchCatalog({ q: '', access: '' }));
  const list = () => settled(courses);
  return (
    <section id="courses" class="section" aria-labelledby="courses-title">
      <div class="container">
        <div class="home-courses__header">
          <h2 id="courses-title">Courses</h2>
          <Show when={(list()?.length ?? 0) > 0}>
            <Link href="/courses" class="home-courses__all">
              See all courses
              <ArrowRightIcon />
            </Link>
          </Show>
        </div>
        <Switch fallback={<Spinner label="Loading courses…" />}>
          <Match when={courses.error && !courses.loading}>
            <ErrorNotice title="We couldn't load the courses" error={courses.error} onRetry={() => void refetch()} />
          </Match>
          <Match when={list()?.length === 0}>
            <EmptyState icon={<BookIcon />} title="No courses yet" data-testid="courses-empty">
              <p>Courses will appear here once they are published. Check back soon.</p>
            </EmptyState>
          </Match>
          <Match when={list()}>
            {(found) => (
              <>
                <ul class="card-grid" data-testid="home-courses">
                  <For each={found().slice(0, SHOWN)}>
                    {(course) => (
                      <li class="home-courses__item">
                        <CourseCard course={course} headingLevel={3} />
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={found().length > SHOWN}>
                  <p class="home-courses__more">
                    <Link href="/courses" class={buttonClass('secondary')}>
                      See all {found().length} courses
                    </Link>
                  </p>
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
