import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { auditLogs } from '../audit/schema.ts';
import { demoMember } from '../members/testing.ts';
import { lessonNotes, transcripts, userProgress } from '../courses/schema.ts';
import { attachFile, grant, learningDbOf, seedLearningCourse } from './testing.ts';

const host = hostOf(BRESLOV);
const student = demoMember(BRESLOV, 'student');

function call(path: string, opts: { method?: string; cookie?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.method && opts.method !== 'GET') {
    headers.origin = `http://${host}`;
    headers['content-type'] = 'application/json';
  }
  return request(host, path, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
}
/**
 * D1 round trips a request made, from the headers the Worker sends outside production:
 * every single statement and every batch counts one; `school` is the school database's share.
 */
async function roundTrips(send: () => Promise<Response>) {
  const res = await send();
  return { res, school: Number(res.headers.get('x-d1-school-queries')), total: Number(res.headers.get('x-d1-queries')) };
}

// Fixed ids so the shared security suite (declared synchronously) can name real objects.
const tag = crypto.randomUUID().slice(0, 8);
const SUITE = {
  course: crypto.randomUUID(),
  slug: `suite-${tag}`,
  lesson: crypto.randomUUID(),
  notes: { edit: crypto.randomUUID(), remove: crypto.randomUUID(), acme: crypto.randomUUID() },
  acmeCourse: crypto.randomUUID(),
  acmeSlug: `suite-acme-${tag}`,
  acmeLesson: crypto.randomUUID(),
};
beforeAll(async () => {
  await seedLearningCourse(BRESLOV, { id: SUITE.course, slug: SUITE.slug, accessLevel: 'members', chapters: [{ lessons: [{ id: SUITE.lesson }] }] });
  await seedLearningCourse(ACME, { id: SUITE.acmeCourse, slug: SUITE.acmeSlug, accessLevel: 'members', chapters: [{ lessons: [{ id: SUITE.acmeLesson }] }] });
  const breslov = learningDbOf(BRESLOV);
  await breslov.db.insert(lessonNotes).values([SUITE.notes.edit, SUITE.notes.remove].map((id) => breslov.withSchool({ id, userId: student.userId, lessonId: SUITE.lesson, body: 'suite' })));
  const acme = learningDbOf(ACME);
  await acme.db.insert(lessonNotes).values(acme.withSchool({ id: SUITE.notes.acme, userId: demoMember(ACME, 'student').userId, lessonId: SUITE.acmeLesson, body: 'suite' }));
});

describeAccessRules('GET /api/me/learning', { method: 'GET', path: '/api/me/learning', minimumRole: 'student' });
describeAccessRules('POST /api/lessons/:id/progress', { method: 'POST', path: `/api/lessons/${SUITE.lesson}/progress`, body: { progress: 10 }, minimumRole: 'student', foreignPath: `/api/lessons/${SUITE.acmeLesson}/progress` });
describeAccessRules('POST /api/lessons/:id/notes', { method: 'POST', path: `/api/lessons/${SUITE.lesson}/notes`, body: { body: 'hi' }, minimumRole: 'student', foreignPath: `/api/lessons/${SUITE.acmeLesson}/notes` });
describeAccessRules('POST /api/courses/:slug/enroll', { method: 'POST', path: `/api/courses/${SUITE.slug}/enroll`, minimumRole: 'student', foreignPath: `/api/courses/${SUITE.acmeSlug}/enroll` });
describeAccessRules('PATCH /api/notes/:id', { method: 'PATCH', path: `/api/notes/${SUITE.notes.edit}`, body: { body: 'edited' }, minimumRole: 'student', foreignPath: `/api/notes/${SUITE.notes.acme}` });
describeAccessRules('DELETE /api/notes/:id', { method: 'DELETE', path: `/api/notes/${SUITE.notes.remove}`, minimumRole: 'student', foreignPath: `/api/notes/${SUITE.notes.acme}` });
describeAccessRules('DELETE /api/lessons/:id/bookmark', { method: 'DELETE', path: `/api/lessons/${SUITE.lesson}/bookmark`, minimumRole: 'student', foreignPath: `/api/lessons/${SUITE.acmeLesson}/bookmark` });
describeAccessRules('PUT /api/lessons/:id/bookmark', { method: 'PUT', path: `/api/lessons/${SUITE.lesson}/bookmark`, minimumRole: 'student', foreignPath: `/api/lessons/${SUITE.acmeLesson}/bookmark` });
describeAccessRules('POST /api/admin/courses/:id/access', { method: 'POST', path: `/api/admin/courses/${SUITE.course}/access`, body: { userId: student.userId }, minimumRole: 'admin', foreignPath: `/api/admin/courses/${SUITE.acmeCourse}/access` });
describeAccessRules('DELETE /api/admin/courses/:id/access/:userId', { method: 'DELETE', path: `/api/admin/courses/${SUITE.course}/access/${student.userId}`, minimumRole: 'admin', foreignPath: `/api/admin/courses/${SUITE.acmeCourse}/access/${student.userId}` });

describe('catalog', () => {
  it('lists published courses with counts, searches with LIKE escaped and filters by access', async () => {
    const marker = `Zq${crypto.randomUUID().slice(0, 6)}`;
    const c = await seedLearningCourse(BRESLOV, { title: `${marker} 100% Torah`, accessLevel: 'free', chapters: [{ lessons: [{ estimatedMinutes: 5 }, { estimatedMinutes: 7 }, { status: 'draft', estimatedMinutes: 60 }] }] });
    await seedLearningCourse(BRESLOV, { title: `${marker} draft`, status: 'draft', chapters: [{ lessons: [{}] }] });
    await seedLearningCourse(BRESLOV, { title: `${marker} 1000 Torah`, accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const { res: anon, school, total } = await roundTrips(() => call(`/api/courses?q=${encodeURIComponent(marker)}`));
    expect({ school, total }).toEqual({ school: 1, total: 1 });
    const body = (await anon.json()) as { courses: Record<string, unknown>[] };
    expect(body.courses.map((x) => x.title).sort()).toEqual([`${marker} 100% Torah`, `${marker} 1000 Torah`]);
    expect(body.courses.find((x) => x.slug === c.slug)).toMatchObject({ lessonCount: 2, estimatedMinutes: 12, accessLevel: 'free' });
    expect(body.courses[0]).not.toHaveProperty('enrolled');
    const escaped = (await (await call(`/api/courses?q=${encodeURIComponent(`${marker} 100%`)}`)).json()) as { courses: { title: string }[] };
    expect(escaped.courses.map((x) => x.title)).toEqual([`${marker} 100% Torah`]);
    const paid = (await (await call(`/api/courses?q=${marker}&access=paid`)).json()) as { courses: { title: string }[] };
    expect(paid.courses.map((x) => x.title)).toEqual([`${marker} 1000 Torah`]);
    expect((await call('/api/courses?access=gold')).status).toBe(400);
    await grant(BRESLOV, student.userId, c.courseId);
    const mine = (await (await call(`/api/courses?q=${marker}`, { cookie: await cookieFor(BRESLOV, 'student') })).json()) as { courses: Record<string, unknown>[] };
    expect(mine.courses.find((x) => x.slug === c.slug)).toMatchObject({ enrolled: true, progressPercent: 0 });
  });
});

describe('course page and lesson', () => {
  it('shows the outline with access per lesson and never a body; unknown, draft and foreign courses are 404', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }, {}, { releaseAfterDays: 7 }] }, { status: 'draft', lessons: [{}] }] });
    const res = await call(`/api/courses/${c.slug}`);
    const text = await res.text();
    expect(text).not.toContain('Body ');
    expect(text).not.toContain('videoRef');
    const page = JSON.parse(text) as { chapters: { lessons: { access: { open: boolean; reason?: string } }[] }[]; viewer: unknown };
    expect(page.chapters).toHaveLength(1);
    expect(page.chapters[0]!.lessons.map((l) => l.access.reason ?? 'open')).toEqual(['open', 'not_signed_in', 'not_signed_in']);
    expect(page.viewer).toBeNull();
    expect(res.headers.get('x-d1-school-queries')).toBe('1');

    const cookie = await cookieFor(BRESLOV, 'student');
    await grant(BRESLOV, student.userId, c.courseId, new Date(Date.now() - 86_400_000));
    const { res: signedIn, school, total } = await roundTrips(() => call(`/api/courses/${c.slug}`, { cookie }));
    // The session lookup (1 platform + 1 school statement), then the page itself in one batch.
    expect({ school, total }).toEqual({ school: 2, total: 3 });
    const mine = (await signedIn.json()) as { chapters: { lessons: { id: string; access: { open: boolean; reason?: string; message?: string } }[] }[]; viewer: { enrolled: boolean; percent: number; continueWith: { lessonId: string } } };
    expect(mine.chapters[0]!.lessons.map((l) => l.access.reason ?? 'open')).toEqual(['open', 'open', 'drip']);
    expect(mine.chapters[0]!.lessons[2]!.access.message).toMatch(/^This lesson opens on \d+ \w+ \d{4} at \d\d:\d\d UTC\.$/);
    expect(mine.viewer).toMatchObject({ enrolled: true, percent: 0, continueWith: { lessonId: c.allLessonIds[0] } });

    const draft = await seedLearningCourse(BRESLOV, { status: 'draft', chapters: [{ lessons: [{}] }] });
    const acme = await seedLearningCourse(ACME, { chapters: [{ lessons: [{}] }] });
    for (const slug of ['no-such-course', draft.slug, acme.slug]) expect((await call(`/api/courses/${slug}`, { cookie })).status).toBe(404);
    expect((await call(`/api/courses/${draft.slug}`, { cookie: await cookieFor(BRESLOV, 'instructor') })).status).toBe(200);
  });

  it('serves an open lesson with everything in one call, and the lock sentence otherwise', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }, { videoRef: 'vid-1' }, {}] }] });
    const [preview, second] = c.allLessonIds;
    const downloadId = await attachFile(BRESLOV, { courseId: c.courseId, lessonId: second! }, { title: 'Worksheet', filename: 'a.pdf', key: 'schools/x/k1' });
    expect((await call(`/api/courses/${c.slug}/lessons/${preview}`)).status).toBe(200);
    const anon = await call(`/api/courses/${c.slug}/lessons/${second}`);
    expect(anon.status).toBe(401);
    const cookie = await cookieFor(BRESLOV, 'student');
    const locked = await call(`/api/courses/${c.slug}/lessons/${second}`, { cookie });
    expect(locked.status).toBe(403);
    expect(await locked.json()).toMatchObject({
      error: { message: 'Enroll in this course (it is free) to open this lesson.', details: { reason: 'not_entitled', opensAt: null, course: { accessLevel: 'free' }, enrolled: false } },
    });

    const enroll = await call(`/api/courses/${c.slug}/enroll`, { method: 'POST', cookie });
    expect(enroll.status).toBe(200);
    expect((await call(`/api/courses/${c.slug}/enroll`, { method: 'POST', cookie })).status).toBe(200);
    const { res, school, total } = await roundTrips(() => call(`/api/courses/${c.slug}/lessons/${second}`, { cookie }));
    expect(res.status).toBe(200);
    // Session lookup (1 platform + 1 school) + the lesson screen, transcripts included, in one batch.
    expect({ school, total }).toEqual({ school: 2, total: 3 });
    const lesson = (await res.json()) as Record<string, unknown> & { lesson: Record<string, unknown> };
    expect(lesson.lesson).toMatchObject({ id: second, attachments: [{ downloadId, title: 'Worksheet', filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 1234 }] });
    // The Stream id never leaves: video is reached through playback tokens only.
    expect(JSON.stringify(lesson)).not.toContain('vid-1');
    // The course screen rides along, so the player needs no second call.
    expect(lesson).toMatchObject({ course: { slug: c.slug, accessLevel: 'free' }, viewer: { enrolled: true, percent: 0 } });
    expect((lesson.chapters as { lessons: { id: string }[] }[])[0]!.lessons.map((l) => l.id)).toEqual(c.allLessonIds);
    // The object's key stays on the server: files leave only through signed download links.
    expect(JSON.stringify(lesson)).not.toContain('schools/x/k1');
    expect(lesson).toMatchObject({ previousLessonId: preview, nextLessonId: c.allLessonIds[2], progress: null, notes: [], bookmarked: false });
    expect((await call(`/api/courses/${c.slug}/lessons/${crypto.randomUUID()}`, { cookie })).status).toBe(404);
  });

  it('enrollment: paid is sold separately, public needs none, members grant once', async () => {
    const cookie = await cookieFor(BRESLOV, 'student');
    const paid = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const res = await call(`/api/courses/${paid.slug}/enroll`, { method: 'POST', cookie });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('This course is sold through an offer; buy it from the course page.');
    const pub = await seedLearningCourse(BRESLOV, { accessLevel: 'public', chapters: [{ lessons: [{}] }] });
    expect(await (await call(`/api/courses/${pub.slug}/enroll`, { method: 'POST', cookie })).json()).toMatchObject({ enrolled: true });
    expect((await call(`/api/courses/${pub.slug}/enroll`, { method: 'POST' })).status).toBe(401);
  });
});

describe('progress, continue learning, notes and bookmarks', () => {
  it('records progress, stamps completion once and resumes at the next lesson', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}, {}, { isRequired: false }] }] });
    const cookie = await cookieFor(BRESLOV, 'student');
    const [a, b] = c.allLessonIds;
    const { res: first, school, total } = await roundTrips(() => call(`/api/lessons/${a}/progress`, { method: 'POST', cookie, body: { completed: true } }));
    expect(first.status).toBe(200);
    // Two round trips of its own: the access batch and the upsert (plus the session's 1 + 1).
    expect({ school, total }).toEqual({ school: 3, total: 4 });
    const stamped = ((await first.json()) as { progress: { completedAt: string } }).progress.completedAt;
    await call(`/api/lessons/${a}/progress`, { method: 'POST', cookie, body: { completed: true, positionSeconds: 3 } });
    const [row] = await learningDbOf(BRESLOV).db.select().from(userProgress).where(and(eq(userProgress.lessonId, a!), eq(userProgress.userId, student.userId)));
    expect(row!.completedAt!.toISOString()).toBe(stamped);
    await call(`/api/lessons/${b}/progress`, { method: 'POST', cookie, body: { progress: 40, positionSeconds: 95.5 } });
    expect((await call(`/api/lessons/${b}/progress`, { method: 'POST', cookie, body: { progress: 140 } })).status).toBe(400);
    const bad = await request(host, `/api/lessons/${b}/progress`, { method: 'POST', headers: { origin: `http://${host}`, cookie, 'content-type': 'application/json' }, body: '{oops' });
    expect(bad.status).toBe(400);
    const learning = (await (await call('/api/me/learning', { cookie })).json()) as { courses: { id: string; progressPercent: number; resume: { lessonId: string; positionSeconds: number } }[] };
    expect(learning.courses.find((x) => x.id === c.courseId)).toMatchObject({ progressPercent: 50, resume: { lessonId: b, positionSeconds: 95.5 } });
  });

  it('Continue returns to the lesson last opened, and never to a locked one', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{}, {}, { releaseAfterDays: 5 }, {}] }] });
    const cookie = await cookieFor(BRESLOV, 'student');
    const [a, b, drip, d] = c.allLessonIds;
    await call(`/api/courses/${c.slug}/enroll`, { method: 'POST', cookie });
    const resumeOf = async () => {
      const mine = (await (await call('/api/me/learning', { cookie })).json()) as { courses: { id: string; resume: { lessonId: string } | null }[] };
      const page = (await (await call(`/api/courses/${c.slug}`, { cookie })).json()) as { viewer: { continueWith: { lessonId: string } | null } };
      // The two screens agree.
      expect(mine.courses.find((x) => x.id === c.courseId)!.resume?.lessonId ?? null).toBe(page.viewer.continueWith?.lessonId ?? null);
      return page.viewer.continueWith?.lessonId ?? null;
    };
    expect(await resumeOf()).toBe(a);
    await call(`/api/lessons/${d}/progress`, { method: 'POST', cookie, body: {} }); // opened the last lesson
    expect(await resumeOf()).toBe(d);
    await call(`/api/lessons/${b}/progress`, { method: 'POST', cookie, body: { completed: true } });
    // b finished last; next after it is the drip lesson (locked), so d.
    expect(await resumeOf()).toBe(d);
    await call(`/api/lessons/${d}/progress`, { method: 'POST', cookie, body: { completed: true } });
    expect(await resumeOf()).toBe(a);
    await call(`/api/lessons/${a}/progress`, { method: 'POST', cookie, body: { completed: true } });
    expect(drip).toBeDefined();
    expect(await resumeOf()).toBeNull();
  });

  it('notes are the author’s own; bookmarks are idempotent', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
    const lessonId = c.allLessonIds[0]!;
    const cookie = await cookieFor(BRESLOV, 'student');
    const created = await call(`/api/lessons/${lessonId}/notes`, { method: 'POST', cookie, body: { body: 'Remember this', videoPositionSeconds: 12 } });
    expect(created.status).toBe(201);
    const { note } = (await created.json()) as { note: { id: string } };
    expect((await call(`/api/lessons/${lessonId}/notes`, { method: 'POST', cookie, body: { body: '  ' } })).status).toBe(400);
    const other = await cookieFor(BRESLOV, 'instructor');
    expect((await call(`/api/notes/${note.id}`, { method: 'PATCH', cookie: other, body: { body: 'mine now' } })).status).toBe(404);
    expect((await call(`/api/notes/${note.id}`, { method: 'DELETE', cookie: other })).status).toBe(404);
    expect(await (await call(`/api/notes/${note.id}`, { method: 'PATCH', cookie, body: { body: 'Edited' } })).json()).toMatchObject({ note: { body: 'Edited', videoPositionSeconds: 12 } });
    expect((await call(`/api/lessons/${lessonId}/bookmark`, { method: 'PUT', cookie })).status).toBe(200);
    expect((await call(`/api/lessons/${lessonId}/bookmark`, { method: 'PUT', cookie })).status).toBe(200);
    const lesson = (await (await call(`/api/courses/${c.slug}/lessons/${lessonId}`, { cookie })).json()) as { notes: { body: string }[]; bookmarked: boolean };
    expect(lesson).toMatchObject({ notes: [{ body: 'Edited' }], bookmarked: true });
    expect((await call(`/api/lessons/${lessonId}/bookmark`, { method: 'DELETE', cookie })).status).toBe(200);
    expect((await call(`/api/notes/${note.id}`, { method: 'DELETE', cookie })).status).toBe(200);
  });
});

describeAccessRules('GET /api/admin/courses/:id/roster', { method: 'GET', path: `/api/admin/courses/${SUITE.course}/roster`, minimumRole: 'instructor', foreignPath: `/api/admin/courses/${SUITE.acmeCourse}/roster` });

describe('view as student', () => {
  it('shows staff what a student enrolled just now would see, even on a draft course; learners cannot use it', async () => {
    const c = await seedLearningCourse(BRESLOV, {
      status: 'draft',
      accessLevel: 'paid',
      chapters: [{ lessons: [{ isPreview: true }, {}, { releaseAfterDays: 3 }, { status: 'draft' }] }, { status: 'draft', lessons: [{}] }],
    });
    const instructor = await cookieFor(BRESLOV, 'instructor');
    type Page = { viewingAsStudent: boolean; course: { status: string }; chapters: { lessons: { id: string; access: { open: boolean; reason?: string } }[] }[] };
    const own = (await (await call(`/api/courses/${c.slug}`, { cookie: instructor })).json()) as Page;
    expect(own.viewingAsStudent).toBe(false);
    expect(own.chapters.flatMap((ch) => ch.lessons)).toHaveLength(5);

    const res = await call(`/api/courses/${c.slug}?as=student`, { cookie: instructor });
    expect(res.status).toBe(200);
    const asStudent = (await res.json()) as Page;
    expect(asStudent).toMatchObject({ viewingAsStudent: true, course: { status: 'draft' } });
    // Draft chapter and draft lesson hidden; the days-after-enrollment lesson is locked as for a new student.
    expect(asStudent.chapters.map((ch) => ch.lessons.map((l) => l.access.reason ?? 'open'))).toEqual([['open', 'open', 'drip']]);
    const [, second, drip] = c.lessonIds[0]!;
    expect((await call(`/api/courses/${c.slug}/lessons/${second}?as=student`, { cookie: instructor })).status).toBe(200);
    expect((await call(`/api/courses/${c.slug}/lessons/${drip}?as=student`, { cookie: instructor })).status).toBe(403);

    // Anyone else: the parameter changes nothing (a draft stays a 404, a paid lesson stays locked).
    const cookie = await cookieFor(BRESLOV, 'student');
    expect((await call(`/api/courses/${c.slug}?as=student`, { cookie })).status).toBe(404);
    const published = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const mine = (await (await call(`/api/courses/${published.slug}?as=student`, { cookie })).json()) as Page;
    expect(mine.viewingAsStudent).toBe(false);
    expect(mine.chapters[0]!.lessons[0]!.access.reason).toBe('not_entitled');
  });
});

describe('roster and transcripts', () => {
  it('lists each learner with their share of required lessons, in one school batch', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{}, {}, { isRequired: false }, { status: 'draft' }] }] });
    const cookie = await cookieFor(BRESLOV, 'student');
    expect((await call(`/api/courses/${c.slug}/enroll`, { method: 'POST', cookie })).status).toBe(200);
    await call(`/api/lessons/${c.allLessonIds[0]}/progress`, { method: 'POST', cookie, body: { completed: true } });
    await call(`/api/lessons/${c.allLessonIds[2]}/progress`, { method: 'POST', cookie, body: { completed: true } });
    const staffCookie = await cookieFor(BRESLOV, 'instructor');
    const { res, school } = await roundTrips(() => call(`/api/admin/courses/${c.courseId}/roster`, { cookie: staffCookie }));
    expect(res.status).toBe(200);
    // Session membership + the roster batch; names come from the platform database.
    expect(school).toBe(2);
    const roster = (await res.json()) as { requiredLessons: number; learners: Record<string, unknown>[] };
    expect(roster.requiredLessons).toBe(2);
    expect(roster.learners).toEqual([expect.objectContaining({ userId: student.userId, email: student.email, source: 'free_enrollment', hasAccess: true, hasStaffGrant: false, percent: 50, completedLessons: 1 })]);
    await grant(BRESLOV, student.userId, c.courseId);
    const granted = (await (await call(`/api/admin/courses/${c.courseId}/roster`, { cookie: staffCookie })).json()) as { learners: Record<string, unknown>[] };
    expect(granted.learners).toEqual([expect.objectContaining({ source: 'free_enrollment', hasStaffGrant: true })]);
    const empty = await seedLearningCourse(BRESLOV, { chapters: [{ lessons: [{}] }] });
    expect(await (await call(`/api/admin/courses/${empty.courseId}/roster`, { cookie: staffCookie })).json()).toMatchObject({ learners: [] });
    expect((await call(`/api/admin/courses/${crypto.randomUUID()}/roster`, { cookie: staffCookie })).status).toBe(404);
  });

  it('the lesson response carries its transcripts once the lesson is open', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'public', chapters: [{ lessons: [{}] }] });
    const lessonId = c.allLessonIds[0]!;
    const sdb = learningDbOf(BRESLOV);
    await sdb.db.insert(transcripts).values([
      sdb.withSchool({ lessonId, language: 'he', cues: [{ start: 0, end: 2, text: 'שלום' }], plainText: 'שלום' }),
      sdb.withSchool({ lessonId, language: 'en', cues: [{ start: 0, end: 2.5, text: 'Hello' }], plainText: 'Hello' }),
    ]);
    const lesson = (await (await call(`/api/courses/${c.slug}/lessons/${lessonId}`)).json()) as { transcripts: unknown };
    expect(lesson.transcripts).toEqual([
      { language: 'en', cues: [{ start: 0, end: 2.5, text: 'Hello' }] },
      { language: 'he', cues: [{ start: 0, end: 2, text: 'שלום' }] },
    ]);
  });
});

describe('staff access grants', () => {
  it('an admin grants and revokes a paid course, audited with before and after', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const admin = await cookieFor(BRESLOV, 'admin');
    const cookie = await cookieFor(BRESLOV, 'student');
    const lessonPath = `/api/courses/${c.slug}/lessons/${c.allLessonIds[0]}`;
    expect((await call(lessonPath, { cookie })).status).toBe(403);
    expect((await call(`/api/admin/courses/${c.courseId}/access`, { method: 'POST', cookie: admin, body: { userId: student.userId } })).status).toBe(201);
    expect((await call(lessonPath, { cookie })).status).toBe(200);
    expect((await call(`/api/admin/courses/${c.courseId}/access`, { method: 'POST', cookie: admin, body: { userId: 'nobody' } })).status).toBe(404);
    // By the address they sign in with, too; granting again is a no-op.
    const byEmail = await call(`/api/admin/courses/${c.courseId}/access`, { method: 'POST', cookie: admin, body: { email: student.email.toUpperCase() } });
    expect(byEmail.status).toBe(201);
    const stranger = await call(`/api/admin/courses/${c.courseId}/access`, { method: 'POST', cookie: admin, body: { email: 'nobody@example.com' } });
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { error: { message: string } }).error.message).toMatch(/Invite them first/);
    expect((await call(`/api/admin/courses/${c.courseId}/access`, { method: 'POST', cookie: admin, body: { email: 'not an email' } })).status).toBe(400);
    expect((await call(`/api/admin/courses/${c.courseId}/access/${student.userId}`, { method: 'DELETE', cookie: admin })).status).toBe(200);
    expect((await call(lessonPath, { cookie })).status).toBe(403);
    const audit = await learningDbOf(BRESLOV).db.select().from(auditLogs).where(eq(auditLogs.entityId, c.courseId));
    expect(audit.map((a) => a.action).sort()).toEqual(['course_access.granted', 'course_access.revoked']);
    expect(audit.every((a) => 'before' in a.metadata! && 'after' in a.metadata!)).toBe(true);
  });
});

describe('locked content never leaves', () => {
  it('no learner route answers with a locked body, video or attachment to someone not entitled', async () => {
    const secret = `SECRET-${crypto.randomUUID()}`;
    const locked = { body: `${secret}-body`, videoRef: `${secret}-video` };
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', title: `Sweep ${secret.slice(7, 15)}`, chapters: [{ lessons: [{ isPreview: true }, locked, { ...locked, releaseAt: new Date(Date.now() + 86_400_000) }] }] });
    const paid = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [locked] }] });
    const viewers = [undefined, await cookieFor(BRESLOV, 'student')];
    const lessonIds = [...c.allLessonIds, ...paid.allLessonIds];
    const sdb = learningDbOf(BRESLOV);
    for (const [courseId, id] of [[c.courseId, c.allLessonIds[1]!], [c.courseId, c.allLessonIds[2]!], [paid.courseId, paid.allLessonIds[0]!]] as const) {
      await attachFile(BRESLOV, { courseId, lessonId: id }, { title: `${secret}-attachment`, filename: `${secret}.pdf` });
    }
    for (const id of lessonIds.slice(1)) await sdb.db.insert(transcripts).values(sdb.withSchool({ lessonId: id, language: 'en', cues: [{ start: 0, end: 1, text: `${secret}-cue` }], plainText: `${secret}-cue` }));
    for (const cookie of viewers) {
      const responses = [
        await call(`/api/courses?q=${secret.slice(7, 15)}`, { cookie }),
        await call('/api/courses', { cookie }),
        await call(`/api/courses/${c.slug}`, { cookie }),
        await call(`/api/courses/${paid.slug}`, { cookie }),
        await call('/api/me/learning', { cookie }),
        await call(`/api/courses/${c.slug}?as=student`, { cookie }),
        ...(await Promise.all(lessonIds.flatMap((id) => [c.slug, paid.slug].map((slug) => call(`/api/courses/${slug}/lessons/${id}`, { cookie }))))),
        ...(await Promise.all(lessonIds.map((id) => call(`/api/lessons/${id}/progress`, { method: 'POST', cookie, body: { progress: 1 } })))),
        ...(await Promise.all(lessonIds.map((id) => call(`/api/lessons/${id}/notes`, { method: 'POST', cookie, body: { body: 'n' } })))),
        ...(await Promise.all(lessonIds.map((id) => call(`/api/lessons/${id}/bookmark`, { method: 'PUT', cookie })))),
      ];
      for (const res of responses) expect(await res.text()).not.toContain(secret);
    }
    // Not vacuous: staff do get the marked content from the same route.
    const staff = await call(`/api/courses/${paid.slug}/lessons/${paid.allLessonIds[0]}`, { cookie: await cookieFor(BRESLOV, 'instructor') });
    expect(await staff.text()).toContain(`${secret}-body`);
  });
});
