import './catalog.css';
import { Show, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { accessBadgeText, formatMinutes, lessonCount } from '../course/learning-format';
import { coursePath } from '../course/paths';
import { ProgressMeter } from '../course/progress-meter';
import type { CatalogCourse } from './catalog-api';

/**
 * One course in a grid. The whole card is a single client-side link (one tab stop, one
 * accessible name); the title is a heading so screen-reader users can jump between cards.
 */
export function CourseCard(props: { course: CatalogCourse; headingLevel?: 2 | 3 }): JSX.Element {
  const c = () => props.course;
  const minutes = () => formatMinutes(c().estimatedMinutes);
  const heading = () => (
    <span class="course-card__title" data-testid="course-card-title">
      {c().title}
    </span>
  );
  return (
    <Link href={coursePath(c().slug)} class="card card--link course-card" data-testid="course-card">
      <div class="course-card__badges">
        <Badge tone={c().accessLevel === 'paid' ? 'neutral' : 'brand'}>{accessBadgeText(c())}</Badge>
        <Show when={c().viewer?.enrolled}>
          <Badge tone="success">Enrolled</Badge>
        </Show>
      </div>
      <Show when={(props.headingLevel ?? 2) === 2} fallback={<h3 class="course-card__heading">{heading()}</h3>}>
        <h2 class="course-card__heading">{heading()}</h2>
      </Show>
      <Show when={c().summary}>
        <div class="course-card__summary">{c().summary}</div>
      </Show>
      <div class="course-card__meta">
        {lessonCount(c().lessonCount)}
        <Show when={minutes()}>{(m) => <> · {m()}</>}</Show>
      </div>
      <Show when={c().viewer?.enrolled && c().viewer}>
        {(viewer) => (
          <div class="course-card__progress">
            <ProgressMeter percent={viewer().progressPercent} label="Your progress" />
          </div>
        )}
      </Show>
    </Link>
  );
}
