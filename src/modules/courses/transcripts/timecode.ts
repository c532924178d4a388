/**
 * Cue timestamps. WebVTT writes `[hh:]mm:ss.ttt` (hours optional); SRT writes
 * `hh:mm:ss,ttt`. SRT files in the wild also use a full stop, so SRT accepts both; WebVTT is
 * strict because players are, and a comma there is the usual sign of a renamed SRT file.
 */
export type TranscriptFormat = 'vtt' | 'srt';

const VTT_TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{1,3})$/;

/** Milliseconds, or null when `token` is not a timestamp in `format`. */
export function parseTimecode(token: string, format: TranscriptFormat): number | null {
  const m = (format === 'vtt' ? VTT_TIME : SRT_TIME).exec(token);
  if (!m) return null;
  const [, h = '0', min, s, frac] = m;
  // SRT's fraction is milliseconds even when written short ("1,5" is 1.5 s, i.e. 500 ms).
  const ms = Number(frac!.padEnd(3, '0'));
  return ((Number(h) * 60 + Number(min)) * 60 + Number(s)) * 1000 + ms;
}

/** `hh:mm:ss.ttt` (or `,ttt` for SRT) from milliseconds. */
export function formatTimecode(totalMs: number, format: TranscriptFormat): string {
  const ms = Math.round(totalMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const min = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(min)}:${pad(s)}${format === 'vtt' ? '.' : ','}${pad(ms % 1000, 3)}`;
}

/** What a person should type, for error messages. */
export function timecodeExample(format: TranscriptFormat): string {
  return format === 'vtt' ? 'hh:mm:ss.ttt or mm:ss.ttt (for example 00:01:02.500)' : 'hh:mm:ss,ttt (for example 00:01:02,500)';
}
