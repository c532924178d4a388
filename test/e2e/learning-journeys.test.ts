import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { apiInPage, expectAccessible, newPage, signInByMagicLink } from './journey-helpers.ts';

/**
 * Learner journeys against a real `wrangler dev`: the catalog, a course page, the lesson
 * player with notes, bookmarks and a transcript, and My learning — plus what a signed-out
 * visitor meets on a locked lesson. axe runs on every page a journey visits.
 */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8793 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const breslov = () => runtime.origin('breslov.localhost');

const COURSE_TITLE = 'A Week of Steady Practice';
const TRANSCRIPT = 'WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome back to your practice.\n\n00:04.000 --> 00:09.000\nToday we read slowly, and with joy.\n\n00:09.000 --> 00:15.000\nWrite down one line to keep.\n';

type Created<K extends string> = Record<K, { id: string; slug?: string }>;

/**
 * The demo free course has a lesson that opens three days after enrolling, so nobody can
 * finish it today. The journey needs a course a learner can finish now, so the instructor
 * builds one through the staff API: two required lessons, then an optional one with a
 * transcript, all published.
 */
async function seedFinishableCourse(staff: Page): Promise<{ slug: string; lessonIds: string[] }> {
  const { course } = await apiInPage<Created<'course'>>(staff, 'POST', '/api/admin/courses', {
    title: COURSE_TITLE,
    accessLevel: 'free',
    summary: 'Seven short sittings that build a steady daily habit.',
    description: 'A short course in **three lessons**: two to do, one to read when you like.',
  });
  const { chapter } = await apiInPage<Created<'chapter'>>(staff, 'POST', `/api/admin/courses/${course.id}/chapters`, { title: 'The first days' });
  await apiInPage(staff, 'PATCH', `/api/admin/chapters/${chapter.id}`, { status: 'published' });
  const lessons = [
    { title: 'Finding ten minutes', body: '## Finding ten minutes\n\nPick a time of day and keep it.', estimatedMinutes: 5 },
    { title: 'Reading twice', body: '## Reading twice\n\nRead once for the meaning, then once for yourself.', estimatedMinutes: 7 },
    { title: 'Further reading', body: '## Further reading\n\nFor the days you want more.', estimatedMinutes: 4, isRequired: false },
  ];
  const lessonIds: string[] = [];
  for (const lesson of lessons) {
    const { lesson: made } = await apiInPage<Created<'lesson'>>(staff, 'POST', `/api/admin/chapters/${chapter.id}/lessons`, lesson);
    await apiInPage(staff, 'PATCH', `/api/admin/lessons/${made.id}`, { status: 'published' });
    lessonIds.push(made.id);
  }
  await apiInPage(staff, 'PUT', `/api/admin/lessons/${lessonIds[2]}/transcripts/en`, TRANSCRIPT, 'text/vtt');
  await apiInPage(staff, 'POST', `/api/admin/courses/${course.id}/publish`);
  return { slug: course.slug!, lessonIds };
}

async function markComplete(page: Page): Promise<void> {
  await page.getByTestId('mark-complete').click();
  await page.getByTestId('lesson-completed').waitFor();
}

describe('a student takes a course from the catalog to the end', () => {
  it('enrolls, completes the required lessons, keeps notes and comes back through My learning', async () => {
    const staff = await newPage(browser);
    await staff.goto(`${breslov()}/sign-in`);
    await signInByMagicLink(staff, runtime, 'instructor@breslov.test');
    const { slug, lessonIds } = await seedFinishableCourse(staff);
    await staff.context().close();

    // Signed out on the catalog; signing in comes back to it.
    const page = await newPage(browser);
    await page.goto(`${breslov()}/courses`);
    await page.getByTestId('catalog-list').waitFor();
    await expectAccessible(page);
    await page.getByTestId('sign-in-link').click();
    await page.waitForURL(`${breslov()}/sign-in?returnTo=%2Fcourses`);
    await signInByMagicLink(page, runtime, 'student@breslov.test');
    await page.waitForURL(`${breslov()}/courses`);

    // Search is debounced into the address, so it survives a reload.
    await page.getByLabel('Search courses').fill('steady');
    await page.waitForURL(/\/courses\?q=steady$/);
    await expect.poll(() => page.getByTestId('course-card-title').allTextContents()).toEqual([COURSE_TITLE]);
    await page.reload();
    expect(await page.getByLabel('Search courses').inputValue()).toBe('steady');
    await expect.poll(() => page.getByTestId('course-card-title').allTextContents()).toEqual([COURSE_TITLE]);
    await page.getByLabel('Access').selectOption('paid');
    await page.getByTestId('catalog-no-match').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Access').selectOption('free');
    await page.getByTestId('course-card').click();

    // Course page: enroll (free), then Start.
    await page.waitForURL(`${breslov()}/courses/${slug}`);
    await expect.poll(() => page.getByTestId('course-primary-action').textContent()).toBe('Enroll for free');
    await expectAccessible(page);
    await page.getByTestId('course-primary-action').click();
    await page.getByTestId('enrolled-notice').waitFor();
    await expect.poll(() => page.getByTestId('course-primary-action').textContent()).toBe('Start');
    expect(await page.getByTestId('course-progress').textContent()).toBe('0%');
    await expectAccessible(page);
    await page.getByTestId('course-primary-action').click();

    // Both required lessons, one after the other.
    await page.waitForURL(`${breslov()}/courses/${slug}/lessons/${lessonIds[0]}`);
    await page.getByTestId('lesson-body').waitFor();
    // The chapter's name comes with the lesson: its one call carries the course's outline.
    await expect.poll(() => page.getByTestId('lesson-breadcrumb').textContent()).toContain('The first days');
    await expectAccessible(page);
    await markComplete(page);
    await expect.poll(() => page.getByTestId('course-progress').textContent()).toBe('50%');
    await page.getByTestId('next-lesson').click();
    await page.waitForURL(`${breslov()}/courses/${slug}/lessons/${lessonIds[1]}`);
    await expect.poll(() => page.getByTestId('lesson-title').textContent()).toBe('Reading twice');
    await markComplete(page);
    await expect.poll(() => page.getByTestId('course-progress').textContent()).toBe('100%');
    await expectAccessible(page);

    // The optional third lesson: a note at a moment of the video, a bookmark, the transcript.
    await page.getByTestId('next-lesson').click();
    await page.waitForURL(`${breslov()}/courses/${slug}/lessons/${lessonIds[2]}`);
    await page.getByTestId('transcript').waitFor();
    await page.getByLabel('New note').fill('Keep one line a day.');
    await page.getByLabel('Video position (optional)').fill('0:05');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByTestId('note-body').allTextContents()).toEqual(['Keep one line a day.']);
    await page.getByTestId('bookmark').click();
    await expect.poll(() => page.getByTestId('bookmark').getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Search the transcript').fill('joy');
    await expect.poll(() => page.getByTestId('transcript-cue').allTextContents()).toEqual(['At 0:04Today we read slowly, and with joy.']);
    expect(await page.getByTestId('transcript-status').textContent()).toBe('1 of 3 lines match “joy”.');
    expect(await page.locator('[data-testid="transcript-cue"] mark').textContent()).toBe('joy');
    // A note's timestamp seeks: this lesson has no video, so the transcript shows that line.
    await page.getByLabel('Search the transcript').fill('keep');
    await page.getByTestId('note-timestamp').click();
    await expect.poll(() => page.locator('[data-testid="transcript-cue"][aria-current="true"]').textContent()).toContain('Today we read slowly');
    await expectAccessible(page);

    // Later, in another tab: My learning shows the course finished and continues here.
    const later = await page.context().newPage();
    await page.goto(`${breslov()}/`);
    await later.goto(`${breslov()}/learning`);
    await later.getByTestId('learning-completed').waitFor();
    expect(await later.getByTestId('learning-completed').getByTestId('learning-percent').textContent()).toBe('100%');
    await expectAccessible(later);
    await later.getByTestId('learning-completed').getByTestId('continue-learning').click();
    await later.waitForURL(`${breslov()}/courses/${slug}/lessons/${lessonIds[2]}`);
    await expect.poll(() => later.getByTestId('note-body').allTextContents()).toEqual(['Keep one line a day.']);
    expect(await later.getByTestId('bookmark').getAttribute('aria-pressed')).toBe('true');
    await expectAccessible(later);

    // The course page agrees: every required lesson done.
    await later.getByRole('link', { name: COURSE_TITLE }).first().click();
    await later.waitForURL(`${breslov()}/courses/${slug}`);
    await expect.poll(() => later.getByTestId('course-progress').textContent()).toBe('100%');
    expect(await later.getByTestId('lesson-state').allTextContents()).toEqual(['Completed · 5 min', 'Completed · 7 min', 'Open · 4 min']);
    await expectAccessible(later);
  });
});

describe('a signed-out visitor', () => {
  it('reads the free preview, and is told why the next lesson is locked and how to open it', async () => {
    const page = await newPage(browser);
    await page.goto(`${breslov()}/courses/foundations`);
    await page.getByTestId('course-outline').waitFor();
    expect(await page.getByTestId('course-primary-action').textContent()).toBe('Sign in to enroll');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Welcome' }).click();
    await page.getByTestId('lesson-body').waitFor();
    expect(await page.getByTestId('lesson-body').textContent()).toContain('This course introduces the core ideas');
    await expectAccessible(page);

    await page.getByTestId('next-lesson').click();
    await page.getByTestId('lesson-locked').waitFor();
    expect(await page.getByTestId('lock-reason').textContent()).toBe('Sign in to open this lesson.');
    const returnTo = encodeURIComponent(new URL(page.url()).pathname);
    expect(await page.getByTestId('lock-sign-in').getAttribute('href')).toBe(`/sign-in?returnTo=${returnTo}`);
    await expectAccessible(page);
    await page.getByTestId('lock-sign-in').click();
    await page.waitForURL(`${breslov()}/sign-in?returnTo=${returnTo}`);
    await expectAccessible(page);
  });
});
