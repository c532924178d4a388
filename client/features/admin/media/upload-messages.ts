import { ApiError } from '../../../lib/api';
import { UploadStopped } from './upload-file';
import { isAbort } from './xhr-send';

/** A result shown beside an upload form. */
export type UploadResult = { tone: 'success' | 'error' | 'info'; title?: string; text: string };

/**
 * Why an upload did not finish, in words. The Worker's own refusals (a 413 for size, a 415
 * when the bytes are not what the name says) are shown exactly as it wrote them.
 */
export function uploadFailure(error: unknown, name: string): UploadResult {
  if (isAbort(error)) return { tone: 'info', text: `The upload of “${name}” was cancelled. Nothing was kept.` };
  if (error instanceof UploadStopped) {
    return {
      tone: 'error',
      title: `The upload of “${name}” stopped`,
      text: `${error.message} What arrived is kept: open the media library and choose Resume, then pick the same file again to send the rest.`,
    };
  }
  if (error instanceof ApiError) return { tone: 'error', title: `“${name}” was not uploaded`, text: error.message };
  console.error(error);
  return { tone: 'error', title: `“${name}” was not uploaded`, text: 'Something went wrong. Please try again.' };
}
