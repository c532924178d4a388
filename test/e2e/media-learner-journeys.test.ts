import { mkdir, readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { apiInPage, expectAccessible, newPage, sendBytesInPage, signInByMagicLink } from './journey-helpers.ts';

/**
 * The learner's side of media against a real `wrangler dev`: a lesson's video played
 * through a short-lived playback address, its position saved on leaving and resumed on
 * return, completion when it ends, an attachment downloaded through a single-use link
 * (and the used link refused), the course's downloads, copy protection, a preview that
 * stops at its allowance, and the Worker refusing playback to a visitor without access.
 * axe runs on every page a journey visits. Screenshots go to $SHOTS_DIR when it is set.
 */
let runtime: LocalRuntime;
let browser: Browser;

const breslov = () => runtime.origin('breslov.localhost');
/** expect.poll with room for a busy machine: its default gives up after one second. */
const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 250 });
const unique = () => Math.random().toString(36).slice(2, 7);
const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

const SHOTS = process.env.SHOTS_DIR;
async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const TRANSCRIPT =
  'WEBVTT\n\n00:00.000 --> 00:04.000\nSit down and settle for a moment.\n\n00:04.000 --> 00:08.000\nNow listen to the room around you.\n\n00:08.000 --> 00:12.000\nWrite down one thing you heard.\n';
/** The preview allowance the school sets for this course (seconds of a preview lesson's video). */
const PREVIEW_SECONDS = 4;

type Course = { id: string; slug: string; title: string; videoLessonId: string; previewLessonId: string };
type Created<K extends string> = Record<K, { id: string; slug?: string }>;

async function signedIn(email: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${breslov()}/sign-in`);
  await signInByMagicLink(page, runtime, email);
  return page;
}

/** A lesson video through the staff API (the Worker relays it into the Stream simulator), then waits until it is ready. */
async function uploadVideo(staff: Page, lessonId: string): Promise<void> {
  const bytes = await fixture('lesson-video.mp4');
  const { transfer } = await apiInPage<{ transfer: { protocol: string; url: string; headers: Record<string, string> } }>(staff, 'POST', `/api/admin/lessons/${lessonId}/video`, {
    filename: 'lesson-video.mp4',
    sizeBytes: bytes.length,
    contentType: 'video/mp4',
  });
  expect(transfer.protocol).toBe('put');
  await sendBytesInPage(staff, 'PUT', transfer.url, bytes, transfer.headers['content-type'] ?? 'video/mp4');
  await poll(async () => (await apiInPage<{ video: { status: string } | null }>(staff, 'GET', `/api/admin/lessons/${lessonId}/video`)).video?.status, 60_000).toBe('ready');
}

/** A PDF into the course's media library (declare, send the bytes), offered as a download on a lesson or the course. */
async function offerPdf(staff: Page, courseId: string, title: string, lessonId: string | null): Promise<void> {
  const bytes = await fixture('worksheet.pdf');
  const { file } = await apiInPage<{ file: { id: string; status: string } }>(staff, 'POST', `/api/admin/courses/${courseId}/files`, {
    purpose: lessonId ? 'lesson_attachment' : 'download',
    ...(lessonId ? { lessonId } : {}),
    filename: 'worksheet.pdf',
    contentType: 'application/pdf',
    sizeBytes: bytes.length,
  });
  const { file: stored } = await sendBytesInPage<{ file: { status: string } }>(staff, 'PUT', `/api/admin/files/${file.id}/content`, bytes, 'application/pdf');
  expect(stored.status).toBe('ready');
  await apiInPage(staff, 'POST', `/api/admin/courses/${courseId}/downloads`, { fileId: file.id, lessonId, title });
}

/**
 * The instructor builds a free course: a required lesson with a video, a transcript (which
 * becomes its captions) and a worksheet; a preview lesson with the same video; a course-level
 * download. The owner then asks for copying to be discouraged and previews to stop at 4 s.
 */
async function seedCourse(): Promise<Course> {
  const staff = await signedIn('instructor@breslov.test');
  const title = `Listening Closely ${unique()}`;
  const { course } = await apiInPage<Created<'course'>>(staff, 'POST', '/api/admin/courses', {
    title,
    accessLevel: 'free',
    summary: 'Short sittings on paying attention to what you hear.',
  });
  const { chapter } = await apiInPage<Created<'chapter'>>(staff, 'POST', `/api/admin/courses/${course.id}/chapters`, { title: 'First sittings' });
  await apiInPage(staff, 'PATCH', `/api/admin/chapters/${chapter.id}`, { status: 'published' });
  const lessons = [
    { title: 'Hearing the room', body: 'Watch the video, then fill in the **worksheet**.\n\nListen for three sounds you usually miss.', estimatedMinutes: 3 },
    { title: 'A first look', body: 'A taste of the course: the start of a sitting.', estimatedMinutes: 1, isPreview: true, isRequired: false },
  ];
  const ids: string[] = [];
  for (const lesson of lessons) {
    const { lesson: made } = await apiInPage<Created<'lesson'>>(staff, 'POST', `/api/admin/chapters/${chapter.id}/lessons`, lesson);
    await apiInPage(staff, 'PATCH', `/api/admin/lessons/${made.id}`, { status: 'published' });
    ids.push(made.id);
  }
  const [videoLessonId, previewLessonId] = ids as [string, string];
  await apiInPage(staff, 'PUT', `/api/admin/lessons/${videoLessonId}/transcripts/en`, TRANSCRIPT, 'text/vtt');
  await uploadVideo(staff, videoLessonId);
  await uploadVideo(staff, previewLessonId);
  await offerPdf(staff, course.id, 'Listening worksheet', videoLessonId);
  await offerPdf(staff, course.id, 'Course handbook', null);
  await apiInPage(staff, 'POST', `/api/admin/courses/${course.id}/publish`);
  await staff.context().close();

  const owner = await signedIn('owner@breslov.test');
  await apiInPage(owner, 'PUT', `/api/admin/courses/${course.id}/protection`, { copyMode: 'discourage', previewVideoSeconds: PREVIEW_SECONDS });
  await owner.context().close();
  return { id: course.id, slug: course.slug!, title, videoLessonId, previewLessonId };
}

const videoTime = (page: Page) => page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => v.currentTime);

/** Headless Chromium's autoplay policy wants a muted video for play() from a script. */
async function play(page: Page): Promise<void> {
  await page.getByTestId('lesson-video').evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
}

let course: Course;
let seeding: Promise<Course> | undefined;
/** Seeded once, by whichever journey runs first (expect.poll, used while seeding, only works inside a test). */
async function seeded(): Promise<void> {
  course = await (seeding ??= seedCourse());
}

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8797 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('a student watches a lesson video and takes its worksheet', () => {
  it('plays, leaves and resumes where they were, downloads once, and completes the lesson by watching to the end', { timeout: 400_000 }, async () => {
    await seeded();
    const page = await newPage(browser);
    await page.goto(`${breslov()}/sign-in?returnTo=${encodeURIComponent(`/courses/${course.slug}`)}`);
    await signInByMagicLink(page, runtime, 'student@breslov.test');
    await page.waitForURL(`${breslov()}/courses/${course.slug}`);

    // Course page: enroll; the course's own downloads arrive after the page, and open up.
    await poll(() => page.getByTestId('course-primary-action').textContent()).toBe('Enroll for free');
    await page.getByTestId('course-primary-action').click();
    await page.getByTestId('enrolled-notice').waitFor();
    await page.getByTestId('course-downloads').getByRole('button', { name: 'Download Course handbook' }).waitFor();
    await expectAccessible(page);
    await shot(page, 'course-page-downloads');

    // The lesson: one call for the page; the video's address is the player's own.
    const lessonCalls: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/courses/')) lessonCalls.push(`${request.method()} ${path}`);
    });
    await page.getByRole('link', { name: 'Hearing the room' }).click();
    await page.waitForURL(`${breslov()}/courses/${course.slug}/lessons/${course.videoLessonId}`);
    await page.getByTestId('lesson-video').waitFor();
    expect(lessonCalls).toEqual([`GET /api/courses/${course.slug}/lessons/${course.videoLessonId}`]);
    await poll(() => page.getByTestId('lesson-breadcrumb').textContent()).toContain('First sittings');
    expect(await page.locator('[data-testid="lesson-video"] track[kind="captions"]').getAttribute('srclang')).toBe('en');
    await poll(() => page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    await expectAccessible(page);

    // The school discourages copying: the text cannot be selected, and copying says why.
    expect(await page.getByTestId('lesson-text').getAttribute('class')).toContain('no-copy');
    const prevented = await page.getByTestId('lesson-text').evaluate((el) => !el.dispatchEvent(new Event('copy', { bubbles: true, cancelable: true })));
    expect(prevented).toBe(true);
    await poll(() => page.getByTestId('copy-notice').textContent()).toContain('asks that lesson text is not copied');

    // Play; the transcript follows the line being spoken.
    await play(page);
    await poll(() => videoTime(page)).toBeGreaterThan(1);
    await poll(() => page.locator('[data-testid="transcript-cue"][aria-current="true"]').textContent()).toContain('Sit down and settle');
    await shot(page, 'lesson-player-playing');
    // Pausing saves the place; then a seek to 6 s while paused, which only leaving saves.
    await page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => v.pause());
    await page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => (v.currentTime = 6));
    await poll(() => page.locator('[data-testid="transcript-cue"][aria-current="true"]').textContent()).toContain('Now listen to the room');
    const left = await videoTime(page);
    expect(left).toBeGreaterThan(5.5);

    // Leave inside the app; the position goes out with keepalive as the player unmounts.
    await page.getByRole('link', { name: 'Course outline' }).click();
    await page.waitForURL(`${breslov()}/courses/${course.slug}`);
    await page.getByTestId('course-outline').waitFor();
    await poll(async () => {
      const lesson = await apiInPage<{ progress: { positionSeconds: number } | null }>(page, 'GET', `/api/courses/${course.slug}/lessons/${course.videoLessonId}`);
      return Math.abs((lesson.progress?.positionSeconds ?? 0) - left) <= 1.5;
    }).toBe(true);

    // Back to the lesson: the video picks up where it was left.
    await page.goBack();
    await page.waitForURL(`${breslov()}/courses/${course.slug}/lessons/${course.videoLessonId}`);
    await page.getByTestId('video-resumed').waitFor();
    await poll(async () => Math.abs((await videoTime(page)) - left) <= 1.5).toBe(true);
    expect(await page.getByTestId('video-resumed').textContent()).toMatch(/^Continuing from 0:0[5-7], where you left off\./);
    await expectAccessible(page);
    await shot(page, 'lesson-page-resumed');

    // A note at this moment of the video; later its timestamp brings the video back here.
    await page.getByLabel('New note').fill('The fridge hums in B flat.');
    await page.getByTestId('new-note-use-time').click();
    expect(await page.getByLabel('Video position (optional)').inputValue()).toMatch(/^0:0[5-7]$/);
    await page.getByRole('button', { name: 'Add note' }).click();
    await poll(() => page.getByTestId('note-body').allTextContents()).toEqual(['The fridge hums in B flat.']);
    // A transcript line's time moves the video there; the note's timestamp seeks back.
    await page.getByRole('button', { name: 'Go to 0:08 in the video' }).click();
    await poll(() => videoTime(page)).toBeGreaterThanOrEqual(8);
    await page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => v.pause());
    await page.getByTestId('note-timestamp').click();
    await poll(async () => Math.abs((await videoTime(page)) - left) <= 1).toBe(true);
    await poll(() => page.locator('[data-testid="transcript-cue"][aria-current="true"]').textContent()).toContain('Now listen to the room');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('lesson-video');
    await expectAccessible(page);

    // The worksheet: a fresh single-use link, navigated to, arrives as a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('lesson-attachments').getByRole('button', { name: 'Download Listening worksheet' }).click(),
    ]);
    const path = await download.path();
    expect((await readFile(path)).subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(download.suggestedFilename()).toBe('worksheet.pdf');
    const used = new URL(download.url());
    expect(used.pathname).toMatch(/^\/files\/[\w.-]+$/);
    await poll(() => page.getByTestId('lesson-attachments').getByRole('status').first().textContent()).toBe('Your download of worksheet.pdf has started.');

    // The same link again, as a whole file in a browser tab: refused, with what to do.
    const again = await page.context().newPage();
    const refused = await again.goto(used.href);
    expect(refused?.status()).toBe(403);
    expect(await again.getByRole('heading', { level: 1 }).textContent()).toBe('This download link has been used');
    expect(await again.locator('main').textContent()).toContain('Each download link works once. Go back to the lesson and ask for a new link.');
    await expectAccessible(again);
    await again.close();

    // Watching to the end completes the lesson, without "Mark complete".
    await page.getByTestId('mark-complete').waitFor();
    await page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => (v.currentTime = 10));
    await play(page);
    await page.getByTestId('lesson-completed').waitFor({ timeout: 30_000 });
    await poll(() => page.getByTestId('course-progress').textContent()).toBe('100%');
    await expectAccessible(page);
    await shot(page, 'lesson-page-completed');
    await page.context().close();
  });
});

describe('a visitor without access', () => {
  it('is refused playback of a lesson they cannot open, and a preview stops at its allowance with a way in', { timeout: 300_000 }, async () => {
    await seeded();
    const page = await newPage(browser);
    await page.goto(`${breslov()}/courses/${course.slug}`);
    await page.getByTestId('course-outline').waitFor();
    await page.getByTestId('downloads-reason').waitFor();
    expect(await page.getByTestId('downloads-reason').textContent()).toBe('Sign in to download these files.');
    expect(await page.getByTestId('course-downloads').getByTestId('download-button').count()).toBe(0);
    await expectAccessible(page);
    await shot(page, 'course-page-visitor');

    // The Worker decides: no playback address for a lesson that is not open to them.
    const status = await page.evaluate(async (lessonId) => {
      const res = await fetch(`/api/lessons/${lessonId}/playback`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{}' });
      return res.status;
    }, course.videoLessonId);
    expect([401, 403]).toContain(status);

    // While a video is still being prepared the player says so, and checking again plays it.
    await page.route('**/api/lessons/*/playback', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'CONFLICT', message: 'Still preparing.', requestId: 'journey' } }) }),
    );
    await page.getByRole('link', { name: 'A first look' }).click();
    await page.waitForURL(`${breslov()}/courses/${course.slug}/lessons/${course.previewLessonId}`);
    await page.getByTestId('video-processing').waitFor();
    expect(await page.getByTestId('video-processing').textContent()).toContain('This video is still being prepared — check back in a minute.');
    await expectAccessible(page);
    await shot(page, 'lesson-player-processing');
    await page.unroute('**/api/lessons/*/playback');
    await page.getByTestId('video-check-again').click();
    await page.getByTestId('lesson-video').waitFor();
    await poll(() => page.getByTestId('preview-allowance').textContent()).toBe(`Preview: the first ${PREVIEW_SECONDS} seconds`);

    // The preview plays, then stops at its allowance and says how to watch the rest.
    await play(page);
    await page.getByTestId('preview-end').waitFor({ timeout: 30_000 });
    expect(await videoTime(page)).toBeLessThanOrEqual(PREVIEW_SECONDS + 0.5);
    expect(await page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    expect(await page.getByTestId('preview-end').textContent()).toContain(`That is the end of the preview: the first ${PREVIEW_SECONDS} seconds of this video.`);
    const signIn = page.getByTestId('preview-sign-in');
    expect(await signIn.getAttribute('href')).toBe(`/sign-in?returnTo=${encodeURIComponent(`/courses/${course.slug}/lessons/${course.previewLessonId}`)}`);
    // Playing again cannot go past it.
    await play(page).catch(() => undefined);
    await poll(() => page.getByTestId('lesson-video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    expect(await videoTime(page)).toBeLessThanOrEqual(PREVIEW_SECONDS + 0.5);
    await expectAccessible(page);
    await shot(page, 'lesson-player-preview-end');
    await page.context().close();
  });
});
