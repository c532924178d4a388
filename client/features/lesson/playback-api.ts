import { api } from '../../lib/api';
import { instant, list, object, oneOf, string } from '../../lib/json';
import { nullableNum, num } from '../course/learning-json';
import { parseProtection, type Protection } from './lesson-api';

// POST /api/lessons/:lessonId/playback (src/modules/media/stream/playback.ts): a short-lived
// address for the lesson's video, minted only for viewers the lesson is open to. 409 while
// the video is still being prepared, 404 when the lesson has none.

export type Playback = {
  /** `mp4`: a file the <video> element plays itself (local development). `hls`: Stream's HLS manifest (production). */
  kind: 'mp4' | 'hls';
  url: string;
  /** Ask again before this, keeping the playhead: the address stops working then. */
  expiresAt: Date;
  durationSeconds: number | null;
  captions: { language: string; url: string }[];
  protection: Protection;
  /** Set when the viewer may watch only the start (a preview): the player stops there. */
  preview: { limitSeconds: number; enforcedByServer: boolean } | null;
};

function parsePlayback(data: unknown): Playback {
  const p = object(data, 'playback');
  const preview = p.preview === null || p.preview === undefined ? null : object(p.preview, 'preview');
  return {
    kind: oneOf(p, 'kind', ['mp4', 'hls'] as const),
    url: string(p, 'url'),
    expiresAt: instant(p, 'expiresAt'),
    durationSeconds: nullableNum(p, 'durationSeconds'),
    captions: list(p, 'captions').map((entry) => {
      const c = object(entry, 'caption');
      return { language: string(c, 'language'), url: string(c, 'url') };
    }),
    protection: parseProtection(p.protection),
    preview: preview ? { limitSeconds: num(preview, 'limitSeconds'), enforcedByServer: preview.enforcedByServer === true } : null,
  };
}

export function requestPlayback(lessonId: string): Promise<Playback> {
  return api(`/api/lessons/${encodeURIComponent(lessonId)}/playback`, { method: 'POST', parse: parsePlayback });
}
