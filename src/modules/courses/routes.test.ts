import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { auditOf, demoMember } from '../members/testing.ts';
import { seedCourse } from './testing.ts';

const host = hostOf(BRESLOV);
const send = (method: string, path: string, cookie: string, body?: unknown, type = 'application/json') =>
  request(host, path, {
    method,
    headers: { cookie, origin: `http://${host}`, 'content-type': type, accept: 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

// Objects the shared suite acts on: the minimum role really performs the change.
const mine = await seedCourse(BRESLOV, [2, 0], { published: true });
const draft = await seedCourse(BRESLOV, []);
const emptyChapter = mine.chapters[1]!;
const acme = await seedCourse(ACME, [1]);
const [acmeCourse, acmeChapter, acmeLesson] = [acme.course.id, acme.chapters[0]!.id, acme.chapters[0]!.lessonIds[0]!];
const course = `/api/admin/courses/${mine.course.id}`;

describeAccessRules('GET /api/admin/courses', { method: 'GET', path: '/api/admin/courses', minimumRole: 'instructor' });
describeAccessRules('POST /api/admin/courses', { method: 'POST', path: '/api/admin/courses', body: { title: 'Suite course', accessLevel: 'free' }, minimumRole: 'instructor' });
describeAccessRules('GET /api/admin/courses/:id', { method: 'GET', path: course, minimumRole: 'instructor', foreignPath: `/api/admin/courses/${acmeCourse}` });
describeAccessRules('PATCH /api/admin/courses/:id', { method: 'PATCH', path: course, body: { summary: 'Suite' }, minimumRole: 'instructor', foreignPath: `/api/admin/courses/${acmeCourse}` });
for (const action of ['publish', 'unpublish', 'archive']) {
  describeAccessRules(`POST /api/admin/courses/:id/${action}`, { method: 'POST', path: `${course}/${action}`, body: {}, minimumRole: 'instructor', foreignPath: `/api/admin/courses/${acmeCourse}/${action}` });
}
describeAccessRules('DELETE /api/admin/courses/:id', { method: 'DELETE', path: `/api/admin/courses/${draft.course.id}`, minimumRole: 'admin', foreignPath: `/api/admin/courses/${acmeCourse}` });
describeAccessRules('PUT /api/admin/courses/:id/order', { method: 'PUT', path: `${course}/order`, body: { chapters: mine.chapters }, minimumRole: 'instructor', foreignPath: `/api/admin/courses/${acmeCourse}/order` });
describeAccessRules('POST /api/admin/courses/:id/chapters', { method: 'POST', path: `${course}/chapters`, body: { title: 'Suite chapter' }, minimumRole: 'instructor', foreignPath: `/api/admin/courses/${acmeCourse}/chapters` });
describeAccessRules('PATCH /api/admin/chapters/:id', { method: 'PATCH', path: `/api/admin/chapters/${emptyChapter.id}`, body: { title: 'Renamed' }, minimumRole: 'instructor', foreignPath: `/api/admin/chapters/${acmeChapter}` });
describeAccessRules('DELETE /api/admin/chapters/:id', { method: 'DELETE', path: `/api/admin/chapters/${emptyChapter.id}`, minimumRole: 'instructor', foreignPath: `/api/admin/chapters/${acmeChapter}` });
describeAccessRules('POST /api/admin/chapters/:id/lessons', { method: 'POST', path: `/api/admin/chapters/${mine.chapters[0]!.id}/lessons`, body: { title: 'Suite lesson' }, minimumRole: 'instructor', foreignPath: `/api/admin/chapters/${acmeChapter}/lessons` });
describeAccessRules('PATCH /api/admin/lessons/:id', { method: 'PATCH', path: `/api/admin/lessons/${mine.chapters[0]!.lessonIds[0]}`, body: { title: 'Renamed' }, minimumRole: 'instructor', foreignPath: `/api/admin/lessons/${acmeLesson}` });
describeAccessRules('DELETE /api/admin/lessons/:id', { method: 'DELETE', path: `/api/admin/lessons/${mine.chapters[0]!.lessonIds[1]}`, minimumRole: 'instructor', foreignPath: `/api/admin/lessons/${acmeLesson}` });

describe('course authoring over HTTP', () => {
  it('creates, edits, outlines and lists a course', async () => {
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const created = await send('POST', '/api/admin/courses', cookie, { title: 'HTTP Course', accessLevel: 'paid', priceCents: 1500 });
    expect(created.status).toBe(201);
    const { course: made } = (await created.json()) as { course: { id: string; slug: string; createdBy: string } };
    expect(made.slug).toMatch(/^http-course(-\d+)?$/);
    expect(made.createdBy).toBe(demoMember(BRESLOV, 'instructor').userId);

    const chapter = await send('POST', `/api/admin/courses/${made.id}/chapters`, cookie, { title: 'One' });
    expect(chapter.status).toBe(201);
    const { chapter: ch } = (await chapter.json()) as { chapter: { id: string } };
    const lesson = await send('POST', `/api/admin/chapters/${ch.id}/lessons`, cookie, { title: 'First', body: '# Hello', releaseAfterDays: 2 });
    expect(lesson.status).toBe(201);

    const outline = await request(host, `/api/admin/courses/${made.id}`, { headers: { cookie } });
    expect(outline.status).toBe(200);
    const { course } = (await outline.json()) as { course: { chapters: { title: string; lessons: { title: string; body: string; releaseAfterDays: number }[] }[] } };
    expect(course.chapters).toMatchObject([{ title: 'One', lessons: [{ title: 'First', body: '# Hello', releaseAfterDays: 2 }] }]);

    const list = (await (await request(host, '/api/admin/courses', { headers: { cookie } })).json()) as { courses: { id: string; lessonCount: number }[] };
    expect(list.courses.find((c) => c.id === made.id)?.lessonCount).toBe(1);
    expect((await auditOf(BRESLOV, made.id)).map((a) => a.action)).toEqual(['course.created']);
  });

  it('answers bad input with a 4xx a person can act on', async () => {
    const cookie = await cookieFor(BRESLOV, 'instructor');
    await expectErrorShape(await send('POST', '/api/admin/courses', cookie, { title: 'x', accessLevel: 'free' }, 'text/plain'), 400, 'BAD_REQUEST');
    await expectErrorShape(await send('POST', '/api/admin/courses', cookie, '{ nope'), 400, 'BAD_REQUEST');
    await expectErrorShape(await send('POST', '/api/admin/courses', cookie, { title: '', accessLevel: 'sometimes' }), 400, 'BAD_REQUEST');
    const both = await send('POST', `/api/admin/chapters/${mine.chapters[0]!.id}/lessons`, cookie, { title: 'x', releaseAt: '2027-01-01', releaseAfterDays: 1 });
    expect((await expectErrorShape(both, 400, 'BAD_REQUEST')).error.message).toMatch(/not both/);
    const order = await send('PUT', `${course}/order`, cookie, { chapters: [] });
    expect((await expectErrorShape(order, 400, 'BAD_REQUEST')).error.message).toContain(mine.chapters[0]!.id);
  });

  it('409s for publishing an empty course, deleting a published one and a taken slug', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const empty = await seedCourse(BRESLOV, [0]);
    await expectErrorShape(await send('POST', `/api/admin/courses/${empty.course.id}/publish`, owner), 409, 'CONFLICT');
    const live = await seedCourse(BRESLOV, [1], { published: true });
    expect((await send('POST', `/api/admin/courses/${live.course.id}/publish`, owner)).status).toBe(200);
    await expectErrorShape(await send('DELETE', `/api/admin/courses/${live.course.id}`, owner), 409, 'CONFLICT');
    const taken = await send('POST', '/api/admin/courses', owner, { title: 'Dup', slug: live.course.slug, accessLevel: 'free' });
    expect((await expectErrorShape(taken, 409, 'CONFLICT')).error.message).toContain(`${live.course.slug}-2`);
  });
});
