import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import { listCatalog } from './catalog.ts';
import { getCoursePage, getLessonForLearner } from './course-page.ts';
import { enrollInCourse, grantCourseAccess, revokeCourseAccess } from './enroll.ts';
import { bookmarkLesson, createNote, deleteNote, removeBookmark, updateNote } from './notes.ts';
import { listMyLearning, recordProgress } from './progress.ts';
import { getCourseRoster } from './roster.ts';

/** The learner API: one call per screen (catalog, course page, lesson, continue learning) and the learner's writes. */
export const learningRoutes = newApp<SchoolHostEnv>()
  .get('/api/courses', onSchoolHost, async (c) => c.json(await listCatalog({ ctx: schoolCtx(c), input: { q: c.req.query('q') || undefined, access: c.req.query('access') || undefined } })))
  .get('/api/courses/:slug', onSchoolHost, async (c) => c.json(await getCoursePage({ ctx: schoolCtx(c), input: { slug: c.req.param('slug'), as: c.req.query('as') } })))
  .get('/api/courses/:slug/lessons/:lessonId', onSchoolHost, async (c) =>
    c.json(await getLessonForLearner({ ctx: schoolCtx(c), input: { slug: c.req.param('slug'), lessonId: c.req.param('lessonId'), as: c.req.query('as') } })),
  )
  .post('/api/courses/:slug/enroll', onSchoolHost, async (c) => c.json(await enrollInCourse({ ctx: schoolCtx(c), input: { slug: c.req.param('slug') } })))
  .get('/api/me/learning', onSchoolHost, async (c) => c.json(await listMyLearning({ ctx: schoolCtx(c) })))
  .post('/api/lessons/:lessonId/progress', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await recordProgress({ ctx: schoolCtx(c), input: { ...body, lessonId: c.req.param('lessonId') } }));
  })
  .post('/api/lessons/:lessonId/notes', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await createNote({ ctx: schoolCtx(c), input: { ...body, lessonId: c.req.param('lessonId') } }), 201);
  })
  .patch('/api/notes/:noteId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateNote({ ctx: schoolCtx(c), input: { ...body, noteId: c.req.param('noteId') } }));
  })
  .delete('/api/notes/:noteId', onSchoolHost, async (c) => c.json(await deleteNote({ ctx: schoolCtx(c), input: { noteId: c.req.param('noteId') } })))
  .put('/api/lessons/:lessonId/bookmark', onSchoolHost, async (c) => c.json(await bookmarkLesson({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId') } })))
  .delete('/api/lessons/:lessonId/bookmark', onSchoolHost, async (c) => c.json(await removeBookmark({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId') } })))
  .get('/api/admin/courses/:courseId/roster', onSchoolHost, async (c) => c.json(await getCourseRoster({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .post('/api/admin/courses/:courseId/access', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await grantCourseAccess({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }), 201);
  })
  .delete('/api/admin/courses/:courseId/access/:userId', onSchoolHost, async (c) =>
    c.json(await revokeCourseAccess({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId'), userId: c.req.param('userId') } })),
  );
