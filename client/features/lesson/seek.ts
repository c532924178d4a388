import { createSignal, type Accessor } from 'solid-js';

/** A request to show one moment of the lesson; `at` makes a repeated seek to the same second count. */
export type SeekRequest = { seconds: number; at: number };

export type Seeker = {
  /**
   * Go to a moment of the lesson. There is no video player yet (it arrives with the media
   * work), so today the transcript answers: it scrolls to the cue spoken at that moment and
   * highlights it. A player will subscribe to the same requests and move its playhead.
   */
  seekTo: (seconds: number) => void;
  request: Accessor<SeekRequest | null>;
};

/** One per lesson page: notes (and `?t=` in the address) ask, the transcript (later the video) follows. */
export function createSeeker(): Seeker {
  const [request, setRequest] = createSignal<SeekRequest | null>(null);
  let count = 0;
  return {
    seekTo: (seconds) => setRequest({ seconds: Math.max(0, seconds), at: ++count }),
    request,
  };
}
