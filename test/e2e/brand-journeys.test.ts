import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { expectAccessible, newPage, signInByMagicLink } from './journey-helpers.ts';
import { solidPng as png } from './fixtures/png.ts';

/**
 * The brand editor against a real `wrangler dev`: the owner changes the brand colour (the
 * preview follows, a low-contrast text colour is warned about), uploads a logo and saves;
 * then a student opening the school sees the new colour and the logo. axe runs on every page
 * the journey visits, except while the preview deliberately shows the low-contrast text.
 */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8802 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const breslov = () => runtime.origin('breslov.localhost');

const backgroundOf = (page: Page, testId: string) => page.getByTestId(testId).first().evaluate((el) => getComputedStyle(el).backgroundColor);
const rootVariable = (page: Page, name: string) => page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);

describe('the school brand', () => {
  it('the admin changes the brand colour and uploads a logo, and the student view follows', async () => {
    const page = await newPage(browser);
    await page.goto(`${breslov()}/sign-in?returnTo=${encodeURIComponent('/admin/brand')}`);
    await signInByMagicLink(page, runtime, 'owner@breslov.test');
    await page.waitForURL(`${breslov()}/admin/brand`);
    const form = page.getByTestId('brand-form');
    await form.waitFor();
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    expect(await nav.getByRole('link', { name: 'Brand' }).getAttribute('aria-current')).toBe('page');
    expect(await backgroundOf(page, 'brand-preview-bar')).toBe('rgb(31, 78, 121)');
    await page.getByTestId('contrast-ok').waitFor();
    await expectAccessible(page);

    // A new brand colour: the preview follows before anything is saved; the site does not yet.
    const primary = form.getByLabel('Brand colour', { exact: true });
    await primary.fill('#0F766E');
    await expect.poll(() => backgroundOf(page, 'brand-preview-bar')).toBe('rgb(15, 118, 110)');
    expect(await backgroundOf(page, 'brand-bar')).toBe('rgb(31, 78, 121)');
    expect(await form.getByLabel('Brand colour: colour picker').inputValue()).toBe('#0f766e');

    // A pale text colour is warned about, with its ratio, and can be fixed.
    const text = form.getByLabel('Text colour', { exact: true });
    await text.fill('#a3a3a3');
    const warning = page.getByTestId('contrast-warning-text');
    await expect.poll(() => warning.textContent()).toMatch(/contrast of 2\.\d\d:1\. WCAG AA asks for at least 4\.5:1/);
    expect(await page.getByTestId('brand-preview-text').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(163, 163, 163)');
    await text.fill('#1c1917');
    await page.getByTestId('contrast-ok').waitFor();
    expect(await warning.count()).toBe(0);

    // A typo is not a colour: said beside the field, and the preview keeps the last good one.
    await text.fill('#1c19');
    await expect.poll(() => page.locator('#brand-text-error').textContent()).toContain('six digits');
    await text.fill('#1c1917');
    await expect.poll(() => page.locator('#brand-text-error').count()).toBe(0);

    // The tagline counts its characters.
    const tagline = form.getByLabel('Tagline');
    await tagline.fill('Classic texts, newly bound.');
    expect(await page.getByTestId('tagline-count').textContent()).toBe('27 of 160 characters');
    await expectAccessible(page);

    // Leaving with unsaved changes asks first.
    await nav.getByRole('link', { name: 'Members' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Cancel' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/brand');

    // A logo: uploaded at once, with progress to 100 %, and shown in the preview.
    await page.getByLabel('Upload a logo').setInputFiles({ name: 'crest.png', mimeType: 'image/png', buffer: png(160, 48, [15, 118, 110]) });
    await expect.poll(() => page.getByTestId('brand-upload-percent').textContent()).toBe('100%');
    await expect.poll(() => page.getByTestId('brand-upload-progress').getAttribute('data-done')).toBe('true');
    await expect.poll(() => page.getByTestId('brand-logo-message').textContent()).toContain('Logo uploaded');
    const previewLogo = page.getByTestId('brand-preview-logo');
    await expect.poll(() => previewLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await expectAccessible(page);

    // Save: a clear message, and this page takes the new colour at once.
    await page.getByRole('button', { name: 'Save brand' }).click();
    await expect.poll(() => page.getByTestId('brand-saved').textContent()).toContain('Brand saved.');
    await expect.poll(() => backgroundOf(page, 'brand-bar')).toBe('rgb(15, 118, 110)');
    await expectAccessible(page);
    await page.context().close();

    // A student opening the school: the injected brand, before any script, and the logo in the header.
    const visitor = await newPage(browser);
    await visitor.goto(`${breslov()}/sign-in?returnTo=${encodeURIComponent('/')}`);
    await signInByMagicLink(visitor, runtime, 'student@breslov.test');
    await visitor.waitForURL(`${breslov()}/`);
    await visitor.getByTestId('school-name').first().waitFor();
    expect(await rootVariable(visitor, '--brand-primary')).toBe('#0f766e');
    expect(await rootVariable(visitor, '--brand-text')).toBe('#1c1917');
    expect(await backgroundOf(visitor, 'brand-bar')).toBe('rgb(15, 118, 110)');
    expect(await visitor.locator('body').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(28, 25, 23)');
    const logo = visitor.getByTestId('school-logo');
    expect(await logo.getAttribute('src')).toMatch(/^\/brand\/logo\?v=[\w-]+$/);
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    expect(await visitor.locator('meta[name="description"]').getAttribute('content')).toBe('Classic texts, newly bound.');
    await expectAccessible(visitor);

    // The logo itself: the right type, and cached for good under its versioned URL.
    const headers = await logo.evaluate(async (img: HTMLImageElement) => {
      const res = await fetch(img.src);
      return { type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), nosniff: res.headers.get('x-content-type-options') };
    });
    expect(headers).toEqual({ type: 'image/png', cache: 'public, max-age=31536000, immutable', nosniff: 'nosniff' });

    // The other school is untouched.
    await visitor.goto(runtime.origin('acme.localhost'));
    await visitor.getByTestId('school-name').first().waitFor();
    expect(await rootVariable(visitor, '--brand-primary')).toBe('#b42318');
    expect(await visitor.getByTestId('school-logo').count()).toBe(0);
    await visitor.context().close();
  });
});
