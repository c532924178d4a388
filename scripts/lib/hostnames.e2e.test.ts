import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DohResponder, startDohResponder } from '../test-support/doh-responder.ts';
import { queryLocalD1 } from '../test-support/local-d1-files.ts';
import { runScript, tempProject, type TempProject } from '../test-support/temp-project.ts';
import { prepareLocalState } from './local-state.ts';
import { wranglerD1 } from './wrangler.ts';

/**
 * hostname:add, hostname:verify and hostname:remove end to end, locally, through the real
 * wrangler and miniflare on a temporary copy of the project, with DNS answered by a local
 * DNS-over-HTTPS JSON responder (DOH_URL). Slow: one test on purpose; the rules are covered
 * in hostnames.test.ts against an in-memory D1.
 */

const BRESLOV = 'a6f1c1d2-0b7e-4a43-9d0e-5b1f4b2b0001';
let project: TempProject;
let flags: string[];
let doh: DohResponder;

beforeAll(async () => {
  project = tempProject();
  flags = ['--local', '--config', project.config, '--persist-to', project.persistTo];
  doh = await startDohResponder();
  await prepareLocalState({ config: project.config, persistTo: project.persistTo });
}, 240_000);
afterAll(async () => {
  await doh?.close();
  project?.remove();
});

const rows = (sql: string, params: Array<string | number> = []) => queryLocalD1(project.persistTo, sql, params);

describe('hostname commands against local D1', () => {
  it('adds a custom domain, verifies it against DNS, and removes it with primary handed back to the subdomain', async () => {
    const env = { LECTERN_OPERATOR: 'e2e-operator', DOH_URL: doh.url };

    const add = await runScript('hostname.ts', ['add', '--school', 'breslov', '--hostname', 'Learn.Example.com', ...flags], env);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const name = /^ {2}name {3}(\S+)$/m.exec(add.stdout)?.[1];
    const value = /^ {2}value {2}(\S+)$/m.exec(add.stdout)?.[1];
    expect(name).toBe('_lectern-verify.learn.example.com');
    expect(value).toMatch(/^lectern-verify=[0-9a-f]{40}$/);
    expect(add.stdout).toContain('Added learn.example.com to "breslov" (pending)');
    expect(rows('SELECT school_id, kind, status, is_primary FROM school_hostnames WHERE hostname = ?', ['learn.example.com'])).toEqual([
      { school_id: BRESLOV, kind: 'custom', status: 'pending', is_primary: 0 },
    ]);

    // The customer's DNS provider splits the value into two character strings.
    doh.txt(name!, `"${value!.slice(0, 25)}" "${value!.slice(25)}"`);
    const verify = await runScript('hostname.ts', ['verify', '--hostname', 'learn.example.com', ...flags], env);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(doh.asked).toEqual(['_lectern-verify.learn.example.com']);
    expect(verify.stdout).toContain('DNS: TXT _lectern-verify.learn.example.com → match');
    expect(verify.stdout).toMatch(/^before: pending \(hostname pending\)$/m);
    expect(verify.stdout).toMatch(/^after: {2}active \(hostname active\)$/m);
    expect(verify.stdout).toContain('cache hostnames for up to 30 seconds');
    expect(rows('SELECT status, verified_at IS NOT NULL AS verified FROM domain_verifications WHERE hostname = ?', ['learn.example.com'])).toEqual([{ status: 'active', verified: 1 }]);
    expect(rows('SELECT status FROM school_hostnames WHERE hostname = ?', ['learn.example.com'])).toEqual([{ status: 'active' }]);

    // The admin made it primary (as "Make primary" does).
    await wranglerD1({ mode: 'local', config: project.config, persistTo: project.persistTo }).execute('PLATFORM_DB', [
      `UPDATE school_hostnames SET is_primary = (hostname = 'learn.example.com') WHERE school_id = '${BRESLOV}';`,
    ]);

    const subdomain = await runScript('hostname.ts', ['remove', '--hostname', 'breslov.localhost', ...flags], env);
    expect(subdomain.code).toBe(1);
    expect(subdomain.stderr).toMatch(/^error: breslov\.localhost is the subdomain of "breslov"; a school's subdomain cannot be removed/);

    const remove = await runScript('hostname.ts', ['remove', '--hostname', 'learn.example.com', ...flags], env);
    expect(remove.stderr).toBe('');
    expect(remove.code).toBe(0);
    expect(remove.stdout).toContain('Removed learn.example.com from "breslov"; it was active (hostname active, primary).');
    expect(remove.stdout).toContain('The primary host is breslov.localhost again.');
    expect(remove.stdout).toContain('cache hostnames for up to 30 seconds');
    expect(rows('SELECT hostname FROM school_hostnames WHERE hostname = ?', ['learn.example.com'])).toEqual([]);
    expect(rows('SELECT hostname FROM domain_verifications', [])).toEqual([]);
    expect(rows('SELECT hostname FROM school_hostnames WHERE school_id = ? AND is_primary = 1', [BRESLOV])).toEqual([{ hostname: 'breslov.localhost' }]);

    const audit = rows(`SELECT action, school_id, details FROM operator_audit WHERE actor = 'e2e-operator' ORDER BY created_at`);
    expect(audit.map((row) => [row.action, row.school_id])).toEqual([
      ['hostname.add', BRESLOV],
      ['hostname.verify', BRESLOV],
      ['hostname.remove', BRESLOV],
    ]);
    expect(JSON.parse(String(audit[1]!.details))).toMatchObject({ hostname: 'learn.example.com', dns: 'match', before: { status: 'pending' }, after: { status: 'active' } });
  }, 240_000);
});
