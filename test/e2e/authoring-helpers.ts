import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { getViaLoopback, type LocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { seriousA11yViolations } from './browser.ts';

/**
 * What the authoring journeys need around the pages themselves: a fresh browser profile, axe on
 * the current page, sign-in by magic link read from the development mailbox (the approach of
 * identity-journeys.test.ts), and API calls made from inside the page.
 */

export async function newPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  // wrangler dev on a busy two-core machine can take a while to answer; 30 s was seen to flake.
  page.setDefaultTimeout(60_000);
  return page;
}

/** axe-core on the current page: no serious or critical violations. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page), `axe on ${page.url()}`).toEqual([]);
}

async function magicLinks(runtime: LocalRuntime, host: string, to: string): Promise<string[]> {
  const res = await getViaLoopback(runtime.port, host, `/__dev/mailbox.json?to=${encodeURIComponent(to)}`);
  expect(res.status, res.body).toBe(200);
  return [...res.body.matchAll(/https?:\/\/[^"\s<>]+\/auth\/magic-link\?token=[\w-]+/g)].map((m) => m[0]);
}

/**
 * On the sign-in page: asks for a magic link, opens the new one from the dev mailbox and
 * confirms it. The sign-in page's returnTo decides where the browser ends up.
 */
export async function signInByMagicLink(page: Page, runtime: LocalRuntime, email: string, host = 'breslov.localhost'): Promise<void> {
  const before = await magicLinks(runtime, host, email);
  const field = page.getByLabel('Email address');
  if ((await field.inputValue()) !== email) await field.fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByTestId('magic-link-sent').waitFor();
  await expectAccessible(page);
  let link: string | undefined;
  // Delivery goes through the outbox, so the mail arrives a moment later.
  await expect.poll(async () => (link = (await magicLinks(runtime, host, email)).find((l) => !before.includes(l))), { timeout: 20_000 }).toBeTruthy();
  await page.goto(link!);
  await expectAccessible(page);
  await page.locator('form button, form [type="submit"]').first().click();
  await page.waitForLoadState('networkidle');
}

/**
 * A JSON call from inside the page: it carries the session cookie and the page's Origin, as
 * the Worker's CSRF check wants (Node cannot resolve *.localhost for a Node-side request).
 */
export async function apiInPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    { method, path, body },
  );
}

/** The lesson titles of the course editor's outline, chapter by chapter, as shown. */
export async function outlineTitles(page: Page): Promise<string[][]> {
  const chapters = page.getByTestId('editor-chapter');
  const result: string[][] = [];
  for (let i = 0; i < (await chapters.count()); i++) {
    result.push(await chapters.nth(i).getByTestId('editor-lesson-title').allTextContents());
  }
  return result;
}
