import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOLS } from '../../scripts/lib/demo-schools.ts';
import { type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium, seriousA11yViolations } from './browser.ts';

/** Journey: a visitor opens each demo school and the platform directory in a real browser. */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8791 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('each demo school shows its own name and colours', () => {
  it.each(DEMO_SCHOOLS)('$slug', async (school) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(runtime.origin(`${school.slug}.localhost`));
    await expect.poll(() => page.getByTestId('school-name').first().textContent()).toBe(school.name);
    expect(await page.title()).toBe(school.name);
    const barColour = await page.getByTestId('brand-bar').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(barColour).toBe(hexToRgb(school.brand.primaryColor!));
    const other = DEMO_SCHOOLS.find((s) => s.slug !== school.slug)!;
    expect(await page.content()).not.toContain(other.name);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the platform directory', () => {
  it('lists public schools only and links to them', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(runtime.origin('localhost'));
    const directory = page.getByTestId('school-directory');
    await expect.poll(() => directory.textContent()).toContain('Breslov University');
    expect(await directory.textContent()).not.toContain('Acme Academy');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await directory.getByRole('link', { name: /Breslov University/ }).click();
    await page.waitForURL(runtime.origin('breslov.localhost') + '/');
    await expect.poll(() => page.getByTestId('school-name').first().textContent()).toBe('Breslov University');
    await page.context().close();
  });

  it('an unknown host is a 404 page, not a default school', async () => {
    const page = await (await browser.newContext()).newPage();
    const res = await page.goto(runtime.origin('nobody.localhost'));
    expect(res?.status()).toBe(404);
    expect(await page.content()).not.toMatch(/Breslov University|Acme Academy/);
    await page.context().close();
  });
});
