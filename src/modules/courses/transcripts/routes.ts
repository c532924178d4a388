import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { deleteTranscript, listTranscripts, uploadTranscript } from './service.ts';

const PATH = '/api/admin/lessons/:lessonId/transcripts/:language';

/**
 * Transcript upload for staff. The file is the raw request body (text/vtt,
 * application/x-subrip or text/plain), not JSON: the service reads it only after the
 * permission and lesson checks.
 */
export const transcriptRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/lessons/:lessonId/transcripts', onSchoolHost, async (c) =>
    c.json(await listTranscripts({ ctx: schoolCtx(c), input: { lessonId: c.req.param('lessonId') } })),
  )
  .put(PATH, onSchoolHost, async (c) =>
    c.json(
      await uploadTranscript({
        ctx: schoolCtx(c),
        input: { ...c.req.param(), contentType: c.req.header('content-type') ?? '', body: c.req.raw.body },
      }),
    ),
  )
  .delete(PATH, onSchoolHost, async (c) => c.json(await deleteTranscript({ ctx: schoolCtx(c), input: c.req.param() })));
