import { ApiError } from '../../../lib/api';
import { object } from '../../../lib/json';
import { abortUpload, completeUpload, declareUpload, deleteFile, fetchFile, parseLibraryFile, type LibraryFile, type NewUpload, type UploadPlan } from './media-api';
import { abortError, isAbort, jsonOf, xhrSend } from './xhr-send';

/**
 * The upload engine: a file is declared, then its bytes go up in one PUT (up to 8 MiB) or as
 * parts of 8 MiB, two at a time, each retried up to three times with a growing pause. The
 * Worker records every part it has, so an upload that stopped (a dropped connection, a closed
 * tab) resumes by sending only the missing parts. Progress is reported in bytes throughout.
 */

export type UploadPhase = 'preparing' | 'sending' | 'finishing';
export type UploadProgress = { phase: UploadPhase; sent: number; total: number };

type Common = {
  file: Blob;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
};

/**
 * The abort reason for "the page went away" (in-app navigation), as opposed to Cancel: the
 * bytes stop, but what arrived is kept so the media library can resume it.
 */
export const LEFT_PAGE = 'left-page';

/** At most this many parts in flight: enough to fill a link, few enough not to starve the page. */
const PARALLEL_PARTS = 2;
/** Retries after a part's first failure; the pauses between attempts double from RETRY_PAUSE_MS. */
const PART_RETRIES = 3;
const RETRY_PAUSE_MS = 1000;

/**
 * The bytes stopped arriving, but the Worker still holds what came before: the media library
 * lists the file as uploading, and Resume sends the rest.
 */
export class UploadStopped extends Error {
  override readonly name = 'UploadStopped';
  constructor(
    readonly fileId: string,
    override readonly cause: ApiError,
  ) {
    super(cause.message);
  }
}

/** Declares a file in the course's library and sends all of it. Cancelling (signal) discards the upload. */
export async function uploadFile(options: Common & Omit<NewUpload, 'sizeBytes'>): Promise<LibraryFile> {
  const { file, signal, onProgress, ...declared } = options;
  onProgress?.({ phase: 'preparing', sent: 0, total: file.size });
  const record = await declareUpload({ ...declared, sizeBytes: file.size }, signal);
  return sendDeclared(record, options);
}

/**
 * Carries on with an upload that stopped, given the same file again: only the parts the
 * Worker does not have are sent. The file must have the name and size that were declared.
 */
export async function resumeUpload(options: Common & { fileId: string; filename: string }): Promise<LibraryFile> {
  const { file, signal, onProgress } = options;
  onProgress?.({ phase: 'preparing', sent: 0, total: file.size });
  const record = await fetchFile(options.fileId, signal);
  if (record.status === 'ready') return record;
  if (record.status === 'failed') {
    throw new ApiError(409, 'CONFLICT', `The upload of “${record.filename}” was refused. Delete it and upload the file again.`, null);
  }
  if (options.filename !== record.filename || file.size !== record.sizeBytes) {
    throw new ApiError(
      400,
      'wrong_file',
      `That is not the same file: the upload is “${record.filename}” (${record.sizeBytes} bytes), you chose “${options.filename}” (${file.size} bytes). Choose the original file.`,
      null,
    );
  }
  return sendDeclared(record, options);
}

async function sendDeclared(record: LibraryFile, options: Common): Promise<LibraryFile> {
  const { file, signal, onProgress } = options;
  const plan = record.upload;
  if (!plan) return record;
  try {
    const done = await sendBytes(plan, file, signal, (sent) => onProgress?.({ phase: 'sending', sent, total: file.size }));
    onProgress?.({ phase: 'finishing', sent: file.size, total: file.size });
    return done ?? (await completeUpload(record.id, signal));
  } catch (error) {
    if (isAbort(error)) {
      // Cancel means "I do not want this file": the parts already sent go too.
      if (signal?.reason !== LEFT_PAGE) await abortUpload(record.id).catch(() => undefined);
      throw error;
    }
    if (error instanceof ApiError && (error.status === 413 || error.status === 415)) {
      // The bytes were refused (wrong type, too large): the Worker kept nothing worth
      // resuming, so the refused record is removed rather than left in the library.
      await deleteFile(record.id, false).catch(() => undefined);
      throw error;
    }
    if (error instanceof ApiError && isTransient(error)) throw new UploadStopped(record.id, error);
    throw error;
  }
}

/** Sends the bytes the plan asks for. A single PUT answers with the finished file; parts need completing (null). */
async function sendBytes(plan: UploadPlan, file: Blob, signal: AbortSignal | undefined, onSent: (sent: number) => void): Promise<LibraryFile | null> {
  if (plan.method === 'single') {
    const response = await xhrSend({
      method: 'PUT',
      url: plan.contentUrl,
      body: file,
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
      signal,
      onProgress: onSent,
    });
    // Small bodies may go out without a single progress event: the answer means all of it arrived.
    onSent(file.size);
    return parseLibraryFile(object(jsonOf(response), 'upload response').file);
  }
  await sendParts(plan, file, signal, onSent);
  return null;
}

async function sendParts(plan: Extract<UploadPlan, { method: 'multipart' }>, file: Blob, outer: AbortSignal | undefined, onSent: (sent: number) => void) {
  const sizeOf = (n: number) => Math.min(plan.partSize, file.size - (n - 1) * plan.partSize);
  let settled = plan.receivedParts.reduce((sum, n) => sum + sizeOf(n), 0);
  const inFlight = new Map<number, number>();
  const report = () => onSent(settled + [...inFlight.values()].reduce((a, b) => a + b, 0));
  report();

  // One failed part (after its retries) stops the others, so the error is reported at once.
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const queue = [...plan.missingParts];
  let failure: unknown = null;

  const sendPart = async (n: number) => {
    const start = (n - 1) * plan.partSize;
    const body = file.slice(start, start + sizeOf(n));
    for (let attempt = 0; ; attempt++) {
      inFlight.set(n, 0);
      try {
        await xhrSend({
          method: 'PUT',
          url: plan.partUrl.replace('{partNumber}', String(n)),
          body,
          headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
          signal: stop.signal,
          onProgress: (loaded) => {
            inFlight.set(n, loaded);
            report();
          },
        });
        inFlight.delete(n);
        settled += body.size;
        report();
        return;
      } catch (error) {
        inFlight.delete(n);
        report();
        if (isAbort(error) || !(error instanceof ApiError) || !isTransient(error) || attempt >= PART_RETRIES) throw error;
        await pause(RETRY_PAUSE_MS * 2 ** attempt, stop.signal);
      }
    }
  };

  const worker = async () => {
    for (let n = queue.shift(); n !== undefined && !failure; n = queue.shift()) {
      try {
        await sendPart(n);
      } catch (error) {
        failure ??= error;
        stop.abort();
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (outer?.aborted) throw abortError();
  if (failure) throw failure;
}

/**
 * Worth sending again: the connection dropped (0), the body arrived cut short (the Worker's
 * 400 "did not arrive completely"), or the server was briefly unable (408, 429, 5xx). A
 * refusal of the file itself (413, 415) or a conflict never is.
 */
function isTransient(error: ApiError): boolean {
  return error.status === 0 || error.status === 400 || error.status === 408 || error.status === 429 || error.status >= 500;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
