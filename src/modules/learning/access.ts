import { hasRole } from '../identity/roles.ts';
import type { MembershipRole } from '../identity/schema.ts';
import type { AccessLevel } from '../courses/schema.ts';

export type LockReason = 'not_signed_in' | 'not_entitled' | 'drip' | 'chapter_not_released' | 'not_published';
export type LessonAccess = { open: true } | { open: false; reason: LockReason; opensAt?: Date; message: string };

export type AccessInput = {
  lesson: { status: string; isPreview: boolean; releaseAt: Date | null; releaseAfterDays: number | null };
  chapter: { status: string; releaseAt: Date | null };
  course: { status: string; accessLevel: AccessLevel };
  /** The signed-in member (null when anonymous). */
  viewer: { role: MembershipRole } | null;
  /** The viewer's entitlement to this course (type course or all_courses), if any. */
  entitlement: { startsAt: Date; endsAt: Date | null; revokedAt: Date | null } | null;
  now: Date;
};

const DAY_MS = 86_400_000;

/** "3 March 2027 at 09:00 UTC": always UTC, so every learner reads the same instant. */
export function formatInstant(at: Date): string {
  const date = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
  return `${date} at ${time} UTC`;
}

export function entitlementActive(e: AccessInput['entitlement'], now: Date): boolean {
  if (!e || e.revokedAt) return false;
  return e.startsAt.getTime() <= now.getTime() && (!e.endsAt || now.getTime() < e.endsAt.getTime());
}

/**
 * Whether one lesson is open to one viewer, and if not, why, in a sentence. Pure: every
 * route asks this one function, so a lock cannot be enforced in one place and forgotten
 * in another.
 */
export function lessonAccess({ lesson, chapter, course, viewer, entitlement, now }: AccessInput): LessonAccess {
  if (viewer && hasRole(viewer.role, 'instructor')) return { open: true };
  if (course.status !== 'published' || chapter.status !== 'published' || lesson.status !== 'published') {
    return { open: false, reason: 'not_published', message: 'This lesson is not published yet.' };
  }
  if (lesson.isPreview) return { open: true };

  const t = now.getTime();
  if (chapter.releaseAt && t < chapter.releaseAt.getTime()) {
    return { open: false, reason: 'chapter_not_released', opensAt: chapter.releaseAt, message: `This chapter opens on ${formatInstant(chapter.releaseAt)}.` };
  }
  if (course.accessLevel !== 'public') {
    if (!viewer) return { open: false, reason: 'not_signed_in', message: 'Sign in to open this lesson.' };
    const active = entitlementActive(entitlement, now);
    if (course.accessLevel !== 'members' && !active) {
      const message = course.accessLevel === 'paid' ? 'This lesson is part of a paid course you do not have access to.' : 'Enroll in this course (it is free) to open this lesson.';
      return { open: false, reason: 'not_entitled', message };
    }
  }

  const opensAt = dripInstant(lesson, entitlement);
  if (opensAt && t < opensAt.getTime()) {
    return { open: false, reason: 'drip', opensAt, message: `This lesson opens on ${formatInstant(opensAt)}.` };
  }
  if (!opensAt && lesson.releaseAfterDays != null && !entitlement) {
    // Days after enrollment, with no enrollment (public or members course): enrolling starts the clock.
    return { open: false, reason: 'drip', message: `This lesson opens ${lesson.releaseAfterDays} days after you enroll; enroll to start the clock.` };
  }
  return { open: true };
}

/** Absolute drip wins; otherwise days counted from the enrollment's start, in UTC milliseconds. */
function dripInstant(lesson: AccessInput['lesson'], entitlement: AccessInput['entitlement']): Date | null {
  if (lesson.releaseAt) return lesson.releaseAt;
  if (lesson.releaseAfterDays != null && entitlement) return new Date(entitlement.startsAt.getTime() + lesson.releaseAfterDays * DAY_MS);
  return null;
}
