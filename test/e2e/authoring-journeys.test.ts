import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getViaLoopback, type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { apiInPage, expectAccessible, newPage, outlineTitles, signInByMagicLink } from './journey-helpers.ts';
import { launchChromium } from './browser.ts';

/**
 * Staff authoring against a real `wrangler dev`: an instructor signs in by magic link, builds a
 * course in the browser, reorders its lessons with the keyboard and by dragging, publishes it
 * after the confirmation, looks at it as a student, and finds it in the public catalog. axe
 * runs on every page the journeys visit.
 */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8794 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const breslov = () => runtime.origin('breslov.localhost');
/** expect.poll with room for a busy machine: its default gives up after one second. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const unique = () => Math.random().toString(36).slice(2, 7);

/** Signs the instructor in through /admin/courses, which sends them to sign in and back. */
async function instructorOnCourseList(): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${breslov()}/admin/courses`);
  await page.waitForURL(`${breslov()}/sign-in?returnTo=%2Fadmin%2Fcourses`);
  await expectAccessible(page);
  await signInByMagicLink(page, runtime, 'instructor@breslov.test');
  await page.waitForURL(`${breslov()}/admin/courses`);
  await page.getByTestId('courses-table').waitFor();
  // Instructors reach their courses from the account menu; Admin (members) is not theirs.
  await page.getByTestId('account-menu').click();
  await page.getByTestId('admin-courses-link').waitFor();
  expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
  await page.getByTestId('account-menu').click();
  return page;
}

/** In the lesson editor: writes the body, publishes the lesson and saves. */
async function writeLesson(page: Page, title: string, body: string): Promise<void> {
  await Promise.all([page.waitForURL(/\/lessons\/[\w-]+$/), page.getByTestId('editor-lesson-title').filter({ hasText: title }).click()]);
  await page.getByTestId('lesson-editor').waitFor();
  await page.getByRole('textbox', { name: 'Lesson text' }).fill(body);
  // The live preview renders the Markdown as learners will see it.
  await poll(() => page.getByTestId('lesson-body-preview').locator('h2').textContent()).toBe(title);
  await page.getByLabel('Published', { exact: true }).check();
  await page.getByTestId('save-lesson').click();
  await page.getByTestId('lesson-saved').waitFor();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Course outline' }).click();
  await page.getByTestId('course-editor').waitFor();
}

describe('an instructor authors a course', () => {
  it('creates, outlines, reorders by keyboard, publishes and previews it', { timeout: 300_000 }, async () => {
    const page = await instructorOnCourseList();
    await expectAccessible(page);

    // New course: the address follows the title until edited.
    const title = `Journey course ${unique()}`;
    await page.getByTestId('new-course').click();
    await page.getByLabel('Title').fill(title);
    const slug = title.toLowerCase().replace(/ /g, '-');
    expect(await page.getByLabel('Address').inputValue()).toBe(slug);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.waitForURL(/\/admin\/courses\/[\w-]+$/);
    const courseUrl = page.url();
    const courseId = courseUrl.split('/').pop()!;
    await page.getByTestId('course-editor').waitFor();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await poll(() => page.title()).toContain(`${title} · Course editor`);
    await page.getByTestId('editor-empty').waitFor();
    await expectAccessible(page);

    // A chapter and two lessons.
    await page.getByLabel('New chapter').fill('Week one');
    await page.getByRole('button', { name: 'Add chapter' }).click();
    await page.getByTestId('editor-chapter-title').filter({ hasText: 'Week one' }).waitFor();
    const newLesson = page.getByLabel('New lesson in “Week one”');
    await newLesson.fill('First steps');
    await page.getByRole('button', { name: 'Add lesson' }).click();
    await page.getByTestId('editor-lesson-title').filter({ hasText: 'First steps' }).waitFor();
    await newLesson.fill('Second steps');
    await page.getByRole('button', { name: 'Add lesson' }).click();
    await poll(() => outlineTitles(page)).toEqual([['First steps', 'Second steps']]);
    await expectAccessible(page);

    await writeLesson(page, 'First steps', '## First steps\n\nRead slowly, and **take notes**.');

    // A transcript for the first lesson: a broken file is refused line by line, a good one is listed.
    await Promise.all([page.waitForURL(/\/lessons\//), page.getByTestId('editor-lesson-title').filter({ hasText: 'First steps' }).click()]);
    await page.getByTestId('transcripts-empty').waitFor();
    await page.getByLabel('Language').fill('en');
    const vtt = (text: string) => ({ name: 'captions.vtt', mimeType: 'text/vtt', buffer: Buffer.from(text) });
    await page.getByTestId('transcript-file').setInputFiles(vtt('WEBVTT\n\n00:00:04.000 --> 00:00:01.000\nBackwards\n'));
    await page.getByTestId('upload-transcript').click();
    await poll(() => page.getByTestId('transcript-problems').textContent()).toContain('Line 3:');
    await expectAccessible(page);
    await page.getByTestId('transcript-file').setInputFiles(vtt('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nShalom.\n\n00:00:03.500 --> 00:00:06.000\nLet us begin.\n'));
    await page.getByTestId('upload-transcript').click();
    await poll(() => page.getByTestId('transcript-result').textContent()).toContain('saved with 2 cues');
    await poll(() => page.getByTestId('transcript-row').textContent()).toContain('en');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Course outline' }).click();
    await page.getByTestId('course-editor').waitFor();
    await writeLesson(page, 'Second steps', '## Second steps\n\n- Practise daily\n- Come back tomorrow');

    // Keyboard reorder: pick up "Second steps", move it up, drop it.
    const handle = page.getByRole('button', { name: 'Move lesson “Second steps”' });
    await handle.focus();
    await page.keyboard.press('Space');
    await poll(() => handle.getAttribute('aria-pressed')).toBe('true');
    await poll(() => page.getByTestId('reorder-announcement').textContent()).toContain('Picked up lesson “Second steps”');
    await page.keyboard.press('ArrowUp');
    await poll(() => outlineTitles(page)).toEqual([['Second steps', 'First steps']]);
    await poll(() => page.getByTestId('reorder-announcement').textContent()).toContain('position 1 of 2');
    // Focus follows the moved lesson, so the next key press still moves it.
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Move lesson “Second steps”');
    await page.keyboard.press('Space');
    await poll(() => page.getByTestId('outline-status').textContent()).toContain('New order saved');
    await expectAccessible(page);
    await page.reload();
    await page.getByTestId('course-editor').waitFor();
    await poll(() => outlineTitles(page)).toEqual([['Second steps', 'First steps']]);

    // Publishing needs a published chapter; then the course, after the confirmation.
    await page.getByRole('button', { name: 'Publish chapter “Week one”' }).click();
    await poll(() => page.getByTestId('outline-status').textContent()).toContain('is published');
    await page.getByTestId('course-publish').click();
    const dialog = page.getByRole('dialog', { name: `Publish “${title}”?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`/courses/${slug}`);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Publish course' }).click();
    await poll(() => page.getByTestId('course-status-badge').textContent()).toBe('Published');
    await page.getByTestId('course-status-done').waitFor();
    await expectAccessible(page);

    // "View as student" opens the learner's course page in a new tab.
    const [student] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('view-as-student').click()]);
    await student.waitForURL(`${breslov()}/courses/${slug}?as=student`);
    await poll(() => student.getByTestId('course-title').textContent()).toBe(title);
    await expectAccessible(student);
    await student.close();

    // The roster is empty for a course nobody has taken yet.
    await page.getByTestId('roster-link').click();
    await page.waitForURL(`${breslov()}/admin/courses/${courseId}/roster`);
    await page.getByTestId('roster').waitFor();
    await page.getByTestId('roster-empty').waitFor();
    await expectAccessible(page);
    await poll(() => page.title()).toContain(`${title} · Roster`);

    // Granting is for admins: the owner names a learner by email. A stranger needs an invitation first.
    const owner = await newPage(browser);
    await owner.goto(`${breslov()}/admin/courses/${courseId}/roster`);
    await owner.waitForURL(/\/sign-in\?returnTo=/);
    await signInByMagicLink(owner, runtime, 'owner@breslov.test');
    await owner.waitForURL(`${breslov()}/admin/courses/${courseId}/roster`);
    await owner.getByTestId('roster-empty').waitFor();
    const grantField = owner.getByLabel('Member’s email address');
    await grantField.fill(`stranger-${unique()}@example.com`);
    await owner.getByRole('button', { name: 'Grant access' }).click();
    await poll(() => owner.getByTestId('grant-access-error').textContent()).toContain('Invite them first.');
    await owner.getByTestId('grant-access-error').getByRole('link', { name: 'Invite them on the Members page' }).waitFor();
    await expectAccessible(owner);
    await grantField.fill('student@breslov.test');
    await owner.getByRole('button', { name: 'Grant access' }).click();
    await poll(() => owner.getByTestId('roster-status').textContent()).toContain('now has access');
    const granted = owner.getByTestId('roster-row').filter({ hasText: 'student@breslov.test' });
    await poll(() => granted.textContent()).toContain('Granted by staff');
    await granted.getByRole('button', { name: /^Revoke/ }).waitFor();
    await expectAccessible(owner);
    await owner.close();

    // And the public catalog (no cookie) lists it.
    const catalog = await getViaLoopback(runtime.port, 'breslov.localhost', '/api/courses');
    expect(catalog.status).toBe(200);
    const listed = (JSON.parse(catalog.body) as { courses: { slug: string; title: string }[] }).courses;
    expect(listed).toContainEqual(expect.objectContaining({ slug, title }));
  });

  it('reorders by drag and drop, and rolls back an order the server refuses', { timeout: 300_000 }, async () => {
    const page = await instructorOnCourseList();
    // The outline is built through the API here; the first journey covers building it by hand.
    const { course } = await apiInPage<{ course: { id: string } }>(page, 'POST', '/api/admin/courses', { title: `Drag course ${unique()}`, accessLevel: 'free' });
    const chapterIds: string[] = [];
    for (const chapterTitle of ['Part A', 'Part B']) {
      const { chapter } = await apiInPage<{ chapter: { id: string } }>(page, 'POST', `/api/admin/courses/${course.id}/chapters`, { title: chapterTitle });
      chapterIds.push(chapter.id);
    }
    for (const lessonTitle of ['Alpha', 'Beta', 'Gamma']) {
      await apiInPage(page, 'POST', `/api/admin/chapters/${chapterIds[0]}/lessons`, { title: lessonTitle });
    }
    await page.goto(`${breslov()}/admin/courses/${course.id}`);
    await page.getByTestId('course-editor').waitFor();
    await poll(() => outlineTitles(page)).toEqual([['Alpha', 'Beta', 'Gamma'], []]);
    await expectAccessible(page);

    const lesson = (name: string) => page.getByTestId('editor-lesson').filter({ hasText: name });
    // Dropping a lesson on another takes its place.
    await page.getByRole('button', { name: 'Move lesson “Gamma”' }).dragTo(lesson('Alpha'));
    await poll(() => outlineTitles(page)).toEqual([['Gamma', 'Alpha', 'Beta'], []]);
    await poll(() => page.getByTestId('outline-status').textContent()).toContain('New order saved');
    // Dropping a lesson on another chapter moves it there.
    await page.getByRole('button', { name: 'Move lesson “Beta”' }).dragTo(page.getByTestId('editor-chapter').filter({ hasText: 'Part B' }).locator('.editor-empty'));
    await poll(() => outlineTitles(page)).toEqual([['Gamma', 'Alpha'], ['Beta']]);
    await poll(() => page.getByTestId('outline-status').textContent()).toContain('New order saved');
    // Chapters move too.
    await page.getByRole('button', { name: 'Move chapter “Part B”' }).dragTo(page.getByTestId('editor-chapter-title').filter({ hasText: 'Part A' }));
    await poll(() => page.getByTestId('editor-chapter-title').allTextContents()).toEqual(['Part B', 'Part A']);
    await poll(() => page.getByTestId('outline-status').textContent()).toContain('New order saved');
    await page.reload();
    await page.getByTestId('course-editor').waitFor();
    await poll(() => outlineTitles(page)).toEqual([['Beta'], ['Gamma', 'Alpha']]);
    await expectAccessible(page);

    // The server refuses the next order: the outline goes back and says why.
    await page.route('**/order', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'CONFLICT', message: 'Someone changed this course a moment ago.', requestId: 'test' } }),
      }),
    );
    await page.getByRole('button', { name: 'Move lesson “Alpha”' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await poll(() => outlineTitles(page)).toEqual([['Beta'], ['Alpha', 'Gamma']]);
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('outline-status').textContent()).toContain('Someone changed this course a moment ago.');
    await poll(() => outlineTitles(page)).toEqual([['Beta'], ['Gamma', 'Alpha']]);
    await expectAccessible(page);

    // Escape puts a picked-up lesson back without saving anything.
    await page.unroute('**/order');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await poll(() => outlineTitles(page)).toEqual([['Beta', 'Alpha'], ['Gamma']]);
    await page.keyboard.press('Escape');
    await poll(() => outlineTitles(page)).toEqual([['Beta'], ['Gamma', 'Alpha']]);
  });
});
