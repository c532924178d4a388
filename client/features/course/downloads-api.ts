import { api } from '../../lib/api';
import { boolean, instant, list, nullableString, object, oneOf, string } from '../../lib/json';
import { nullableNum } from './learning-json';

// Downloads (src/modules/media/downloads/*, docs/decisions/0004-download-tokens.md): the
// Worker mints a signed link that works once, for five minutes, for the signed-in member,
// and /files/<token> streams the file.

export type DownloadFile = { downloadId: string; title: string; filename: string; contentType: string | null; sizeBytes: number | null };

export type CourseDownloads = {
  downloads: DownloadFile[];
  downloadMode: 'allow' | 'entitled' | 'none';
  /** Whether the viewer may take them now; `reason` says why not, in the Worker's words. */
  canDownload: boolean;
  reason: string | null;
};

export function parseDownloadFile(entry: unknown): DownloadFile {
  const d = object(entry, 'download');
  return {
    downloadId: string(d, 'downloadId'),
    title: string(d, 'title'),
    filename: string(d, 'filename'),
    contentType: nullableString(d, 'contentType'),
    sizeBytes: nullableNum(d, 'sizeBytes'),
  };
}

/** GET /api/courses/:slug/downloads: the course-level files (lesson attachments come with their lesson). */
export function fetchCourseDownloads(slug: string): Promise<CourseDownloads> {
  return api(`/api/courses/${encodeURIComponent(slug)}/downloads`, {
    parse: (data) => {
      const body = object(data, 'course downloads');
      return {
        downloads: list(body, 'downloads').map(parseDownloadFile),
        downloadMode: oneOf(body, 'downloadMode', ['allow', 'entitled', 'none'] as const),
        canDownload: boolean(body, 'canDownload'),
        reason: nullableString(body, 'reason'),
      };
    },
  });
}

/** POST /api/downloads/:downloadId/link: a fresh single-use link (`/files/<token>`). */
export function mintDownloadLink(downloadId: string): Promise<{ url: string; expiresAt: Date }> {
  return api(`/api/downloads/${encodeURIComponent(downloadId)}/link`, {
    method: 'POST',
    parse: (data) => {
      const body = object(data, 'download link');
      const url = string(body, 'url');
      // Only ever navigate to our own file route: the answer decides where the browser goes.
      if (!url.startsWith('/files/')) throw new TypeError('Unexpected data from the server: the download link is not a file address');
      return { url, expiresAt: instant(body, 'expiresAt') };
    },
  });
}

/**
 * Hands the link to the browser as a plain navigation, not fetch(): the file arrives as a
 * download (Content-Disposition: attachment) and the page stays where it is. Should the
 * Worker refuse the link after all, the browser shows its explanation page rather than
 * saving that page as the file, which an <a download> would do.
 */
export function startDownload(url: string): void {
  window.location.assign(url);
}
