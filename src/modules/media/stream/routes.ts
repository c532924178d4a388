import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { lessonCaptions } from './captions.ts';
import { serveLocalVideo } from './local-player.ts';
import { mintPlayback } from './playback.ts';
import { deleteLessonVideo, getLessonVideo, receiveLocalVideoUpload, startVideoUpload } from './uploads.ts';

/** Lesson video on school hosts: staff upload and manage it, learners get short-lived playback. */
export const streamRoutes = newApp<SchoolHostEnv>()
  .post('/api/admin/lessons/:lessonId/video', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await startVideoUpload({ ctx: schoolCtx(c), input: { ...body, lessonId: c.req.param('lessonId') } }), 201);
  })
  .get('/api/admin/lessons/:lessonId/video', onSchoolHost, async (c) => c.json(await getLessonVideo({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId') } })))
  .delete('/api/admin/lessons/:lessonId/video', onSchoolHost, async (c) =>
    c.json(await deleteLessonVideo({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId'), confirm: c.req.query('confirm') === 'true' } })),
  )
  // The raw file is the body (video/mp4, video/webm or video/quicktime), never JSON.
  .put('/api/admin/video-uploads/:uploadId', onSchoolHost, async (c) =>
    c.json(
      await receiveLocalVideoUpload({
        ctx: schoolCtx(c),
        input: { uploadId: c.req.param('uploadId'), contentType: c.req.header('content-type') ?? null, contentLength: c.req.header('content-length') ?? null, body: c.req.raw.body },
      }),
    ),
  )
  .post('/api/lessons/:lessonId/playback', onSchoolHost, async (c) => c.json(await mintPlayback({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId') } })))
  .get('/api/lessons/:lessonId/captions/:file', onSchoolHost, async (c) => {
    const vtt = await lessonCaptions({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId'), file: c.req.param('file') } });
    return c.body(vtt, 200, { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'private, no-store' });
  })
  .get('/media/video/:token', onSchoolHost, async (c) =>
    serveLocalVideo({ ctx: schoolCtx(c), input: { token: c.req.param('token'), range: c.req.header('range') ?? null, ifRange: c.req.header('if-range') ?? null } }),
  );
