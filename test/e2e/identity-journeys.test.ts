import { request as httpRequest } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getViaLoopback, type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium, seriousA11yViolations } from './browser.ts';

/**
 * Journeys through sign-in and invitations against a real `wrangler dev`: magic links read
 * from the development mailbox, sessions bound to one school host, and an owner inviting an
 * instructor who accepts and sees the staff view. axe runs on every page a journey visits.
 */
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 8792 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const breslov = () => runtime.origin('breslov.localhost');
const acme = () => runtime.origin('acme.localhost');

/** A fresh browser profile: no cookies shared with the other journeys. */
async function newPage(): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page), `axe on ${page.url()}`).toEqual([]);
}

/** GET from Node with a chosen Cookie header (Node cannot resolve *.localhost, so by Host). */
function statusWithCookie(host: string, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { host: `${host}:${runtime.port}`, cookie, accept: 'application/json' };
    const req = httpRequest({ host: '127.0.0.1', port: runtime.port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every link of one kind in the dev mailbox for `to`, whatever the JSON's exact layout. */
async function mailboxLinks(to: string, path: string): Promise<string[]> {
  const res = await getViaLoopback(runtime.port, 'breslov.localhost', `/__dev/mailbox.json?to=${encodeURIComponent(to)}`);
  expect(res.status, res.body).toBe(200);
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return [...res.body.matchAll(new RegExp(`https?://[^"\\s<>]+${escaped}\\?token=[\\w-]+`, 'g'))].map((m) => m[0]);
}

/** Waits for a link that was not in the mailbox before (delivery goes through the outbox). */
async function newMailLink(to: string, path: string, before: string[]): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => (link = (await mailboxLinks(to, path)).find((l) => !before.includes(l))), { timeout: 20_000 })
    .toBeTruthy();
  return link!;
}

/** Requests a magic link from the form on the current page, then opens and confirms it. */
async function signInByMagicLink(page: Page, email: string): Promise<void> {
  const before = await mailboxLinks(email, '/auth/magic-link');
  const field = page.getByLabel('Email address');
  if ((await field.inputValue()) !== email) await field.fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByTestId('magic-link-sent').waitFor();
  await expectAccessible(page);
  await page.goto(await newMailLink(email, '/auth/magic-link', before));
  // The confirm page consumes nothing until its button posts the form.
  await expectAccessible(page);
  await page.locator('form button, form [type="submit"]').first().click();
  await page.waitForLoadState('networkidle');
}

describe('a student signs in by magic link', () => {
  it('is signed in on Breslov and not on Acme', async () => {
    const page = await newPage();
    await page.goto(`${breslov()}/`);
    await page.getByTestId('sign-in-link').click();
    await page.getByLabel('Email address').waitFor();
    await expectAccessible(page);

    await signInByMagicLink(page, 'student@breslov.test');
    await page.waitForURL(`${breslov()}/`);
    await expect.poll(() => page.getByTestId('signed-in-name').textContent()).toBe('Student at Breslov');
    await expectAccessible(page);

    await page.goto(`${breslov()}/account`);
    await expect.poll(() => page.getByTestId('profile-email').textContent()).toBe('student@breslov.test');
    await page.getByTestId('current-session').waitFor();
    expect(await page.getByTestId('current-session').count()).toBe(1);
    await expectAccessible(page);

    // Same browser, sibling school: not signed in there, and Breslov's cookie is worthless
    // even when it is sent to Acme on purpose.
    await page.goto(`${acme()}/`);
    await page.getByTestId('sign-in-link').waitFor();
    expect(await page.getByTestId('signed-in-name').count()).toBe(0);
    await expectAccessible(page);
    const cookie = (await page.context().cookies(breslov())).map((c) => `${c.name}=${c.value}`).join('; ');
    expect(await statusWithCookie('breslov.localhost', '/api/me', cookie)).toBe(200);
    expect(await statusWithCookie('acme.localhost', '/api/me', cookie)).toBe(401);
  });
});

describe('an owner invites an instructor', () => {
  it('the invitee signs in through the invitation, accepts and sees the staff view', async () => {
    const invitee = 'new.instructor@breslov.test';
    const owner = await newPage();
    await owner.goto(`${breslov()}/admin/members`);
    // Signed out, the admin page sends the owner to sign in and brings them back.
    await owner.waitForURL(`${breslov()}/sign-in?returnTo=%2Fadmin%2Fmembers`);
    await signInByMagicLink(owner, 'owner@breslov.test');
    await owner.waitForURL(`${breslov()}/admin/members`);
    await owner.getByTestId('members-table').waitFor();
    await expectAccessible(owner);

    const before = await mailboxLinks(invitee, '/invitations/accept');
    const form = owner.getByTestId('invite-form');
    await form.getByLabel('Email address').fill(invitee);
    await form.getByLabel('Role').selectOption('instructor');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByTestId('invite-sent').waitFor();
    await expect.poll(() => owner.getByTestId('invitations-table').textContent()).toContain(invitee);
    await expectAccessible(owner);

    const page = await newPage();
    await page.goto(await newMailLink(invitee, '/invitations/accept', before));
    await page.getByRole('heading', { name: 'Join Breslov University' }).waitFor();
    expect(await page.getByLabel('Email address').inputValue()).toBe(invitee);
    await expectAccessible(page);

    await signInByMagicLink(page, invitee);
    await page.waitForURL(/\/invitations\/accept\?token=/);
    // Signing in through the invitation may already accept it; otherwise the page offers to.
    const accepted = page.getByTestId('invitation-accepted');
    const acceptButton = page.getByTestId('accept-invitation');
    await accepted.or(acceptButton).waitFor();
    if (await acceptButton.isVisible()) await acceptButton.click();
    await accepted.waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Go to the staff view' }).click();
    await page.getByTestId('staff-view').waitFor();
    expect(await page.getByTestId('staff-view').textContent()).toContain('Instructor');
    await expectAccessible(page);
  });
});
