import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { getViaLoopback, type LocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { seriousA11yViolations } from './browser.ts';

/**
 * Helpers the browser journeys share: a fresh profile, axe on the current page, and sign-in
 * by magic link read from the development mailbox (the approach of identity-journeys.test.ts).
 */

/** A fresh browser profile: no cookies shared with the other journeys. */
export async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** axe-core on the current page: no serious or critical violations. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page), `axe on ${page.url()}`).toEqual([]);
}

/** Every link of one kind in the dev mailbox for `to`, whatever the JSON's exact layout. */
export async function mailboxLinks(runtime: LocalRuntime, to: string, path: string): Promise<string[]> {
  const res = await getViaLoopback(runtime.port, 'breslov.localhost', `/__dev/mailbox.json?to=${encodeURIComponent(to)}`);
  expect(res.status, res.body).toBe(200);
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return [...res.body.matchAll(new RegExp(`https?://[^"\\s<>]+${escaped}\\?token=[\\w-]+`, 'g'))].map((m) => m[0]);
}

/** Waits for a link that was not in the mailbox before (delivery goes through the outbox). */
export async function newMailLink(runtime: LocalRuntime, to: string, path: string, before: string[]): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => (link = (await mailboxLinks(runtime, to, path)).find((l) => !before.includes(l))), { timeout: 20_000 })
    .toBeTruthy();
  return link!;
}

/**
 * On the sign-in page: requests a magic link, then opens and confirms it. The sign-in page's
 * own returnTo decides where the browser ends up. axe runs on each page on the way.
 */
export async function signInByMagicLink(page: Page, runtime: LocalRuntime, email: string): Promise<void> {
  const before = await mailboxLinks(runtime, email, '/auth/magic-link');
  const field = page.getByLabel('Email address');
  if ((await field.inputValue()) !== email) await field.fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByTestId('magic-link-sent').waitFor();
  await expectAccessible(page);
  await page.goto(await newMailLink(runtime, email, '/auth/magic-link', before));
  await expectAccessible(page);
  await page.locator('form button, form [type="submit"]').first().click();
  await page.waitForLoadState('networkidle');
}

/**
 * Calls the Worker's API from inside the page, so the request carries the page's session
 * cookie and its real Origin (the CSRF check wants both). Node cannot resolve *.localhost,
 * which rules out Playwright's Node-side request context. Throws with the body on a non-2xx.
 */
export async function apiInPage<T>(page: Page, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  return page.evaluate(
    async ({ method, path, body, contentType }) => {
      const res = await fetch(path, {
        method,
        headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': contentType }) },
        body: body === undefined ? (method === 'GET' ? undefined : '{}') : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    { method, path, body, contentType },
  );
}
