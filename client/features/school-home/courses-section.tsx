import type { JSX } from 'solid-js';
import { EmptyState } from '../../ui/empty-state';
import { BookIcon } from '../../ui/icons';

// Courses arrive with the catalog module; until then every school shows the empty state, which
// is also what a real school with nothing published will see.
export function CoursesSection(): JSX.Element {
  return (
    <section id="courses" class="section" aria-labelledby="courses-title">
      <div class="container">
        <h2 id="courses-title">Courses</h2>
        <EmptyState icon={<BookIcon />} title="No courses yet" data-testid="courses-empty">
          <p>Courses will appear here once they are published. Check back soon.</p>
        </EmptyState>
      </div>
    </section>
  );
}
