import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/platform/crypto.ts';
import { fakeD1, type FakeD1 } from '../test-support/fake-d1.ts';
import { tempProject, type TempProject } from '../test-support/temp-project.ts';
import {
  approveApplication,
  formatApplicationTable,
  listApplications,
  OWNER_INVITATION_TTL_MS,
  parseStatusFilter,
  rejectApplication,
} from './applications.ts';
import { OperatorError } from './cli.ts';
import { prepareLocalState } from './local-state.ts';
import type { CreateStep, ProvisionContext } from './provision-school.ts';
import { insertSql } from './sql.ts';
import { REPO_ROOT } from './wrangler.ts';
import { readD1Bindings } from './wrangler-config.ts';

let project: TempProject;
let d1: FakeD1;
const lines: string[] = [];
const NOW = Date.UTC(2026, 11, 1, 12);

beforeEach(async () => {
  project = tempProject();
  d1 = fakeD1(project.config);
  await prepareLocalState({ config: project.config, persistTo: project.persistTo, d1 });
  lines.length = 0;
});
afterEach(() => project.remove());

const platform = () => d1.database('PLATFORM_DB');
const all = (sql: string, ...params: Array<string | number>) => platform().prepare(sql).all(...params) as Array<Record<string, unknown>>;

function addApplication(fields: { slug: string; name?: string; email?: string; status?: string; createdAt?: number }): string {
  const id = crypto.randomUUID();
  platform().exec(
    insertSql(
      'tenant_applications',
      {
        id,
        school_name: fields.name ?? 'Gamma School',
        desired_slug: fields.slug,
        contact_email: fields.email ?? 'founder@example.com',
        status: fields.status ?? 'pending',
        created_at: fields.createdAt ?? NOW,
      },
      null,
    ),
  );
  return id;
}

function context(afterStep?: (step: CreateStep) => void): ProvisionContext & { now: () => number } {
  return { mode: 'local', configPath: project.config, d1, actor: 'test-operator', log: (line) => lines.push(line), afterStep, now: () => NOW };
}

/** Everything approval may touch, for "nothing changed" checks. */
function snapshot() {
  return {
    applications: all('SELECT * FROM tenant_applications ORDER BY id'),
    schools: all('SELECT * FROM schools ORDER BY id'),
    outbox: all('SELECT * FROM mail_outbox ORDER BY id'),
    audit: all('SELECT * FROM operator_audit ORDER BY id'),
    toml: readFileSync(project.config, 'utf8'),
  };
}

describe('applications:list', () => {
  it('lists pending applications oldest first, or any status asked for', async () => {
    const second = addApplication({ slug: 'second', createdAt: NOW + 1 });
    const first = addApplication({ slug: 'first' });
    addApplication({ slug: 'done', status: 'rejected' });
    expect((await listApplications(d1, 'pending')).map((row) => row.id)).toEqual([first, second]);
    expect((await listApplications(d1, 'rejected')).map((row) => row.desired_slug)).toEqual(['done']);
    expect(await listApplications(d1, 'all')).toHaveLength(3);
    const table = formatApplicationTable(await listApplications(d1, 'pending')).split('\n');
    expect(table[0]).toMatch(/^ID\s+RECEIVED\s+STATUS\s+SLUG\s+SCHOOL\s+CONTACT\s+REVIEWED$/);
    expect(table[1]).toContain(`${first}  2026-12-01 12:00  pending  first`);
  });

  it('--status accepts the three statuses and all, defaulting to pending', () => {
    expect(parseStatusFilter(undefined)).toBe('pending');
    expect(parseStatusFilter('all')).toBe('all');
    expect(parseStatusFilter('approved')).toBe('approved');
    expect(() => parseStatusFilter('everything')).toThrow(/--status must be one of/);
  });
});

describe('applications:approve', () => {
  it('provisions the school, invites the applicant as owner and marks the application approved', async () => {
    const id = addApplication({ slug: 'gamma', name: 'Gamma School', email: 'Founder@Example.com' });
    const approved = await approveApplication(context(), id);
    expect(approved).toMatchObject({ url: 'http://gamma.localhost:8787', binding: 'SCHOOL_GAMMA', invitedEmail: 'founder@example.com', resumed: false });
    expect(approved.application).toMatchObject({ status: 'approved', reviewed_by: 'test-operator', reviewed_at: NOW, decision_note: null });

    const [school] = all('SELECT id, name, status, is_public FROM schools WHERE slug = ?', 'gamma');
    expect(school).toEqual({ id: approved.schoolId, name: 'Gamma School', status: 'active', is_public: 0 });
    expect(readD1Bindings(readFileSync(project.config, 'utf8')).map((entry) => entry.binding)).toContain('SCHOOL_GAMMA');

    const invitations = d1.database('SCHOOL_GAMMA').prepare('SELECT * FROM invitations').all() as Array<Record<string, unknown>>;
    expect(invitations).toEqual([
      expect.objectContaining({
        school_id: approved.schoolId,
        email: 'founder@example.com',
        role: 'owner',
        invited_by: 'operator:test-operator',
        expires_at: NOW + OWNER_INVITATION_TTL_MS,
        accepted_at: null,
        revoked_at: null,
        token_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);

    const mails = all(`SELECT * FROM mail_outbox WHERE kind = 'invitation'`);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toMatchObject({ school_id: approved.schoolId, to_address: 'founder@example.com', from_address: 'no-reply@localhost', status: 'pending', attempts: 0, subject: 'You are invited to join Gamma School' });
    expect(mail.text_body).toContain('invited you to join Gamma School as an owner');
    // The mailed link carries the token whose hash is stored, on the new school's host.
    const link = /Accept the invitation: (\S+)/.exec(String(mail.text_body))![1]!;
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('http://gamma.localhost:8787/invitations/accept');
    expect(await sha256Hex(url.searchParams.get('token')!)).toBe(invitations[0]!.token_hash);

    expect(all('SELECT actor, action, school_id FROM operator_audit ORDER BY created_at, action DESC').map((row) => row.action)).toEqual(
      expect.arrayContaining(['application.approve.started', 'school.create.started', 'school.create', 'application.approve']),
    );
    expect(all(`SELECT actor, school_id, details FROM operator_audit WHERE action = 'application.approve'`)).toEqual([
      { actor: 'test-operator', school_id: approved.schoolId, details: expect.stringContaining(id) },
    ]);
  });

  it('approving twice (or a rejected application) is refused, changing nothing', async () => {
    const id = addApplication({ slug: 'gamma' });
    await approveApplication(context(), id);
    const before = snapshot();
    await expect(approveApplication(context(), id)).rejects.toThrow(new RegExp(`^Application ${id} \\("gamma"\\) was already approved by test-operator on .*; nothing was changed\\.$`));
    const rejected = addApplication({ slug: 'delta', status: 'rejected' });
    await expect(approveApplication(context(), rejected)).rejects.toThrow(/already rejected; nothing was changed/);
    expect(snapshot()).toEqual({ ...before, applications: expect.any(Array) });
    expect(snapshot().applications.find((row) => row.id === id)).toEqual(before.applications.find((row) => row.id === id));
  });

  it('a slug some school already has is refused before anything is written', async () => {
    const id = addApplication({ slug: 'breslov', name: 'Another Breslov' });
    const before = snapshot();
    await expect(approveApplication(context(), id)).rejects.toThrow(/"breslov" already belongs to Breslov University \(active\); nothing was changed\. Reject this application/);
    expect(snapshot()).toEqual(before);
  });

  it('an unknown or malformed id is a clear error', async () => {
    await expect(approveApplication(context(), crypto.randomUUID())).rejects.toThrow(/^No application has the id/);
    await expect(approveApplication(context(), "x' OR 1=1 --")).rejects.toThrow(OperatorError);
  });

  it('an interrupted approval is finished by running it again, with one working invitation', async () => {
    const id = addApplication({ slug: 'gamma' });
    await expect(approveApplication(context((step) => { if (step === 'migrations') throw new Error('wrangler crashed'); }), id)).rejects.toThrow('wrangler crashed');
    expect(all('SELECT status FROM tenant_applications WHERE id = ?', id)).toEqual([{ status: 'pending' }]);
    const first = await approveApplication(context(), id);
    expect(first.application.status).toBe('approved');
    expect(all('SELECT status FROM schools WHERE slug = ?', 'gamma')).toEqual([{ status: 'active' }]);
    expect(all(`SELECT id FROM mail_outbox WHERE kind = 'invitation'`)).toHaveLength(1);
  });

  it('after the school exists, a crash before the decision is finished without provisioning twice', async () => {
    const id = addApplication({ slug: 'gamma' });
    d1.failNext('execute SCHOOL_GAMMA'); // the school-rows step
    await expect(approveApplication(context(), id)).rejects.toThrow(/re-run the same command/);
    await approveApplication(context(), id);
    // A crash after activation but before the invitation: simulate by resetting the decision.
    platform().exec(`UPDATE tenant_applications SET status = 'pending', reviewed_by = NULL, reviewed_at = NULL WHERE id = '${id}'`);
    const again = await approveApplication(context(), id);
    expect(again.resumed).toBe(true);
    expect(lines).toContain('school "gamma" already provisioned by an earlier run of this approval; inviting the owner');
    const invitations = d1.database('SCHOOL_GAMMA').prepare('SELECT revoked_at FROM invitations ORDER BY created_at, revoked_at').all() as Array<{ revoked_at: number | null }>;
    expect(invitations.filter((row) => row.revoked_at === null)).toHaveLength(1);
    expect(all(`SELECT id FROM schools WHERE slug = 'gamma'`)).toHaveLength(1);
  });

  it('keeps the invitation lifetime in step with the Worker’s', () => {
    const source = readFileSync(path.join(REPO_ROOT, 'src/modules/members/invitations.ts'), 'utf8');
    expect(source).toContain('export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;');
    expect(OWNER_INVITATION_TTL_MS).toBe(7 * 24 * 60 * 60 * 1000);
  });
});

describe('applications:reject', () => {
  it('marks the application rejected with the reason and audits it; a second decision is refused', async () => {
    const id = addApplication({ slug: 'gamma' });
    const { application } = await rejectApplication({ d1, actor: 'test-operator', now: () => NOW }, id, '  Spam  ');
    expect(application).toMatchObject({ status: 'rejected', reviewed_by: 'test-operator', reviewed_at: NOW, decision_note: 'Spam' });
    expect(all(`SELECT actor, details FROM operator_audit WHERE action = 'application.reject'`)).toEqual([
      { actor: 'test-operator', details: expect.stringContaining('"reason":"Spam"') },
    ]);
    const before = snapshot();
    await expect(rejectApplication({ d1, actor: 'someone-else' }, id, 'again')).rejects.toThrow(/already rejected by test-operator/);
    await expect(approveApplication(context(), id)).rejects.toThrow(/already rejected/);
    expect(snapshot()).toEqual(before);
    expect(all(`SELECT id FROM schools WHERE slug = 'gamma'`)).toEqual([]);
  });

  it('needs a real reason', async () => {
    const id = addApplication({ slug: 'gamma' });
    await expect(rejectApplication({ d1, actor: 'op' }, id, '   ')).rejects.toThrow(/--reason cannot be empty/);
    await expect(rejectApplication({ d1, actor: 'op' }, id, 'x'.repeat(501))).rejects.toThrow(/at most 500/);
    expect(all('SELECT status FROM tenant_applications WHERE id = ?', id)).toEqual([{ status: 'pending' }]);
  });
});
