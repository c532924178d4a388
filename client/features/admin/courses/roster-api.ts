import { api } from '../../../lib/api';
import { fail, list, nullableInstant, nullableString, object, string } from '../../../lib/json';

// GET /api/admin/courses/:courseId/roster and the staff access grants (src/modules/learning).

export type Learner = {
  userId: string;
  email: string;
  name: string | null;
  /** Where the access came from: free_enrollment, membership, staff_grant, purchase, … */
  source: string;
  enrolledAt: Date | null;
  /** False when the learner has progress but no current access (revoked, expired). */
  hasAccess: boolean;
  /**
   * An active staff grant, which staff can revoke. It may sit behind another source: someone
   * who enrolled first and was granted access later shows as enrolled, yet holds a grant.
   */
  hasStaffGrant: boolean;
  percent: number;
  completedLessons: number;
  lastActivityAt: Date | null;
};

export type Roster = {
  course: { id: string; title: string; slug: string };
  requiredLessons: number;
  learners: Learner[];
};

function count(value: unknown, key: string): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

function parseRoster(data: unknown): Roster {
  const body = object(data, 'roster');
  const course = object(body.course, 'course');
  return {
    course: { id: string(course, 'id'), title: string(course, 'title'), slug: string(course, 'slug') },
    requiredLessons: count(body.requiredLessons, 'requiredLessons'),
    learners: list(body, 'learners').map((value) => {
      const l = object(value, 'learner');
      return {
        userId: string(l, 'userId'),
        email: string(l, 'email'),
        name: nullableString(l, 'name'),
        source: string(l, 'source'),
        enrolledAt: nullableInstant(l, 'enrolledAt'),
        hasAccess: l.hasAccess !== false,
        hasStaffGrant: l.hasStaffGrant === true,
        percent: Math.max(0, Math.min(100, count(l.percent, 'percent'))),
        completedLessons: count(l.completedLessons, 'completedLessons'),
        lastActivityAt: nullableInstant(l, 'lastActivityAt'),
      };
    }),
  };
}

const id = (value: string) => encodeURIComponent(value);

export function fetchRoster(courseId: string): Promise<Roster> {
  return api(`/api/admin/courses/${id(courseId)}/roster`, { parse: parseRoster });
}

/** Staff name the member by the address they sign in with, or by user id; a non-member is a 404. */
export function grantAccess(courseId: string, member: { email: string } | { userId: string }): Promise<void> {
  return api(`/api/admin/courses/${id(courseId)}/access`, { method: 'POST', body: member, parse: () => undefined });
}

export function revokeAccess(courseId: string, userId: string): Promise<void> {
  return api(`/api/admin/courses/${id(courseId)}/access/${id(userId)}`, { method: 'DELETE', parse: () => undefined });
}

const SOURCES: Record<string, string> = {
  free_enrollment: 'Enrolled (free)',
  membership: 'Membership',
  staff_grant: 'Granted by staff',
  purchase: 'Purchase',
  subscription: 'Subscription',
  open_course: 'Open course',
};

/** "Granted by staff" for staff_grant; an unknown source is shown readable rather than hidden. */
export function sourceLabel(source: string): string {
  return SOURCES[source] ?? source.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function learnerName(learner: Pick<Learner, 'name' | 'email'>): string {
  return learner.name?.trim() || learner.email || 'Unknown learner';
}
