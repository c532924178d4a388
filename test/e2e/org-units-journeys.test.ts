import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { expectAccessible, newPage, signInByMagicLink } from './journey-helpers.ts';

/**
 * Org units against a real `wrangler dev`: the owner builds a campus with a department
 * under it, puts the instructor in the department from the members screen, and sees it
 * there and as a member count in the tree. axe runs on every page the journey visits.
 */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8799 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const breslov = () => runtime.origin('breslov.localhost');

describe('campuses and departments', () => {
  it('the owner creates a campus and a department under it, and assigns the instructor to the department', async () => {
    const page = await newPage(browser);
    await page.goto(`${breslov()}/sign-in?returnTo=${encodeURIComponent('/admin/org-units')}`);
    await signInByMagicLink(page, runtime, 'owner@breslov.test');
    await page.waitForURL(`${breslov()}/admin/org-units`);
    const status = page.getByTestId('org-units-status');

    // Empty at first; the nav names the page.
    await page.getByTestId('org-units-empty').waitFor();
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    expect(await nav.getByRole('link', { name: 'Campuses & departments' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page);

    // A campus at the top level.
    const form = page.getByTestId('new-unit-form');
    await form.getByLabel('Type').selectOption('campus');
    await form.getByLabel('Name').fill('North campus');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => status.textContent()).toBe('Campus “North campus” was added.');

    // An empty name is refused beside the field.
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => form.locator('.field__error').allTextContents()).toEqual(['Enter a name.']);
    await expectAccessible(page);

    // A department under it.
    await form.getByLabel('Type').selectOption('department');
    await form.getByLabel('Name').fill('History');
    await form.getByLabel('Part of').selectOption({ label: 'North campus (campus)' });
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => status.textContent()).toBe('Department “History” was added.');
    const nested = page.locator('[data-testid="org-tree"] ul [data-testid="org-unit"]');
    await expect.poll(() => nested.allTextContents()).toEqual([expect.stringContaining('History')]);
    await expectAccessible(page);

    // The members screen: add the instructor to History.
    await nav.getByRole('link', { name: 'Members' }).click();
    await page.getByTestId('members-table').waitFor();
    const row = page.getByTestId('member-row').filter({ hasText: 'instructor@breslov.test' });
    await row.getByRole('combobox', { name: /to a campus or department/ }).selectOption({ label: '— History (department)' });
    await row.getByRole('button', { name: /to the chosen unit/ }).click();
    await expect.poll(() => page.locator('#members-status').textContent()).toMatch(/was added to History\.$/);
    await expect.poll(() => row.getByTestId('member-unit').allTextContents()).toEqual([expect.stringContaining('North campus › History')]);
    await expectAccessible(page);

    // Reloaded, the assignment is still there, and the tree counts the member.
    await page.reload();
    const again = page.getByTestId('member-row').filter({ hasText: 'instructor@breslov.test' });
    await expect.poll(() => again.getByTestId('member-unit').allTextContents()).toEqual([expect.stringContaining('North campus › History')]);
    await page.goto(`${breslov()}/admin/org-units`);
    await expect.poll(() => nested.allTextContents()).toEqual([expect.stringContaining('1 member')]);
    await expectAccessible(page);

    // Deleting the campus is refused while History sits under it; the dialog says why.
    await page.getByRole('button', { name: 'Delete North campus' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Delete campus' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Move or delete those first');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.context().close();
  });
});
