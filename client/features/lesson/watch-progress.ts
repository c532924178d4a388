// What counts as "watched", and when a position is worth saving. Pure, so the rules are
// plain to read apart from the player's event wiring.

/** How often a playing video's position is saved. */
export const SAVE_EVERY_MS = 10_000;

/** A step between two playhead samples longer than this was a jump (a seek, a stall), not watching. */
const MAX_STEP_SECONDS = 4;

/**
 * The parts of the video actually played, as merged [from, to] spans in seconds. Seeking
 * past a part does not count it as watched; watching a part twice counts it once. Kept by
 * the player rather than read from `video.played`, which starts again whenever the source
 * is replaced (a fresh playback address).
 */
export class WatchedSpans {
  private spans: [number, number][] = [];
  private last: number | null = null;

  /** A playhead sample while playing: the step since the previous sample is watched time. */
  sample(time: number): void {
    const last = this.last;
    this.last = time;
    if (last === null || time <= last || time - last > MAX_STEP_SECONDS) return;
    this.add(last, time);
  }

  /** The playhead jumped (seeking, a new source): the next sample starts a new span. */
  jumped(): void {
    this.last = null;
  }

  add(from: number, to: number): void {
    const merged: [number, number][] = [];
    let next: [number, number] = [from, to];
    for (const span of this.spans) {
      if (span[1] < next[0] || span[0] > next[1]) merged.push(span);
      else next = [Math.min(span[0], next[0]), Math.max(span[1], next[1])];
    }
    merged.push(next);
    this.spans = merged.sort((a, b) => a[0] - b[0]);
  }

  seconds(): number {
    return this.spans.reduce((sum, [from, to]) => sum + (to - from), 0);
  }
}

/** Whole percent of the video watched, 0–100; unknown length counts as nothing yet. */
export function watchedPercent(watchedSeconds: number, durationSeconds: number | null): number {
  if (!durationSeconds || !Number.isFinite(durationSeconds) || durationSeconds <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((100 * watchedSeconds) / durationSeconds)));
}

/**
 * Where a lesson's video opens: the asked-for moment (`?t=`, a note) or else the saved
 * position — but not in the last seconds of the video, which would open on its end.
 */
export function startingPosition(asked: number, saved: number, durationSeconds: number | null): number {
  const at = asked > 0 ? asked : saved;
  if (!(at > 0)) return 0;
  if (durationSeconds && durationSeconds > 0 && at >= durationSeconds - 2) return asked > 0 ? Math.max(0, durationSeconds - 2) : 0;
  return at;
}

export type SavedPoint = { positionSeconds: number; progress: number };

/**
 * What to send, if anything: a position that moved by a second or more, or a watched share
 * that grew (the Worker keeps only the highest anyway). Null when the last save still says it.
 */
export function progressChange(saved: SavedPoint, now: SavedPoint): Partial<SavedPoint> | null {
  const moved = Math.abs(now.positionSeconds - saved.positionSeconds) >= 1;
  const grew = now.progress > saved.progress;
  if (!moved && !grew) return null;
  return { positionSeconds: Math.round(now.positionSeconds * 10) / 10, ...(grew ? { progress: now.progress } : {}) };
}
