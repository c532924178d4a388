import { env } from 'cloudflare:workers';
import { demoMembers } from '../../scripts/lib/demo-schools.ts';
import { platformDbFor } from '../../src/platform/db/platform-db.ts';
import { schoolDbFor } from '../../src/platform/db/school-db.ts';
import { schoolMemberships, users } from '../../src/modules/identity/schema.ts';
import type { MembershipRole } from '../../src/modules/identity/schema.ts';
import { createSession } from '../../src/modules/identity/sessions.ts';
import { hostOf } from './fixtures.ts';

type School = { id: string; slug: string; d1Binding: string };

/**
 * A Cookie header for a member of `school` with `role`. Demo schools have an owner, an
 * instructor and a student; other roles (admin) get a member created on first use.
 */
export async function cookieFor(school: School, role: MembershipRole): Promise<string> {
  const platformDb = platformDbFor(env.PLATFORM_DB);
  let member = demoMembers(school).find((m) => m.role === role);
  if (!member) {
    const email = `${role}@${school.slug}.test`;
    const userId = `test-${role}-${school.slug}`;
    await platformDb.insert(users).values({ id: userId, email, displayName: `${role} at ${school.slug}` }).onConflictDoNothing();
    const schoolDb = schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);
    await schoolDb.db
      .insert(schoolMemberships)
      .values(schoolDb.withSchool({ id: `m-${userId}`, userId, userEmail: email, role, status: 'active' as const }))
      .onConflictDoNothing();
    member = { userId, membershipId: `m-${userId}`, email, displayName: '', role: role as 'student' };
  }
  const { token } = await createSession(
    { platformDb, schoolId: school.id, hostname: hostOf(school), now: new Date() },
    { userId: member.userId, userEmail: member.email, provider: 'magic_link' },
  );
  return `lectern_session=${token}`;
}
