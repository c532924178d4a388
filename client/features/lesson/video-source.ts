import type { Playback } from './playback-api';

/** Stops using a source: detaches hls.js, or empties the element, so nothing keeps downloading. */
export type DetachSource = () => void;

const HLS_TYPE = 'application/vnd.apple.mpegurl';

/**
 * Points the <video> at a playback address. An MP4 (local development) and HLS in a
 * browser that plays it natively (Safari, iOS, recent Chrome) are a plain `src`. Anywhere
 * else HLS needs hls.js, which is imported only then: it is a chunk of its own that most
 * viewers never download. `onFatal` hears about failures hls.js cannot recover from (the
 * element's own `error` event covers everything else).
 */
export async function attachSource(video: HTMLVideoElement, playback: Playback, onFatal: (message: string) => void): Promise<DetachSource> {
  if (playback.kind === 'mp4' || video.canPlayType(HLS_TYPE) !== '') {
    video.src = playback.url;
    return () => {
      video.removeAttribute('src');
      video.load();
    };
  }
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) throw new Error('This browser cannot play this video. Try a current version of Chrome, Edge, Firefox or Safari.');
  // No worker: hls.js would start it from a blob: URL, which the page's CSP does not allow.
  const hls = new Hls({ enableWorker: false });
  let recovered = false;
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    // A decoding glitch: hls.js can usually recover once. Anything else (an expired
    // address, a dropped connection) goes to the player, which asks for a fresh address.
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
      recovered = true;
      hls.recoverMediaError();
      return;
    }
    onFatal(data.type === Hls.ErrorTypes.NETWORK_ERROR ? 'The video stopped loading.' : 'The video could not be played.');
  });
  hls.loadSource(playback.url);
  hls.attachMedia(video);
  return () => hls.destroy();
}
