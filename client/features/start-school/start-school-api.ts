import { api } from '../../lib/api';
import { boolean, nullableString, object } from '../../lib/json';

export type SlugAvailability = { available: boolean; reason: string | null };

/** GET /api/applications/slug-check: the same rules, reserved names and taken slugs the Worker enforces. */
export function checkSlug(slug: string, signal?: AbortSignal): Promise<SlugAvailability> {
  return api(`/api/applications/slug-check?slug=${encodeURIComponent(slug)}`, {
    signal,
    parse: (data) => {
      const body = object(data, 'slug check');
      return { available: boolean(body, 'available'), reason: nullableString(body, 'reason') };
    },
  });
}

export type Application = { schoolName: string; desiredSlug: string; contactEmail: string };

/** POST /api/applications → 202 { received: true }. */
export function submitApplication(application: Application): Promise<{ received: true }> {
  return api('/api/applications', {
    method: 'POST',
    body: application,
    parse: (data) => {
      if (!boolean(object(data, 'application response'), 'received')) throw new Error('the application was not received');
      return { received: true as const };
    },
  });
}

/** A slug suggestion from a school name: "Torah Academy!" → "torah-academy". The applicant can edit it. */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The slips a person can fix before sending; the Worker still has the last word. */
export function localProblems(application: Application): Array<{ field: keyof Application; message: string }> {
  const problems: Array<{ field: keyof Application; message: string }> = [];
  const name = application.schoolName.trim();
  if (name.length < 2) problems.push({ field: 'schoolName', message: 'Enter the name of your school (at least 2 characters).' });
  else if (name.length > 100) problems.push({ field: 'schoolName', message: 'A school name can be at most 100 characters.' });
  if (application.desiredSlug.trim() === '') problems.push({ field: 'desiredSlug', message: 'Choose the web address for your school.' });
  const email = application.contactEmail.trim();
  if (email === '') problems.push({ field: 'contactEmail', message: 'Enter your email address.' });
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'contactEmail', message: 'Enter an email address like name@example.com.' });
  return problems;
}
