import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getViaLoopback, type LocalRuntime, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { launchChromium } from './browser.ts';
import { expectAccessible, newPage, signInByMagicLink } from './journey-helpers.ts';

/**
 * A school's own domain against a real `wrangler dev` whose DNS-over-HTTPS lookups (DOH_URL)
 * go to a small DNS-JSON responder started here, so the test decides what DNS says. The
 * owner adds learn.breslov.test, is shown the TXT record, checks before it exists (pending,
 * with the reason), then the record appears — split into two character strings, as long TXT
 * values are — and the next check makes the domain active. Chromium resolves the name to
 * loopback, so the school really answers there; made primary, the subdomain redirects to it
 * (301, same path). Cookies are host-bound, so the owner signs in again on the new host and
 * removes the domain there, after which it answers 404 and the subdomain serves again. axe
 * runs on every page the journey visits, dialogs open included.
 */
const PORT = 8801;
const CUSTOM = 'learn.breslov.test';
const RECORD_NAME = `_lectern-verify.${CUSTOM}`;

let runtime: LocalRuntime;
let browser: Browser;
let dns: Server;

/** What the fake DNS knows: record name → the `data` of each TXT answer, as resolvers show it. */
const txtRecords = new Map<string, string[]>();
const dnsQueries: string[] = [];

/** Answers `GET /dns-query?name=…&type=TXT` the way Cloudflare's and Google's JSON resolvers do. */
function startDnsResponder(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dns.test');
    const name = (url.searchParams.get('name') ?? '').toLowerCase().replace(/\.$/, '');
    if (url.pathname !== '/dns-query' || url.searchParams.get('type') !== 'TXT') {
      res.writeHead(400, { 'content-type': 'application/dns-json' }).end(JSON.stringify({ Status: 1 }));
      return;
    }
    dnsQueries.push(name);
    const records = txtRecords.get(name);
    const body = records
      ? { Status: 0, Question: [{ name, type: 16 }], Answer: records.map((data) => ({ name: `${name}.`, type: 16, TTL: 60, data })) }
      : { Status: 3, Question: [{ name, type: 16 }] };
    res.writeHead(200, { 'content-type': 'application/dns-json' }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  dns = await startDnsResponder();
  const dnsPort = (dns.address() as AddressInfo).port;
  runtime = await startLocalRuntime({ port: PORT, vars: { DOH_URL: `http://127.0.0.1:${dnsPort}/dns-query` } });
  browser = await launchChromium({ loopbackHosts: [CUSTOM] });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await new Promise((resolve) => dns?.close(resolve));
});

const breslov = () => runtime.origin('breslov.localhost');
const custom = () => runtime.origin(CUSTOM);
const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 200 });

/** A full-page screenshot into $SHOTS_DIR when it is set (for looking at the screens, not asserting). */
async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SHOTS_DIR) return;
  await mkdir(process.env.SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/domains-${name}.png`, fullPage: true });
}

const row = (page: Page, hostname: string) => page.locator(`[data-testid="domain-row"][data-hostname="${hostname}"]`);
const setup = (page: Page, hostname: string) => page.locator(`[data-testid="domain-setup"][data-hostname="${hostname}"]`);

describe('custom domains', () => {
  it('the owner adds a domain, verifies it through DNS, makes it primary, then removes it', async () => {
    const page = await newPage(browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: breslov() });
    await page.goto(`${breslov()}/sign-in?returnTo=${encodeURIComponent('/admin/domains')}`);
    await signInByMagicLink(page, runtime, 'owner@breslov.test');
    await page.waitForURL(`${breslov()}/admin/domains`);

    // Only the platform address at first: primary, no domain of the school's own.
    await page.getByTestId('domains-empty').waitFor();
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    expect(await nav.getByRole('link', { name: 'Domains' }).getAttribute('aria-current')).toBe('page');
    expect(await row(page, 'breslov.localhost').getByTestId('domain-primary').textContent()).toBe('Primary');
    await expectAccessible(page);

    // The Worker's refusal sits beside the field.
    const form = page.getByTestId('add-domain-form');
    const field = form.getByLabel('Domain name');
    await field.fill('courses.localhost');
    await form.getByRole('button', { name: 'Add domain' }).click();
    await poll(() => form.locator('.field__error').allTextContents()).toEqual(["Addresses under localhost are the platform's own; add a domain you control."]);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'refused');
    await expectAccessible(page);

    // Added: pending, with the exact TXT record to create, and focus on its panel.
    await field.fill(`https://${CUSTOM.toUpperCase()}/`);
    await form.getByRole('button', { name: 'Add domain' }).click();
    const panel = setup(page, CUSTOM);
    await panel.waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Verify ${CUSTOM}`);
    expect(await row(page, CUSTOM).getByTestId('domain-status').textContent()).toBe('Pending');
    const record = panel.locator('[data-testid="dns-record"][data-record-type="TXT"]');
    expect(await record.getByTestId('dns-record-type').textContent()).toBe('TXT');
    expect(await record.getByTestId('dns-record-name').textContent()).toBe(RECORD_NAME);
    const value = (await record.getByTestId('dns-record-value').textContent())!;
    expect(value).toMatch(/^lectern-verify=[0-9a-f]{40}$/);
    expect(await form.locator('.field__error').count()).toBe(0);

    // Copy puts the value in the clipboard and says so.
    await record.getByRole('button', { name: `Copy the value of the TXT record for ${CUSTOM}` }).click();
    await poll(() => record.getByTestId('dns-record-announcement').textContent()).toBe(`The value of the TXT record for ${CUSTOM} was copied.`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    await expectAccessible(page);

    // Checked before the record exists: still pending, and the panel says why.
    const checkNow = panel.getByRole('button', { name: `Check now ${CUSTOM}` });
    await checkNow.click();
    await poll(() => panel.getByTestId('check-result').textContent()).toBe(`Checked just now: not verified yet. ${RECORD_NAME} does not exist in DNS yet.`);
    expect(dnsQueries).toContain(RECORD_NAME);
    expect(await row(page, CUSTOM).getByTestId('domain-status').textContent()).toBe('Pending');
    expect(await row(page, CUSTOM).getByTestId('domain-details').textContent()).toBe(`${RECORD_NAME} does not exist in DNS yet.`);
    await shot(page, 'pending');
    await expectAccessible(page);

    // The record appears, as two quoted character strings; the next check makes it active.
    txtRecords.set(RECORD_NAME, ['"some-other=verification"', `"${value.slice(0, 23)}" "${value.slice(23)}"`]);
    await checkNow.click();
    const status = page.getByTestId('domains-status');
    await poll(() => status.locator('.notice__title').textContent()).toBe(`${CUSTOM} is active`);
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('domains-status');
    expect(await row(page, CUSTOM).getByTestId('domain-status').textContent()).toBe('Active');
    expect(await panel.count()).toBe(0);
    await shot(page, 'active');
    await expectAccessible(page);

    // The school now answers on its own domain.
    const visitor = await newPage(browser);
    await visitor.goto(`${custom()}/`);
    expect(await visitor.getByTestId('school-name').textContent()).toBe('Breslov University');
    await expectAccessible(visitor);

    // Made primary (from the offer in the result), after a confirmation that explains it.
    await status.getByRole('button', { name: `Make ${CUSTOM} primary` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`must sign in again on ${CUSTOM}`);
    await shot(page, 'primary-dialog');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Make primary' }).click();
    await poll(() => status.locator('.notice__title').textContent()).toBe(`${CUSTOM} is now the primary address`);
    expect(await row(page, CUSTOM).getByTestId('domain-primary').textContent()).toBe('Primary');
    expect(await row(page, 'breslov.localhost').getByTestId('domain-primary').count()).toBe(0);
    await shot(page, 'moved');
    await expectAccessible(page);

    // Every other host sends visitors there with a 301, path kept.
    const redirect = await getViaLoopback(runtime.port, 'breslov.localhost', '/courses');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`${custom()}/courses`);
    await visitor.goto(`${breslov()}/courses`);
    expect(visitor.url()).toBe(`${custom()}/courses`);
    await visitor.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(visitor);
    await visitor.context().close();

    // The admin goes on at the primary host; sign-ins are per host, so it asks to sign in there.
    await status.getByRole('link', { name: `Open the admin on ${CUSTOM}` }).click();
    await page.waitForURL(new RegExp(`^${custom()}/sign-in\\?returnTo=`));
    await signInByMagicLink(page, runtime, 'owner@breslov.test');
    await page.waitForURL(`${custom()}/admin/domains`);
    await row(page, CUSTOM).getByTestId('domain-primary').waitFor();
    await expectAccessible(page);

    // Removed with confirmation: it stops serving at once and the subdomain is primary again.
    await row(page, CUSTOM).getByRole('button', { name: `Remove ${CUSTOM}` }).click();
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe(`Remove ${CUSTOM}?`);
    expect(await dialog.textContent()).toContain(`${CUSTOM} stops serving Breslov University immediately`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await shot(page, 'remove-dialog');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await row(page, CUSTOM).getByRole('button', { name: `Remove ${CUSTOM}` }).click();
    await dialog.getByRole('button', { name: 'Remove domain' }).click();
    await poll(() => status.locator('.notice__title').textContent()).toBe(`${CUSTOM} was removed`);
    await shot(page, 'removed');
    await expectAccessible(page);

    expect((await getViaLoopback(runtime.port, CUSTOM, '/')).status).toBe(404);
    expect((await getViaLoopback(runtime.port, 'breslov.localhost', '/courses')).status).toBe(200);
    const gone = await (await newPage(browser)).goto(`${custom()}/courses`);
    expect(gone?.status()).toBe(404);

    // Back on the subdomain, where the owner's first sign-in still holds.
    await status.getByRole('link', { name: 'Open the admin on breslov.localhost' }).click();
    await page.waitForURL(`${breslov()}/admin/domains`);
    await page.getByTestId('domains-empty').waitFor();
    expect(await row(page, 'breslov.localhost').getByTestId('domain-primary').textContent()).toBe('Primary');
    await expectAccessible(page);
    await page.context().close();
  });
});
