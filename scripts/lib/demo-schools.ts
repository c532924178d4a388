import type { MemberSpec, SchoolSpec } from './school-rows.ts';

/**
 * The two schools every local runtime starts with. Fixed ids and canaries keep the seed
 * idempotent and let tests name them. The database ids match wrangler.toml.
 */
export const DEMO_SCHOOLS: Array<SchoolSpec & { headline: string; welcomeMessage: string; canary: string }> = [
  {
    id: 'a6f1c1d2-0b7e-4a43-9d0e-5b1f4b2b0001',
    slug: 'breslov',
    name: 'Breslov University',
    isPublic: true,
    brand: { primaryColor: '#1f4e79', accentColor: '#f2a900', tagline: 'Classic texts, taught with care.' },
    d1Binding: 'SCHOOL_BRESLOV',
    d1DatabaseId: '00000000-0000-4000-8000-000000000101',
    headline: 'Learn at your own pace',
    welcomeMessage: 'Courses, study guides and live classes from the Breslov University faculty.',
    canary: 'canary-breslov-7b0c4e2a-52b4-4d7e-9f3e-0f6d1a9c1001',
  },
  {
    id: 'a6f1c1d2-0b7e-4a43-9d0e-5b1f4b2b0002',
    slug: 'acme',
    name: 'Acme Academy',
    isPublic: false,
    brand: { primaryColor: '#b42318', accentColor: '#175cd3', tagline: 'Training for the Acme team.' },
    d1Binding: 'SCHOOL_ACME',
    d1DatabaseId: '00000000-0000-4000-8000-000000000102',
    headline: 'Welcome to Acme Academy',
    welcomeMessage: 'Internal training for Acme staff and partners.',
    canary: 'canary-acme-3c9d8e71-0a2f-4c55-8b61-7e2d4f6a1002',
  },
];

/**
 * Each demo school's owner, instructor and student (`owner@<slug>.test` …), so a newcomer
 * can sign in by magic link through the dev mailbox. Ids are derived, so seeding is idempotent.
 */
export function demoMembers(school: { slug: string }): MemberSpec[] {
  const index = DEMO_SCHOOLS.findIndex((s) => s.slug === school.slug) + 1;
  return (['owner', 'instructor', 'student'] as const).map((role, i) => ({
    userId: `00000000-0000-4000-a000-${String(index * 10 + i + 1).padStart(12, '0')}`,
    membershipId: `00000000-0000-4000-b000-${String(index * 10 + i + 1).padStart(12, '0')}`,
    email: `${role}@${school.slug}.test`,
    displayName: `${role[0]!.toUpperCase()}${role.slice(1)} at ${school.slug[0]!.toUpperCase()}${school.slug.slice(1)}`,
    role,
  }));
}
