import { eq } from 'drizzle-orm';
import { platformDbFor } from '../../../platform/db/platform-db.ts';
import { schoolD1, schoolDbFor } from '../../../platform/db/school-db.ts';
import type { Env } from '../../../platform/env.ts';
import { schools } from '../../tenancy/schema.ts';
import { streamUploads } from '../schema.ts';
import { applyClipObservation, findClipByUid } from './preview-clips.ts';
import { applyObservation } from './status.ts';
import { StreamVideoMessage } from './webhook.ts';

/**
 * Queue handler for `media.stream_video`: routes by the school the video's meta named and
 * moves its upload (or preview clip) through the status machine. Idempotent and order-proof: the machine only
 * moves forward, so a redelivery or an older state arriving late changes nothing. A video
 * with no upload row (its lesson or upload was deleted since) is acknowledged and ignored.
 */
export function streamVideoEventHandler() {
  return async (body: unknown, env: Env): Promise<void> => {
    const message = StreamVideoMessage.parse(body);
    const platformDb = platformDbFor(env.PLATFORM_DB);
    const [school] = await platformDb.select({ id: schools.id, slug: schools.slug, d1Binding: schools.d1Binding }).from(schools).where(eq(schools.id, message.schoolId)).limit(1);
    if (!school) {
      console.warn(`[stream] event for unknown school ${message.schoolId}; ignored`);
      return;
    }
    const schoolDb = schoolDbFor(schoolD1(env, school), school.id);
    const [row] = await schoolDb.db.select().from(streamUploads).where(schoolDb.scoped(streamUploads, eq(streamUploads.streamUid, message.uid))).limit(1);
    if (!row) {
      // Not a lesson video: perhaps one of its preview clips (their meta names the school too).
      const clip = await findClipByUid(schoolDb, message.uid);
      if (clip) {
        await applyClipObservation({ schoolDb, now: new Date() }, clip.id, { status: message.status, durationSeconds: message.durationSeconds, errorMessage: message.errorMessage });
        return;
      }
      console.warn(`[stream] event for video ${message.uid} with no upload in school ${school.slug}; ignored`);
      return;
    }
    await applyObservation({ schoolDb, env, now: new Date() }, row, { status: message.status, durationSeconds: message.durationSeconds, errorMessage: message.errorMessage });
  };
}
