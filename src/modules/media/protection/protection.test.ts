import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { auditLogs } from '../../audit/schema.ts';
import { previewsWithinLimit } from '../../learning/load.ts';
import { grant, learningDbOf, seedLearningCourse } from '../../learning/testing.ts';
import { demoMember } from '../../members/testing.ts';
import { staffCall } from '../stream/testing.ts';
import { effectiveProtection, resolveProtection } from './policy.ts';

const SUITE = { course: crypto.randomUUID(), acmeCourse: crypto.randomUUID() };
beforeAll(async () => {
  await seedLearningCourse(BRESLOV, { id: SUITE.course, chapters: [{ lessons: [{}] }] });
  await seedLearningCourse(ACME, { id: SUITE.acmeCourse, chapters: [{ lessons: [{}] }] });
});

describeAccessRules('GET /api/admin/protection', { method: 'GET', path: '/api/admin/protection', minimumRole: 'admin' });
describeAccessRules('PUT /api/admin/protection', { method: 'PUT', path: '/api/admin/protection', body: {}, minimumRole: 'admin' });
describeAccessRules('GET /api/admin/courses/:id/protection', { method: 'GET', path: `/api/admin/courses/${SUITE.course}/protection`, minimumRole: 'admin', foreignPath: `/api/admin/courses/${SUITE.acmeCourse}/protection` });
describeAccessRules('PUT /api/admin/courses/:id/protection', { method: 'PUT', path: `/api/admin/courses/${SUITE.course}/protection`, body: {}, minimumRole: 'admin', foreignPath: `/api/admin/courses/${SUITE.acmeCourse}/protection` });

const put = async (path: string, body: unknown) => staffCall(BRESLOV, path, { method: 'PUT', cookie: await cookieFor(BRESLOV, 'admin'), contentType: 'application/json', body: JSON.stringify(body) });
const getJson = async (path: string) => (await staffCall(BRESLOV, path, { method: 'GET', cookie: await cookieFor(BRESLOV, 'admin') })).json() as Promise<Record<string, unknown>>;

describe('content protection policy', () => {
  it('merges course over school over defaults, field by field', () => {
    const row = (courseId: string | null, v: Record<string, unknown>) => ({ id: 'x', schoolId: 's', courseId, copyMode: null, downloadMode: null, previewLessonLimit: null, previewVideoSeconds: null, updatedBy: null, updatedAt: null, ...v }) as Parameters<typeof resolveProtection>[0][number];
    expect(resolveProtection([])).toEqual({ copyMode: 'allow', downloadMode: 'entitled', previewLessonLimit: null, previewVideoSeconds: null });
    expect(resolveProtection([row(null, { copyMode: 'discourage', previewVideoSeconds: 60 }), row('c', { previewVideoSeconds: 30, downloadMode: 'none' })])).toEqual({
      copyMode: 'discourage',
      downloadMode: 'none',
      previewLessonLimit: null,
      previewVideoSeconds: 30,
    });
  });

  it('validates changes with messages a person can act on', async () => {
    const cases = [{ copyMode: 'forbid' }, { downloadMode: 'sometimes' }, { previewLessonLimit: -1 }, { previewLessonLimit: 1.5 }, { previewVideoSeconds: 0 }, { previewVideoSeconds: '30' }, { colour: 'red' }];
    for (const body of cases) {
      const err = await expectErrorShape(await put(`/api/admin/courses/${SUITE.course}/protection`, body), 400, 'BAD_REQUEST');
      expect(err.error.message.length).toBeGreaterThan(10);
    }
    await expectErrorShape(await staffCall(BRESLOV, '/api/admin/protection', { method: 'PUT', cookie: await cookieFor(BRESLOV, 'admin'), contentType: 'text/plain', body: '{}' }), 400, 'BAD_REQUEST');
  });

  it('a course override inherits what it leaves null, is audited, and can be cleared', async () => {
    const c = await seedLearningCourse(BRESLOV, { chapters: [{ lessons: [{}] }] });
    const path = `/api/admin/courses/${c.courseId}/protection`;
    const school = (await getJson(path)).school as { downloadMode: string | null };
    const res = await put(path, { copyMode: 'discourage', previewVideoSeconds: 90 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, Record<string, unknown>>;
    expect(body.policy).toMatchObject({ copyMode: 'discourage', downloadMode: null, previewLessonLimit: null, previewVideoSeconds: 90, updatedBy: 'test-admin-breslov' });
    expect(body.effective).toMatchObject({ copyMode: 'discourage', previewVideoSeconds: 90, downloadMode: school!.downloadMode ?? 'entitled' });
    await put(path, { downloadMode: 'none' });
    expect(await effectiveProtection({ schoolDb: learningDbOf(BRESLOV) }, c.courseId)).toMatchObject({ copyMode: 'discourage', downloadMode: 'none', previewVideoSeconds: 90 });
    await put(path, { copyMode: null });
    expect(((await getJson(path)).policy as Record<string, unknown>).copyMode).toBeNull();
    const audits = await learningDbOf(BRESLOV).db.select().from(auditLogs).where(and(eq(auditLogs.action, 'protection.updated'), eq(auditLogs.entityId, c.courseId)));
    expect(audits).toHaveLength(3);
    expect(audits[0]!.metadata).toMatchObject({ before: null, after: { copyMode: 'discourage', previewVideoSeconds: 90 } });
    // Saving the same values again writes nothing.
    await put(path, { downloadMode: 'none' });
    expect(await learningDbOf(BRESLOV).db.select().from(auditLogs).where(and(eq(auditLogs.action, 'protection.updated'), eq(auditLogs.entityId, c.courseId)))).toHaveLength(3);
  });

  it('the school default is one row, upserted, and applies to courses without an override', async () => {
    const c = await seedLearningCourse(BRESLOV, { chapters: [{ lessons: [{}] }] });
    const before = (await getJson('/api/admin/protection')).policy as Record<string, unknown>;
    await put('/api/admin/protection', { copyMode: 'discourage' });
    await put('/api/admin/protection', { copyMode: 'discourage', downloadMode: 'none' });
    const after = await getJson('/api/admin/protection');
    expect(after.policy).toMatchObject({ copyMode: 'discourage', downloadMode: 'none' });
    expect(await effectiveProtection({ schoolDb: learningDbOf(BRESLOV) }, c.courseId)).toMatchObject({ copyMode: 'discourage', downloadMode: 'none' });
    await put('/api/admin/protection', { copyMode: before.copyMode ?? null, downloadMode: before.downloadMode ?? null });
    expect(((await getJson('/api/admin/protection')).policy as Record<string, unknown>).copyMode).toBe(before.copyMode ?? null);
  });
});

describe('preview lesson limit', () => {
  it('keeps the first N previews in outline order', () => {
    const ls = [
      { id: 'a', isPreview: false },
      { id: 'b', isPreview: true },
      { id: 'c', isPreview: true },
      { id: 'd', isPreview: true },
    ];
    expect([...previewsWithinLimit(ls, null)]).toEqual(['b', 'c', 'd']);
    expect([...previewsWithinLimit(ls, 2)]).toEqual(['b', 'c']);
    expect([...previewsWithinLimit(ls, 0)]).toEqual([]);
  });

  it('beyond the limit a preview lesson is locked for people without access, and only for them', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }, {}] }, { lessons: [{ isPreview: true }, { isPreview: true }] }] });
    const [first, , second, third] = c.allLessonIds as [string, string, string, string];
    const host = hostOf(BRESLOV);
    const outline = async (cookie?: string) => {
      const res = await request(host, `/api/courses/${c.slug}`, { headers: cookie ? { cookie } : {} });
      const body = (await res.json()) as { chapters: { lessons: { id: string; isPreview: boolean; access: { open: boolean; reason?: string } }[] }[] };
      return Object.fromEntries(body.chapters.flatMap((ch) => ch.lessons).map((l) => [l.id, { preview: l.isPreview, open: l.access.open }]));
    };
    expect(await outline()).toMatchObject({ [first]: { preview: true, open: true }, [second]: { preview: true, open: true }, [third]: { preview: true, open: true } });

    expect((await put(`/api/admin/courses/${c.courseId}/protection`, { previewLessonLimit: 2 })).status).toBe(200);
    expect(await outline()).toMatchObject({ [first]: { preview: true, open: true }, [second]: { preview: true, open: true }, [third]: { preview: false, open: false } });
    await expectErrorShape(await request(host, `/api/courses/${c.slug}/lessons/${third}`), 401, 'UNAUTHORIZED');
    expect((await request(host, `/api/courses/${c.slug}/lessons/${second}`)).status).toBe(200);

    // A student who enrolled sees the course as authored; staff too.
    const student = await cookieFor(BRESLOV, 'student');
    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, c.courseId);
    expect(await outline(student)).toMatchObject({ [third]: { preview: true, open: true } });
    expect(await outline(await cookieFor(BRESLOV, 'instructor'))).toMatchObject({ [third]: { preview: true, open: true } });

    // 0 turns previews off for people without access.
    expect((await put(`/api/admin/courses/${c.courseId}/protection`, { previewLessonLimit: 0 })).status).toBe(200);
    expect(await outline()).toMatchObject({ [first]: { preview: false, open: false } });
  });
});
