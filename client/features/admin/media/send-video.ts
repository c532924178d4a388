import { ApiError } from '../../../lib/api';
import type { Transfer } from './video-api';
import { abortError, isAbort, xhrSend } from './xhr-send';

/**
 * Sends a lesson video the way the Worker said to (see video-api.ts Transfer), reporting the
 * bytes sent. `put` goes to our own Worker (same origin: the session cookie and the Origin
 * the CSRF check wants come with it); `post-form` and `tus` go straight to Stream with no
 * cookies, so nothing of the school's session ever reaches another origin.
 */
export async function sendVideo(transfer: Transfer, file: File, contentType: string, signal: AbortSignal, onSent: (sent: number) => void): Promise<void> {
  if (transfer.protocol === 'put') {
    await xhrSend({
      method: 'PUT',
      url: transfer.url,
      body: file,
      headers: { accept: 'application/json', 'content-type': contentType, ...transfer.headers },
      signal,
      onProgress: onSent,
    });
    return;
  }
  if (transfer.protocol === 'post-form') {
    const form = new FormData();
    form.append(transfer.formField, file, file.name);
    try {
      // No custom headers: a plain form POST, which Stream's creator upload URL takes without a preflight.
      await xhrSend({ method: 'POST', url: transfer.url, body: form, withCredentials: false, signal, onProgress: onSent });
    } catch (error) {
      throw streamError(error);
    }
    return;
  }
  await sendTus(transfer.url, transfer.chunkSizeBytes, file, signal, onSent);
}

function streamError(error: unknown): unknown {
  if (isAbort(error) || !(error instanceof ApiError)) return error;
  if (error.status === 0) return error;
  return new ApiError(error.status, 'stream_refused', `Cloudflare Stream did not accept the video (status ${error.status}). Start the upload again; if it keeps failing, export the video again.`, null);
}

const TUS = { 'Tus-Resumable': '1.0.0' };
const CHUNK_RETRIES = 3;

/**
 * The core of the tus 1.0 protocol, against an upload Stream has already created (the
 * Worker made it): ask the offset (HEAD), then PATCH chunks from there. A failed chunk is
 * retried up to three times, each time asking the offset again, so bytes Stream already has
 * are never sent twice.
 */
async function sendTus(url: string, chunkSize: number, file: File, signal: AbortSignal, onSent: (sent: number) => void): Promise<void> {
  const offsetNow = async () => {
    const head = await xhrSend({ method: 'HEAD', url, headers: TUS, signal });
    const offset = Number(head.header('Upload-Offset'));
    if (!Number.isSafeInteger(offset) || offset < 0) throw new ApiError(502, 'stream_refused', 'Cloudflare Stream did not say how much of the video it has. Start the upload again.', null);
    return offset;
  };
  let offset = await offsetNow().catch((error: unknown) => Promise.reject(streamError(error)));
  onSent(offset);
  let failures = 0;
  while (offset < file.size) {
    const end = Math.min(offset + chunkSize, file.size);
    try {
      const res = await xhrSend({
        method: 'PATCH',
        url,
        body: file.slice(offset, end),
        headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
        signal,
        onProgress: (loaded) => onSent(offset + loaded),
      });
      const next = Number(res.header('Upload-Offset'));
      offset = Number.isSafeInteger(next) && next > offset ? next : end;
      failures = 0;
      onSent(offset);
    } catch (error) {
      if (isAbort(error)) throw error;
      failures++;
      const transient = error instanceof ApiError && (error.status === 0 || error.status === 409 || error.status === 423 || error.status >= 500);
      if (!transient || failures > CHUNK_RETRIES) throw streamError(error);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 1000 * 2 ** (failures - 1));
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(abortError())), { once: true });
      });
      offset = await offsetNow().catch((e: unknown) => Promise.reject(streamError(e)));
      onSent(offset);
    }
  }
}
