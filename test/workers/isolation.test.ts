import { describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import { DEMO_SCHOOLS } from '../../scripts/lib/demo-schools.ts';
import { ACME, BRESLOV, hostOf, request } from './fixtures.ts';

/**
 * Isolation canaries: every school database holds a unique canary. No response on one host
 * may carry another school's canary, whatever the path, headers or accepted type.
 */
const HOSTS = [hostOf(BRESLOV), hostOf(ACME), 'localhost', 'auth.localhost', 'unknown.localhost'];
const PATHS = ['/api/me', '/api/me/sessions', '/', '/api/school', '/api/schools', '/api/health', '/courses/intro', '/api/does-not-exist', '/auth/x', '/files/x', '/webhooks/x', '/api/admin/members', '/api/admin/invitations', '/api/invitations/lookup', '/api/admin/sign-in-policy', '/api/auth/methods', '/auth/google/start', '/auth/microsoft/start', '/auth/google/callback', '/auth/microsoft/callback', '/auth/handoff', '/auth/magic-link', '/__dev/mailbox', '/__dev/mailbox.json', '/api/admin/courses', '/api/admin/courses/:courseId', '/api/admin/lessons/:lessonId/transcripts', '/api/courses', '/api/courses/:slug', '/api/courses/:slug/lessons/:lessonId', '/api/me/learning', '/api/admin/courses/:courseId/roster', '/api/admin/courses/:courseId/files', '/api/admin/files/:fileId', '/media/covers/:courseId', '/api/courses/:slug/downloads', '/files/:token', '/api/admin/lessons/:lessonId/video', '/api/lessons/:lessonId/captions/:file', '/media/video/:token', '/api/admin/protection', '/api/admin/courses/:courseId/protection', '/api/admin/stripe', '/api/admin/offers', '/api/admin/pricing-requests', '/api/admin/coupons', '/api/admin/transactions', '/api/admin/transactions.csv', '/api/offers/:offerId', '/api/checkout/sessions/:sessionId', '/api/me/purchases', '/api/me/purchases/:transactionId', '/api/applications/slug-check', '/api/admin/org-units', '/api/admin/org-units/:unitId/members', '/api/admin/org-unit-assignments', '/api/admin/brand', '/brand/logo', '/brand/favicon', '/api/admin/domains'];
const ACCEPTS = ['application/json', 'text/html'];
const SPOOFS = [{}, ...DEMO_SCHOOLS.map((s) => ({ 'x-forwarded-host': hostOf(s), forwarded: `host=${hostOf(s)}` }))];

function canariesIn(body: string): string[] {
  return DEMO_SCHOOLS.filter((s) => body.includes(s.canary)).map((s) => s.slug);
}

describe('isolation canaries', () => {
  it('each school host can read its own canary (the check below is not vacuous)', async () => {
    for (const school of DEMO_SCHOOLS) {
      const body = await (await request(hostOf(school), '/api/school')).text();
      expect(canariesIn(body)).toEqual([school.slug]);
    }
  });

  it('no endpoint on one host ever returns another school’s canary', async () => {
    const leaks: string[] = [];
    for (const host of HOSTS) {
      const own = DEMO_SCHOOLS.find((s) => hostOf(s) === host)?.slug;
      for (const path of PATHS) {
        for (const accept of ACCEPTS) {
          for (const spoof of SPOOFS) {
            const res = await request(host, path, { headers: { accept, ...spoof } });
            const foreign = canariesIn(await res.text()).filter((slug) => slug !== own);
            if (foreign.length) leaks.push(`${host}${path} (${accept}, ${JSON.stringify(spoof)}) → ${foreign.join(', ')}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    // Hosts × paths × accept types × spoofed headers: over a thousand requests.
  }, 60_000);

  it('sweeps every GET route the app has (a new endpoint must join the sweep)', () => {
    const routed = app.routes
      .filter((r) => r.method === 'GET' && !r.path.includes('*'))
      .map((r) => r.path);
    for (const path of routed) expect(PATHS).toContain(path);
  });
});
