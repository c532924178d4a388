import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { getViaLoopback, type LocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { seriousA11yViolations } from './browser.ts';

/**
 * Helpers the browser journeys share: a fresh profile, axe on the current page, sign-in by
 * magic link read from the development mailbox (the approach of identity-journeys.test.ts),
 * API calls made from inside the page, and reading the course editor's outline.
 */

/** A fresh browser profile: no cookies shared with the other journeys. */
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

/** Every link of one kind in the dev mailbox for `to`, whatever the JSON's exact layout. */
export async function mailboxLinks(runtime: LocalRuntime, to: string, path: string, host = 'breslov.localhost'): Promise<string[]> {
  const res = await getViaLoopback(runtime.port, host, `/__dev/mailbox.json?to=${encodeURIComponent(to)}`);
  expect(res.status, res.body).toBe(200);
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return [...res.body.matchAll(new RegExp(`https?://[^"\\s<>]+${escaped}\\?token=[\\w-]+`, 'g'))].map((m) => m[0]);
}

/** Waits for a link that was not in the mailbox before (delivery goes through the outbox). */
export async function newMailLink(runtime: LocalRuntime, to: string, path: string, before: string[], host = 'breslov.localhost'): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => (link = (await mailboxLinks(runtime, to, path, host)).find((l) => !before.includes(l))), { timeout: 20_000 })
    .toBeTruthy();
  return link!;
}

/**
 * On the sign-in page: requests a magic link, then opens and confirms it. The sign-in page's
 * own returnTo decides where the browser ends up. axe runs on each page on the way. The
 * mailbox is read through the school the page is on.
 */
export async function signInByMagicLink(page: Page, runtime: LocalRuntime, email: string): Promise<void> {
  const host = new URL(page.url()).hostname;
  const before = await mailboxLinks(runtime, email, '/auth/magic-link', host);
  const field = page.getByLabel('Email address');
  if ((await field.inputValue()) !== email) await field.fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByTestId('magic-link-sent').waitFor();
  await expectAccessible(page);
  await page.goto(await newMailLink(runtime, email, '/auth/magic-link', before, host));
  await expectAccessible(page);
  await page.locator('form button, form [type="submit"]').first().click();
  await page.waitForLoadState('networkidle');
}

/**
 * Calls the Worker's API from inside the page, so the request carries the page's session
 * cookie and its real Origin (the CSRF check wants both). Node cannot resolve *.localhost,
 * which rules out Playwright's Node-side request context. A string body is sent as it is
 * (a transcript file, with its content type); anything else as JSON. Throws with the body
 * on a non-2xx.
 */
export async function apiInPage<T>(page: Page, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  return page.evaluate(
    async ({ method, path, body, contentType }) => {
      const res = await fetch(path, {
        method,
        headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': contentType }) },
        body: method === 'GET' ? undefined : body === undefined ? '{}' : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    { method, path, body, contentType },
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

/**
 * Sends raw bytes (a video, a PDF) from inside the page, with the page's session and Origin,
 * as apiInPage does for JSON. The bytes cross into the page as base64. Throws with the body
 * on a non-2xx; answers the parsed JSON.
 */
export async function sendBytesInPage<T>(page: Page, method: string, path: string, bytes: Uint8Array, contentType: string): Promise<T> {
  return page.evaluate(
    async ({ method, path, base64, contentType }) => {
      const raw = atob(base64);
      const body = Uint8Array.from(raw, (c) => c.charCodeAt(0));
      const res = await fetch(path, { method, headers: { accept: 'application/json', 'content-type': contentType }, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    { method, path, base64: Buffer.from(bytes).toString('base64'), contentType },
  );
}
