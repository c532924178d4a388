import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, with only loopback traffic (this machine has no other network).
 * `loopbackHosts` are more names to resolve to 127.0.0.1 (a school's custom domain, say).
 */
export function launchChromium({ loopbackHosts = [] }: { loopbackHosts?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // *.localhost is loopback by spec; pin it to the IPv4 address wrangler listens on.
      `--host-resolver-rules=${['*.localhost', 'localhost', ...loopbackHosts].map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`,
    ],
  });
}

/** axe-core on the current page: serious and critical violations fail the journey. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
