import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { apiInPage, expectAccessible, newPage, signInByMagicLink } from './journey-helpers.ts';
import { solidPng as png } from './fixtures/png.ts';

/**
 * Staff media against a real `wrangler dev` (R2 and the Stream simulator): an instructor
 * uploads a lesson video and watches it go from the progress bar to Ready, attaches a
 * worksheet, sees a file with the wrong bytes refused by the Worker, and sends a file over
 * 8 MiB in parts that survives a failed part and, after giving up, resumes from the media
 * library. An admin sets the school's content protection and a course's override. axe runs
 * on every page visited.
 */
let runtime: LocalRuntime;
let browser: Browser;

const fixtures = path.join(import.meta.dirname, 'fixtures');
/** Set MEDIA_SHOTS_DIR to keep screenshots of the screens the journeys pass through. */
const shotsDir = process.env.MEDIA_SHOTS_DIR;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8796 });
  browser = await launchChromium();
  if (shotsDir) mkdirSync(shotsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const breslov = () => runtime.origin('breslov.localhost');
/** expect.poll with room for a busy machine: its default gives up after one second. */
const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout });
const unique = () => Math.random().toString(36).slice(2, 7);

async function shot(page: Page, name: string): Promise<void> {
  if (shotsDir) await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/** Signs a member in through `path`, which sends them to sign in and back. */
async function signedIn(email: string, path: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${breslov()}${path}`);
  await page.waitForURL(/\/sign-in\?returnTo=/);
  await expectAccessible(page);
  await signInByMagicLink(page, runtime, email);
  await page.waitForURL(`${breslov()}${path}`);
  return page;
}

/** A course with one chapter and one lesson, made through the API (the authoring journeys build them by hand). */
async function courseWithLesson(page: Page, title: string): Promise<{ courseId: string; lessonId: string }> {
  const { course } = await apiInPage<{ course: { id: string } }>(page, 'POST', '/api/admin/courses', { title, accessLevel: 'free' });
  const { chapter } = await apiInPage<{ chapter: { id: string } }>(page, 'POST', `/api/admin/courses/${course.id}/chapters`, { title: 'Week one' });
  const { lesson } = await apiInPage<{ lesson: { id: string } }>(page, 'POST', `/api/admin/chapters/${chapter.id}/lessons`, { title: 'Opening talk' });
  return { courseId: course.id, lessonId: lesson.id };
}

/**
 * Records every value each upload progress bar shows, sampled every few milliseconds in the
 * page: uploads of small files are over too fast to catch by polling from here. Keyed by
 * the bar's data-testid.
 */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number[]> = {};
    (window as unknown as { __progress: Record<string, number[]> }).__progress = seen;
    setInterval(() => {
      document.querySelectorAll<HTMLElement>('.upload-progress').forEach((box) => {
        const bar = box.querySelector('progress');
        if (!bar) return;
        const values = (seen[box.dataset.testid ?? 'upload-progress'] ??= []);
        if (values.at(-1) !== bar.value) values.push(bar.value);
      });
    }, 5);
  });
}

const progressOf = (page: Page, testId: string) =>
  page.evaluate((id) => (window as unknown as { __progress: Record<string, number[]> }).__progress[id] ?? [], testId);

/** Slows uploads down (bytes per second) so the progress bar can be seen moving; -1 lifts it. */
async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}

describe('an instructor adds media to a lesson', () => {
  it('uploads the lesson video to Ready and attaches a worksheet, each with its progress bar', { timeout: 300_000 }, async () => {
    const page = await signedIn('instructor@breslov.test', '/admin/courses');
    const title = `Media course ${unique()}`;
    const { courseId, lessonId } = await courseWithLesson(page, title);

    // The course editor leads to the media library; the cover is chosen there too.
    await page.goto(`${breslov()}/admin/courses/${courseId}`);
    await page.getByTestId('course-editor').waitFor();
    await page.getByTestId('cover-picker').getByText('No cover yet').waitFor();
    await page.getByTestId('media-library-link').waitFor();
    // Protection is for admins: an instructor is not shown a form the Worker would refuse.
    expect(await page.getByTestId('course-protection').count()).toBe(0);
    await expectAccessible(page);

    // A cover, uploaded into the library and set at once; the course page's image answers.
    await page.getByTestId('cover-file').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: png(320, 180, [31, 78, 121]) });
    await page.getByTestId('upload-cover').click();
    await poll(() => page.getByTestId('cover-result').textContent()).toContain('“cover.png” is now the cover.');
    const cover = page.getByRole('img', { name: 'Cover of “' + title + '”: cover.png' });
    await poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    await page.getByTestId('remove-cover').waitFor();
    await expectAccessible(page);
    await shot(page, '01-course-editor');

    await page.goto(`${breslov()}/admin/courses/${courseId}/lessons/${lessonId}`);
    await page.getByTestId('lesson-editor').waitFor();
    await page.getByTestId('video-none').waitFor();
    await page.getByTestId('attachments-empty').waitFor();
    await expectAccessible(page);
    await recordProgress(page);

    // The video, slowed down so the bar is seen moving, then Processing…, then Ready.
    await throttleUploads(page, 32 * 1024);
    await page.getByTestId('video-file').setInputFiles(path.join(fixtures, 'lesson-video.mp4'));
    await page.getByTestId('upload-video').click();
    const videoBar = page.getByTestId('video-progress').getByRole('progressbar', { name: 'lesson-video.mp4' });
    await videoBar.waitFor();
    await poll(async () => Number(await videoBar.getAttribute('value'))).toBeGreaterThan(0);
    expect(await videoBar.getAttribute('aria-valuetext')).toMatch(/^\d+ percent, [\d.]+ (KiB|bytes) of 118\.9 KiB$/);
    await page.getByTestId('video-progress').getByRole('button', { name: 'Cancel upload of lesson-video.mp4' }).waitFor();
    await shot(page, '02-video-uploading');
    await expectAccessible(page);
    await poll(() => page.getByTestId('video-current-status').textContent(), 60_000).toBe('Ready');
    await throttleUploads(page, -1);
    const videoValues = await progressOf(page, 'video-progress');
    expect(videoValues.at(-1)).toBe(100);
    expect(videoValues.some((v) => v > 0 && v < 100), `values seen: ${videoValues.join(', ')}`).toBe(true);
    expect(videoValues).toEqual([...videoValues].sort((a, b) => a - b));
    await poll(() => page.getByTestId('video-result').textContent()).toContain('“lesson-video.mp4” is ready');
    // The Worker read the MP4's own length: 12 seconds.
    expect(await page.getByTestId('video-current').getByTestId('video-duration').textContent()).toBe('0:12');
    expect(await page.getByTestId('video-progress').count()).toBe(0);
    await page.getByTestId('upload-video').filter({ hasText: 'Replace video' }).waitFor();
    await expectAccessible(page);

    // The worksheet, as a lesson attachment with a title.
    await page.getByLabel('Title (optional)').fill('Week one worksheet');
    await page.getByTestId('attachment-file').setInputFiles(path.join(fixtures, 'worksheet.pdf'));
    await page.getByTestId('add-attachment').click();
    await poll(() => page.getByTestId('attachment-result').textContent()).toContain('“Week one worksheet” is attached');
    expect((await progressOf(page, 'attachment-progress')).at(-1)).toBe(100);
    await poll(() => page.getByTestId('attachment-title').allTextContents()).toEqual(['Week one worksheet']);
    expect(await page.getByTestId('attachment-row').textContent()).toContain('worksheet.pdf');
    await expectAccessible(page);
    await shot(page, '03-lesson-media');

    // Renamed in a dialog.
    await page.getByRole('button', { name: 'Rename “Week one worksheet”' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “Week one worksheet”' });
    await rename.waitFor();
    await expectAccessible(page);
    await rename.getByLabel('Title').fill('Worksheet: the opening talk');
    await rename.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByTestId('attachment-title').allTextContents()).toEqual(['Worksheet: the opening talk']);

    // The media library lists both, with what uses them.
    await page.goto(`${breslov()}/admin/courses/${courseId}/media`);
    await page.getByTestId('media-library').waitFor();
    const row = page.getByTestId('library-row').filter({ hasText: 'worksheet.pdf' });
    await poll(() => row.textContent()).toContain('Attachment “Worksheet: the opening talk” on the lesson “Opening talk”');
    expect(await row.getAttribute('data-status')).toBe('ready');
    await expectAccessible(page);
    await shot(page, '04-media-library');

    // Deleting the video asks first.
    await page.goto(`${breslov()}/admin/courses/${courseId}/lessons/${lessonId}`);
    await page.getByTestId('video-current').waitFor();
    await page.getByTestId('delete-video').click();
    const confirm = page.getByRole('dialog', { name: 'Delete the video of “Opening talk”?' });
    await confirm.waitFor();
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Delete video' }).click();
    await page.getByTestId('video-none').waitFor();
    await poll(() => page.getByTestId('video-result').textContent()).toContain('The video was deleted');
    await page.close();
  });

  it('shows the Worker’s refusal of a file whose bytes are not what its name says, and deletes a file in use after naming its use', { timeout: 300_000 }, async () => {
    const page = await signedIn('instructor@breslov.test', '/admin/courses');
    const { courseId } = await courseWithLesson(page, `Refusal course ${unique()}`);
    await page.goto(`${breslov()}/admin/courses/${courseId}/media`);
    await page.getByTestId('library-empty').waitFor();
    await expectAccessible(page);
    await shot(page, '05-library-empty');

    // Checked in the browser first: a program is no attachment.
    await page.getByLabel('Lesson attachment').check();
    await page.getByLabel('Lesson', { exact: true }).selectOption({ label: 'Opening talk' });
    await page.getByTestId('library-file').setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00') });
    await poll(() => page.locator('#library-file-error').textContent()).toContain('“setup.exe” cannot be used as a lesson attachment');
    await expectAccessible(page);

    // A text file named .pdf passes the browser's check; the Worker reads its bytes and refuses it.
    await page.getByTestId('library-file').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('These are my notes, not a PDF at all.\n') });
    await page.getByTestId('library-upload').click();
    const result = page.getByTestId('library-upload-result');
    await poll(() => result.textContent()).toContain('“notes.pdf” is not a PDF document: its contents look like plain text. Nothing was stored.');
    expect(await result.getAttribute('role')).toBe('alert');
    await expectAccessible(page);
    await shot(page, '06-refused');
    // Nothing refused is left behind in the library.
    await page.getByTestId('library-empty').waitFor();

    // A course download, replaced by a newer file: the download moves to it, the old file goes.
    await page.getByLabel('Course download').check();
    await page.getByLabel('Title (optional)').fill('Reading list');
    await page.getByTestId('library-file').setInputFiles(path.join(fixtures, 'worksheet.pdf'));
    await page.getByTestId('library-upload').click();
    await poll(() => result.textContent()).toContain('offered as the course download “Reading list”');
    const old = page.getByTestId('library-row').filter({ hasText: 'worksheet.pdf' });
    await poll(() => old.textContent()).toContain('Course download “Reading list”');
    await old.getByTestId('replace-file').click();
    await page.getByTestId('replace-panel').waitFor();
    await page.getByTestId('replace-file-input').setInputFiles({ name: 'reading-list-2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% the second edition\n') });
    await expectAccessible(page);
    await page.getByTestId('replace-start').click();
    await poll(() => page.getByTestId('library-status').textContent()).toContain('“reading-list-2.pdf” replaced “worksheet.pdf”, which was deleted. Moved over: Course download “Reading list”.');
    await poll(() => page.getByTestId('library-filename').allTextContents()).toEqual(['reading-list-2.pdf']);

    // Deleting a file in use: the confirmation names its use.
    const row = page.getByTestId('library-row').filter({ hasText: 'reading-list-2.pdf' });
    await poll(() => row.textContent()).toContain('Course download “Reading list”');
    await row.getByTestId('delete-file').click();
    const dialog = page.getByRole('dialog', { name: 'Delete “reading-list-2.pdf”?' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('delete-file-uses').textContent()).toContain('Course download “Reading list”');
    await expectAccessible(page);
    await shot(page, '07-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete file and its uses' }).click();
    await poll(() => page.getByTestId('library-status').textContent()).toContain('“reading-list-2.pdf” was deleted, with what used it.');
    await page.getByTestId('library-empty').waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('sends a file over 8 MiB in parts: a failed part is retried, and an upload that gave up resumes from the library', { timeout: 300_000 }, async () => {
    const page = await signedIn('instructor@breslov.test', '/admin/courses');
    const { courseId, lessonId } = await courseWithLesson(page, `Large file course ${unique()}`);
    // A valid-looking PDF of 9 MiB: the header the Worker checks, then padding. Two parts.
    const big = (name: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(9 * 1024 * 1024 - 9, 0x20)]) });

    await page.goto(`${breslov()}/admin/courses/${courseId}/lessons/${lessonId}`);
    await page.getByTestId('attachments-empty').waitFor();
    await recordProgress(page);

    // The first attempt at part 2 fails on the way; the engine sends it again and finishes.
    const attempts: string[] = [];
    await page.route('**/api/admin/files/*/parts/2', (route) => {
      attempts.push(route.request().method());
      return attempts.length === 1 ? route.abort('connectionreset') : route.continue();
    });
    await page.getByLabel('Title (optional)').fill('The big reader');
    await page.getByTestId('attachment-file').setInputFiles(big('big-reader.pdf'));
    await page.getByTestId('add-attachment').click();
    await poll(() => page.getByTestId('attachment-result').textContent(), 90_000).toContain('“The big reader” is attached');
    expect(attempts).toEqual(['PUT', 'PUT']);
    expect((await progressOf(page, 'attachment-progress')).at(-1)).toBe(100);
    await poll(() => page.getByTestId('attachment-row').textContent()).toContain('9 MiB');
    await page.unroute('**/api/admin/files/*/parts/2');
    await expectAccessible(page);

    // Part 2 now fails every time: after its retries the upload stops, and says how to go on.
    await page.route('**/api/admin/files/*/parts/2', (route) => route.abort('connectionreset'));
    await page.getByTestId('attachment-file').setInputFiles(big('second-reader.pdf'));
    await page.getByTestId('add-attachment').click();
    await poll(() => page.getByTestId('attachment-result').textContent(), 90_000).toContain('What arrived is kept');
    await page.unroute('**/api/admin/files/*/parts/2');
    await page.reload();
    await page.getByTestId('attachments').getByText('1 upload for this lesson did not finish').waitFor();
    await expectAccessible(page);
    await shot(page, '08-attachment-unfinished');

    // The library shows it uploading, with what arrived; Resume wants the same file back.
    await page.getByRole('link', { name: 'Resume or cancel in the media library' }).click();
    await page.waitForURL(`${breslov()}/admin/courses/${courseId}/media`);
    const row = page.getByTestId('library-row').filter({ hasText: 'second-reader.pdf' });
    await poll(() => row.getAttribute('data-status')).toBe('uploading');
    expect(await row.textContent()).toContain('1 of 2 parts arrived.');
    await expectAccessible(page);
    await row.getByTestId('resume-upload').click();
    const panel = page.getByTestId('resume-panel');
    await panel.waitFor();
    await page.getByTestId('resume-file').setInputFiles(path.join(fixtures, 'worksheet.pdf'));
    await poll(() => panel.textContent()).toContain('You chose “worksheet.pdf”, but this upload is “second-reader.pdf”.');
    await expectAccessible(page);
    await shot(page, '09-resume-wrong-file');
    await recordProgress(page);
    const parts: number[] = [];
    page.on('request', (request) => {
      const match = /\/parts\/(\d+)$/.exec(request.url());
      if (match && request.method() === 'PUT') parts.push(Number(match[1]));
    });
    await page.getByTestId('resume-file').setInputFiles(big('second-reader.pdf'));
    await page.getByTestId('resume-start').click();
    await poll(() => page.getByTestId('library-status').textContent(), 90_000).toContain('“second-reader.pdf” has arrived in full and is offered as “second-reader.pdf” on its lesson.');
    // Only the missing part went up again.
    expect(parts).toEqual([2]);
    expect((await progressOf(page, 'upload-progress')).at(-1)).toBe(100);
    await poll(() => row.getAttribute('data-status')).toBe('ready');
    await poll(() => row.textContent()).toContain('Attachment “second-reader.pdf” on the lesson “Opening talk”');
    await expectAccessible(page);
    await shot(page, '10-library-resumed');
    await page.close();
  });
});

describe('production video transfers (Cloudflare Stream stood in for by the page)', () => {
  /**
   * Locally the Worker always answers `put`. Here its answer is rewritten to what production
   * gives (a creator upload URL for a form POST, or a tus upload), and a stand-in for Stream
   * answers in the page, so the browser's side of both protocols runs for real (at Stream's
   * own upload host, which the page's CSP allows).
   */
  it('posts the file as form field `file` without cookies, and sends tus chunks that survive a failed one', { timeout: 300_000 }, async () => {
    const page = await signedIn('instructor@breslov.test', '/admin/courses');
    const { courseId, lessonId } = await courseWithLesson(page, `Stream course ${unique()}`);
    const origin = breslov();
    const cors = { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Upload-Offset, Tus-Resumable' };
    let transfer: Record<string, unknown> = {};
    // The Worker's start answer, as production gives it (the upload row is not needed here).
    await page.route(`**/api/admin/lessons/${lessonId}/video`, (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const upload = { id: crypto.randomUUID(), lessonId, filename: 'lesson-video.mp4', sizeBytes: 121_764, status: 'uploading', errorMessage: null, durationSeconds: null, createdAt: new Date().toISOString(), updatedAt: null };
      return route.fulfill({ status: 201, json: { upload, transfer } });
    });

    // post-form: one multipart POST straight to Stream.
    const posts: { cookie: string | undefined; contentType: string; body: string }[] = [];
    await page.route('https://upload.videodelivery.net/creator/**', (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      posts.push({ cookie: request.headers().cookie, contentType: request.headers()['content-type'] ?? '', body: request.postDataBuffer()?.toString('latin1') ?? '' });
      return route.fulfill({ status: 200, headers: cors, body: '' });
    });
    transfer = { protocol: 'post-form', method: 'POST', url: 'https://upload.videodelivery.net/creator/abc', formField: 'file' };
    await page.goto(`${origin}/admin/courses/${courseId}/lessons/${lessonId}`);
    await page.getByTestId('video-none').waitFor();
    await page.getByTestId('video-file').setInputFiles(path.join(fixtures, 'lesson-video.mp4'));
    await page.getByTestId('upload-video').click();
    // The bytes are with "Stream": the bar stays full while the page waits for processing.
    await poll(() => page.getByTestId('video-progress').getAttribute('data-phase')).toBe('processing');
    expect(await page.getByTestId('upload-percent').textContent()).toBe('100%');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.cookie).toBeUndefined();
    expect(posts[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(posts[0]!.body).toContain('Content-Disposition: form-data; name="file"; filename="lesson-video.mp4"');
    await expectAccessible(page);
    await shot(page, '13-video-processing');

    // tus: HEAD for the offset, then PATCH chunks; the second chunk fails once and is sent again from the offset Stream reports.
    const size = 121_764;
    let offset = 0;
    let patches = 0;
    const log: string[] = [];
    await page.route('https://upload.videodelivery.net/tus/**', (route) => {
      const request = route.request();
      const method = request.method();
      if (method === 'OPTIONS') {
        return route.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-methods': 'HEAD, PATCH', 'access-control-allow-headers': 'Tus-Resumable, Upload-Offset, Content-Type' } });
      }
      expect(request.headers()['tus-resumable']).toBe('1.0.0');
      expect(request.headers().cookie).toBeUndefined();
      if (method === 'HEAD') {
        log.push(`HEAD ${offset}`);
        return route.fulfill({ status: 200, headers: { ...cors, 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Upload-Length': String(size) } });
      }
      patches++;
      const at = Number(request.headers()['upload-offset']);
      const length = request.postDataBuffer()?.length ?? 0;
      log.push(`PATCH ${at}+${length}`);
      expect(request.headers()['content-type']).toBe('application/offset+octet-stream');
      if (patches === 2) return route.fulfill({ status: 503, headers: cors, body: 'busy' });
      expect(at).toBe(offset);
      offset += length;
      return route.fulfill({ status: 204, headers: { ...cors, 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset) } });
    });
    transfer = { protocol: 'tus', url: 'https://upload.videodelivery.net/tus/xyz', chunkSizeBytes: 64 * 1024 };
    await page.goto(`${origin}/admin/courses/${courseId}/lessons/${lessonId}`);
    await page.getByTestId('lesson-video').waitFor();
    await page.getByTestId('video-file').setInputFiles(path.join(fixtures, 'lesson-video.mp4'));
    await page.getByTestId('upload-video').click();
    await poll(() => page.getByTestId('video-progress').getAttribute('data-phase')).toBe('processing');
    expect(offset).toBe(size);
    expect(log).toEqual(['HEAD 0', 'PATCH 0+65536', 'PATCH 65536+56228', 'HEAD 65536', 'PATCH 65536+56228']);
    await page.close();
  });
});

describe('an admin sets content protection', () => {
  it('saves the school defaults and a course override, with clear validation', { timeout: 300_000 }, async () => {
    const page = await signedIn('owner@breslov.test', '/admin/protection');
    await page.getByTestId('school-protection-form').waitFor();
    const before = await apiInPage<{ policy: { previewVideoSeconds: number | null } }>(page, 'GET', '/api/admin/protection');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Content protection' }).waitFor();
    await expectAccessible(page);
    await shot(page, '11-protection-school');

    // An impossible preview length is caught beside its field.
    const form = page.getByTestId('school-protection-form');
    await form.getByLabel('Only the beginning').check();
    await form.getByLabel('Preview length in seconds').fill('0');
    await page.getByTestId('school-protection-save').click();
    await poll(() => page.locator('#school-protection-errors').textContent()).toContain('Enter the preview length as whole seconds from 1 to 86,400');
    await expectAccessible(page);
    await form.getByLabel('Preview length in seconds').fill('90');
    await page.getByTestId('school-protection-save').click();
    await poll(() => page.getByTestId('school-protection-saved').textContent()).toContain('preview videos stop after 90 seconds');
    const saved = await apiInPage<{ policy: { previewVideoSeconds: number | null } }>(page, 'GET', '/api/admin/protection');
    expect(saved.policy.previewVideoSeconds).toBe(90);

    // A course follows the school unless it says otherwise.
    const { courseId } = await courseWithLesson(page, `Protected course ${unique()}`);
    await page.goto(`${breslov()}/admin/courses/${courseId}`);
    const course = page.getByTestId('course-protection-form');
    await course.waitFor();
    expect(await course.getByLabel('Same as the school (now: the first 90 seconds)').isChecked()).toBe(true);
    await course.getByLabel('Nobody').check();
    await page.getByTestId('course-protection-save').click();
    await poll(() => page.getByTestId('course-protection-saved').textContent()).toContain('no downloads');
    await expectAccessible(page);
    await shot(page, '12-protection-course');
    const override = await apiInPage<{ policy: { downloadMode: string | null; previewVideoSeconds: number | null } }>(page, 'GET', `/api/admin/courses/${courseId}/protection`);
    expect(override.policy).toMatchObject({ downloadMode: 'none', previewVideoSeconds: null });

    // The school goes back to what it was, so later journeys on this runtime start the same.
    await apiInPage(page, 'PUT', '/api/admin/protection', { previewVideoSeconds: before.policy.previewVideoSeconds });
    await page.close();
  });
});
