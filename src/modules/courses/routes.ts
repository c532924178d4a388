import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import { createChapter, createLesson, deleteChapter, deleteLesson, updateChapter, updateLesson } from './outline.ts';
import { reorderCourse } from './reorder.ts';
import { archiveCourse, createCourse, deleteCourse, getCourseForEditing, listCourses, publishCourse, unpublishCourse, updateCourse } from './service.ts';

/** The staff authoring API: courses, their chapters and lessons, and their order. */
export const courseAuthoringRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/courses', onSchoolHost, async (c) => c.json(await listCourses({ ctx: schoolCtx(c) })))
  .post('/api/admin/courses', onSchoolHost, async (c) => c.json(await createCourse({ ctx: schoolCtx(c), input: await jsonBody(c) }), 201))
  .get('/api/admin/courses/:courseId', onSchoolHost, async (c) => c.json(await getCourseForEditing({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .patch('/api/admin/courses/:courseId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateCourse({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }));
  })
  .delete('/api/admin/courses/:courseId', onSchoolHost, async (c) => c.json(await deleteCourse({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .post('/api/admin/courses/:courseId/publish', onSchoolHost, async (c) => c.json(await publishCourse({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .post('/api/admin/courses/:courseId/unpublish', onSchoolHost, async (c) => c.json(await unpublishCourse({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .post('/api/admin/courses/:courseId/archive', onSchoolHost, async (c) => c.json(await archiveCourse({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .put('/api/admin/courses/:courseId/order', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await reorderCourse({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }));
  })
  .post('/api/admin/courses/:courseId/chapters', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await createChapter({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }), 201);
  })
  .patch('/api/admin/chapters/:chapterId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateChapter({ ctx: schoolCtx(c), input: { ...body, chapterId: c.req.param('chapterId') } }));
  })
  .delete('/api/admin/chapters/:chapterId', onSchoolHost, async (c) => c.json(await deleteChapter({ ctx: schoolCtx(c), input: { chapterId: c.req.param('chapterId') } })))
  .post('/api/admin/chapters/:chapterId/lessons', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await createLesson({ ctx: schoolCtx(c), input: { ...body, chapterId: c.req.param('chapterId') } }), 201);
  })
  .patch('/api/admin/lessons/:lessonId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateLesson({ ctx: schoolCtx(c), input: { ...body, lessonId: c.req.param('lessonId') } }));
  })
  .delete('/api/admin/lessons/:lessonId', onSchoolHost, async (c) => c.json(await deleteLesson({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId') } })));
