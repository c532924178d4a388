import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { expectAccessible, newPage } from './journey-helpers.ts';

/**
 * Apex journeys against a real `wrangler dev`: searching the public directory (a private
 * school never shows), then "Start a school" with its live slug check and confirmation.
 * axe runs on every page the journey visits.
 */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8800 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const apex = () => runtime.origin('localhost');

describe('the apex directory and "Start a school"', () => {
  it('searches the directory, refuses a taken slug, accepts a free one and confirms the application', async () => {
    const page = await newPage(browser);
    await page.goto(`${apex()}/`);
    await page.getByTestId('school-directory').waitFor();
    await expectAccessible(page);
    await expect.poll(() => page.getByTestId('school-directory').getByRole('heading').allTextContents()).toEqual(['Breslov University']);

    // Search is debounced into the address, so it survives a reload.
    await page.getByLabel('Search schools').fill('BRES');
    await page.waitForURL(/\/\?q=BRES$/);
    await expect.poll(() => page.getByTestId('school-directory').getByRole('heading').allTextContents()).toEqual(['Breslov University']);
    await page.reload();
    await expect.poll(() => page.getByLabel('Search schools').inputValue()).toBe('BRES');
    await expect.poll(() => page.getByTestId('school-directory').getByRole('heading').allTextContents()).toEqual(['Breslov University']);

    // Acme is private: searching for it by name finds nothing, and says so.
    await page.getByLabel('Search schools').fill('acme');
    await page.getByTestId('directory-no-match').waitFor();
    expect(await page.getByTestId('directory-no-match').textContent()).toContain('No schools match');
    expect(await page.getByText('Acme', { exact: false }).count()).toBe(0);
    await expectAccessible(page);

    // The search box is a keyboard-reachable search landmark; clearing it lists everyone again.
    await page.getByLabel('Search schools').fill('');
    await page.waitForURL(`${apex()}/`);
    await page.getByTestId('school-directory').waitFor();

    await page.getByTestId('start-school-link').click();
    await page.waitForURL(`${apex()}/start`);
    await page.getByRole('heading', { name: 'Start a school' }).waitFor();
    await expectAccessible(page);

    // A taken slug (the private school's) is refused beside the field, without naming the school.
    await page.getByLabel('School name').fill('Torah Academy');
    await expect.poll(() => page.getByLabel('Web address').inputValue()).toBe('torah-academy');
    await page.getByLabel('Web address').fill('acme');
    await page.getByText('"acme" is already taken; choose another slug.').waitFor();
    expect(await page.getByLabel('Web address').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    // Submitting anyway keeps the applicant on the form, focused on the problem list.
    await page.getByLabel('Your email address').fill('founder@example.com');
    await page.getByRole('button', { name: 'Send application' }).click();
    await page.locator('#start-school-errors').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('start-school-errors');

    // A free slug is accepted.
    await page.getByLabel('Web address').fill('torah-academy');
    await page.getByText('“torah-academy” is available.').waitFor();
    expect(await page.getByLabel('Web address').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Send application' }).click();
    await page.getByTestId('start-school-sent').waitFor();
    expect(await page.getByTestId('start-school-sent').textContent()).toContain('Application received');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('start-school-sent');
    await expectAccessible(page);

    // Once asked for, the slug is no longer offered to the next applicant.
    const check = await page.evaluate(async () => (await fetch('/api/applications/slug-check?slug=torah-academy')).json());
    expect(check).toEqual({ available: false, reason: expect.stringContaining('already asked for') });
    await page.context().close();
  }, 120_000);
});
