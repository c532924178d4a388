import { api } from '../../../lib/api';
import { fail, nullableInstant, nullableString, object, oneOf, type Json } from '../../../lib/json';

// Content protection (src/modules/media/protection/routes.ts): the school default and
// per-course overrides, admins only. Every field is nullable: on a course null means "as the
// school says", on the school it means Lectern's default.

export const COPY_MODES = ['allow', 'discourage'] as const;
export type CopyMode = (typeof COPY_MODES)[number];
export const DOWNLOAD_MODES = ['allow', 'entitled', 'none'] as const;
export type DownloadMode = (typeof DOWNLOAD_MODES)[number];

export type ProtectionFields = {
  copyMode: CopyMode | null;
  downloadMode: DownloadMode | null;
  /** How many preview lessons stay previews; null = all. */
  previewLessonLimit: number | null;
  /** Seconds of a preview lesson's video people without access may watch; null = all. */
  previewVideoSeconds: number | null;
};
export type Effective = { copyMode: CopyMode; downloadMode: DownloadMode; previewLessonLimit: number | null; previewVideoSeconds: number | null };
export type ProtectionPatch = Partial<ProtectionFields>;

export type SchoolProtection = { policy: ProtectionFields & { updatedAt: Date | null }; effective: Effective };
export type CourseProtection = { course: { id: string; title: string }; policy: ProtectionFields & { updatedAt: Date | null }; school: ProtectionFields; effective: Effective };

function nullableCount(obj: Json, key: string): number | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  return typeof value === 'number' && Number.isInteger(value) ? value : fail(`${key} is not a whole number`);
}

function fields(value: unknown, what: string): ProtectionFields {
  const p = object(value, what);
  return {
    copyMode: p.copyMode == null ? null : oneOf(p, 'copyMode', COPY_MODES),
    downloadMode: p.downloadMode == null ? null : oneOf(p, 'downloadMode', DOWNLOAD_MODES),
    previewLessonLimit: nullableCount(p, 'previewLessonLimit'),
    previewVideoSeconds: nullableCount(p, 'previewVideoSeconds'),
  };
}

function effective(value: unknown): Effective {
  const f = fields(value, 'effective protection');
  return { ...f, copyMode: f.copyMode ?? fail('effective copyMode is missing'), downloadMode: f.downloadMode ?? fail('effective downloadMode is missing') };
}

function policy(value: unknown) {
  return { ...fields(value, 'policy'), updatedAt: nullableInstant(object(value, 'policy'), 'updatedAt') };
}

function parseSchool(data: unknown): SchoolProtection {
  const d = object(data, 'protection response');
  return { policy: policy(d.policy), effective: effective(d.effective) };
}

function parseCourse(data: unknown): CourseProtection {
  const d = object(data, 'course protection response');
  const course = object(d.course, 'course');
  return {
    course: { id: nullableString(course, 'id') ?? fail('course id is missing'), title: nullableString(course, 'title') ?? '' },
    policy: policy(d.policy),
    school: fields(d.school, 'school protection'),
    effective: effective(d.effective),
  };
}

export function fetchSchoolProtection(): Promise<SchoolProtection> {
  return api('/api/admin/protection', { parse: parseSchool });
}

export function saveSchoolProtection(patch: ProtectionPatch): Promise<SchoolProtection> {
  return api('/api/admin/protection', { method: 'PUT', body: patch, parse: parseSchool });
}

export function fetchCourseProtection(courseId: string): Promise<CourseProtection> {
  return api(`/api/admin/courses/${encodeURIComponent(courseId)}/protection`, { parse: parseCourse });
}

export function saveCourseProtection(courseId: string, patch: ProtectionPatch): Promise<CourseProtection> {
  return api(`/api/admin/courses/${encodeURIComponent(courseId)}/protection`, { method: 'PUT', body: patch, parse: parseCourse });
}
