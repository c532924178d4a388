import { Show, type JSX } from 'solid-js';
import './learning.css';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { buttonClass } from '../../ui/button';

/**
 * For staff: the way into "View as student", and while in it a banner that cannot be missed,
 * so nobody mistakes the preview's locks for a broken course or forgets they are previewing.
 */
export function StaffPreviewBar(props: {
  viewingAsStudent: boolean;
  draft: boolean;
  where: 'course' | 'lesson';
  /** This page as a student sees it, and as staff see it. */
  studentHref: string;
  staffHref: string;
}): JSX.Element {
  return (
    <Show
      when={props.viewingAsStudent}
      fallback={
        <div class="staff-bar" data-testid="staff-bar">
          <div class="container staff-bar__inner">
            <p class="staff-bar__text">
              <Badge tone="brand">Staff</Badge> You see every lesson, open.
              <Show when={props.draft}> This course is a draft: learners cannot see it yet.</Show>
            </p>
            <Link class={buttonClass('secondary', 'button--small')} href={props.studentHref} data-testid="view-as-student">
              View as student
            </Link>
          </div>
        </div>
      }
    >
      <div class="preview-banner" role="status" data-testid="student-preview-banner">
        <div class="container preview-banner__inner">
          <p class="preview-banner__text">
            <strong>Viewing as a student.</strong> This is the {props.where} as a student who enrolled just now sees it: drafts are hidden and every lock
            applies. Nothing you do here is saved.
          </p>
          <Link class={buttonClass('secondary', 'button--small')} href={props.staffHref} data-testid="leave-student-view">
            Back to staff view
          </Link>
        </div>
      </div>
    </Show>
  );
}
