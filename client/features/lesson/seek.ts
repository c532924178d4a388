import { createSignal, type Accessor } from 'solid-js';

/** A request to show one moment of the lesson; `at` makes a repeated seek to the same second count. */
export type SeekRequest = { seconds: number; at: number };

export type Seeker = {
  /**
   * Go to a moment of the lesson: the video (when the lesson has one) moves its playhead
   * there and takes focus, and the transcript highlights the line spoken then. Without a
   * video, the transcript scrolls to that line and takes focus itself.
   */
  seekTo: (seconds: number) => void;
  request: Accessor<SeekRequest | null>;
  /** Whether a video answers seeks (then the transcript only follows, it never takes focus). */
  hasVideo: boolean;
  /** The video's playhead in seconds while it has one; null before it loads or without a video. */
  time: Accessor<number | null>;
  setTime: (seconds: number | null) => void;
};

/** One per lesson page: notes, transcript lines and `?t=` ask; the video and the transcript follow. */
export function createSeeker(options: { hasVideo: boolean }): Seeker {
  const [request, setRequest] = createSignal<SeekRequest | null>(null);
  // Whole tenths are enough to pick a transcript line, and spare the effects most updates.
  const [time, setTime] = createSignal<number | null>(null);
  let count = 0;
  return {
    seekTo: (seconds) => setRequest({ seconds: Math.max(0, seconds), at: ++count }),
    request,
    hasVideo: options.hasVideo,
    time,
    setTime: (seconds) => setTime(seconds === null ? null : Math.floor(seconds * 10) / 10),
  };
}
