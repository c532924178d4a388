import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLocalD1 } from '../test-support/local-d1-files.ts';
import { runScript, tempProject, type TempProject } from '../test-support/temp-project.ts';
import { prepareLocalState } from './local-state.ts';
import { insertSql } from './sql.ts';
import { wranglerD1 } from './wrangler.ts';

/**
 * applications:list and applications:approve end to end, locally, through the real wrangler
 * and miniflare, on a temporary copy of the project (slow: one test on purpose; the rules are
 * covered in applications.test.ts against an in-memory D1).
 */

let project: TempProject;
let flags: string[];

beforeAll(async () => {
  project = tempProject();
  flags = ['--local', '--config', project.config, '--persist-to', project.persistTo];
  await prepareLocalState({ config: project.config, persistTo: project.persistTo });
}, 240_000);
afterAll(() => project?.remove());

describe('applications commands against local D1', () => {
  it('lists a pending application, approves it into a live school with an owner invitation, and refuses a second approval', async () => {
    const id = crypto.randomUUID();
    await wranglerD1({ mode: 'local', config: project.config, persistTo: project.persistTo }).execute('PLATFORM_DB', [
      insertSql(
        'tenant_applications',
        { id, school_name: 'Omega Academy', desired_slug: 'omega', contact_email: 'founder@example.com', status: 'pending', created_at: Date.now() },
        null,
      ),
    ]);

    const listed = await runScript('applications.ts', ['list', '--json', ...flags]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, desired_slug: 'omega', status: 'pending' })]);

    const approve = await runScript('applications.ts', ['approve', '--id', id, ...flags], { LECTERN_OPERATOR: 'e2e-operator' });
    expect(approve.stderr).toBe('');
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/\[6\/6\] hostname omega\.localhost and status active \.\.\. ok/);
    expect(approve.stdout).toContain('Approved "Omega Academy": http://omega.localhost:8787');
    expect(approve.stdout).toContain('Invited founder@example.com as owner');

    expect(queryLocalD1(project.persistTo, 'SELECT status, reviewed_by FROM tenant_applications WHERE id = ?', [id])).toEqual([{ status: 'approved', reviewed_by: 'e2e-operator' }]);
    const [school] = queryLocalD1(project.persistTo, `SELECT id, status FROM schools WHERE slug = 'omega'`);
    expect(school).toMatchObject({ status: 'active' });
    expect(queryLocalD1(project.persistTo, 'SELECT email, role FROM invitations WHERE school_id = ?', [school!.id as string])).toEqual([
      { email: 'founder@example.com', role: 'owner' },
    ]);
    expect(queryLocalD1(project.persistTo, `SELECT to_address, status FROM mail_outbox WHERE kind = 'invitation' AND school_id = ?`, [school!.id as string])).toEqual([
      { to_address: 'founder@example.com', status: 'pending' },
    ]);
    expect(queryLocalD1(project.persistTo, `SELECT action FROM operator_audit WHERE actor = 'e2e-operator' AND action LIKE 'application.%' ORDER BY created_at`).map((r) => r.action)).toEqual([
      'application.approve.started',
      'application.approve',
    ]);

    const again = await runScript('applications.ts', ['approve', '--id', id, ...flags]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: Application .* \("omega"\) was already approved by e2e-operator on .*; nothing was changed\.\n$/);
  }, 240_000);
});
