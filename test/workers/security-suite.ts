import { describe, expect, it } from 'vitest';
import type { MembershipRole } from '../../src/modules/identity/schema.ts';
import { cookieFor } from './auth.ts';
import { ACME, BRESLOV, hostOf, request } from './fixtures.ts';
import { expectErrorShape } from './hosts.ts';

const ROLES: MembershipRole[] = ['student', 'instructor', 'admin', 'owner'];

export type AccessRule = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path on Breslov's host. */
  path: string;
  body?: unknown;
  /** The least role that may call it; every role below gets 403. */
  minimumRole: MembershipRole;
  /** A path naming one of Acme's objects, requested on Breslov's host: must be 404. */
  foreignPath?: string;
};

function send(rule: AccessRule, host: string, path: string, cookie?: string) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (rule.method !== 'GET') {
    headers.origin = `http://${host}`;
    headers['content-type'] = 'application/json';
  }
  return request(host, path, { method: rule.method, headers, body: rule.body === undefined || rule.method === 'GET' ? undefined : JSON.stringify(rule.body) });
}

/**
 * The shared security suite: anonymous → 401, every role below the minimum → 403, a
 * session from another school → 401 (a cookie is worthless off its own host), another
 * school's object → 404, and the minimum role gets through. Each route file adds only
 * what is special about it.
 */
export function describeAccessRules(name: string, rule: AccessRule): void {
  describe(`${name}: access rules`, () => {
    const host = hostOf(BRESLOV);

    it('anonymous → 401', async () => {
      await expectErrorShape(await send(rule, host, rule.path), 401, 'UNAUTHORIZED');
    });

    for (const role of ROLES.slice(0, ROLES.indexOf(rule.minimumRole))) {
      it(`${role} → 403`, async () => {
        await expectErrorShape(await send(rule, host, rule.path, await cookieFor(BRESLOV, role)), 403, 'FORBIDDEN');
      });
    }

    it('a session from another school → 401', async () => {
      await expectErrorShape(await send(rule, host, rule.path, await cookieFor(ACME, 'owner')), 401, 'UNAUTHORIZED');
    });

    if (rule.foreignPath) {
      it('another school’s object → 404', async () => {
        await expectErrorShape(await send(rule, host, rule.foreignPath!, await cookieFor(BRESLOV, 'owner')), 404, 'NOT_FOUND');
      });
    }

    it(`${rule.minimumRole} gets through`, async () => {
      const res = await send(rule, host, rule.path, await cookieFor(BRESLOV, rule.minimumRole));
      expect([401, 403, 404]).not.toContain(res.status);
    });
  });
}
