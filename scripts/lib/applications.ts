// The invitation mail helper (src/modules/members/invitation-mail.ts) is typed against the
// Worker's context, whose types name D1Database and friends: only types, nothing at run time.
/// <reference types="@cloudflare/workers-types" />
import type { ResolvedSchool } from '../../src/modules/tenancy/resolve-school.ts';
import { invitationMail } from '../../src/modules/members/invitation-mail.ts';
import { randomToken, sha256Hex } from '../../src/platform/crypto.ts';
import type { Env } from '../../src/platform/env.ts';
import { bindingForSlug, checkSlug } from '../../src/modules/tenancy/slug.ts';
import { operatorAuditSql } from './audit.ts';
import { OperatorError } from './cli.ts';
import { executePlatform, findSchoolBySlug } from './platform-schools.ts';
import { createSchool, type ProvisionContext } from './provision-school.ts';
import { parseCreateSchoolInput } from './school-input.ts';
import { insertSql, sqlLiteral } from './sql.ts';
import type { D1Gateway } from './wrangler.ts';
import { readConfigFile, readPlatformDomain } from './wrangler-config.ts';
import { subdomainHostname } from '../../src/modules/tenancy/hostname.ts';

/**
 * `applications:list|approve|reject`: the operator's side of "Start a school". Approval runs
 * the same six-step create flow as `school:create`, then invites the applicant as owner the
 * way an admin's invitation does (token hash in the school database, the mail in the
 * platform outbox, delivered by the Worker's queue consumer or its `mail.sweep` cron).
 */

/**
 * Mirrors INVITATION_TTL_MS in src/modules/members/invitations.ts, which Node cannot import
 * (it pulls in `cloudflare:` modules); applications.test.ts checks the two agree.
 */
export const OWNER_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationRow = {
  id: string;
  school_name: string;
  desired_slug: string;
  contact_email: string;
  status: ApplicationStatus;
  reviewed_by: string | null;
  reviewed_at: number | null;
  decision_note: string | null;
  created_at: number;
};

const COLUMNS = 'id, school_name, desired_slug, contact_email, status, reviewed_by, reviewed_at, decision_note, created_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_LIMIT = 500;

export function listApplicationsSql(status: ApplicationStatus | 'all'): string {
  const where = status === 'all' ? '' : ` WHERE status = ${sqlLiteral(status)}`;
  return `SELECT ${COLUMNS} FROM tenant_applications${where} ORDER BY created_at ASC, id ASC LIMIT ${LIST_LIMIT};`;
}

export async function listApplications(d1: D1Gateway, status: ApplicationStatus | 'all'): Promise<ApplicationRow[]> {
  const [rows] = await executePlatform(d1, [listApplicationsSql(status)]);
  return (rows ?? []) as ApplicationRow[];
}

export function parseStatusFilter(value: string | undefined): ApplicationStatus | 'all' {
  if (value === undefined) return 'pending';
  if (value === 'all' || (APPLICATION_STATUSES as readonly string[]).includes(value)) return value as ApplicationStatus | 'all';
  throw new OperatorError(`--status must be one of pending, approved, rejected or all; got "${value}".`);
}

/** A plain table for people; `--json` prints the rows instead. */
export function formatApplicationTable(rows: ApplicationRow[]): string {
  const table = [
    ['ID', 'RECEIVED', 'STATUS', 'SLUG', 'SCHOOL', 'CONTACT', 'REVIEWED'],
    ...rows.map((row) => [
      row.id,
      new Date(row.created_at).toISOString().slice(0, 16).replace('T', ' '),
      row.status,
      row.desired_slug,
      row.school_name,
      row.contact_email,
      row.reviewed_by ? `${row.reviewed_by}${row.decision_note ? `: ${row.decision_note}` : ''}` : '',
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  return table.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** The application, which must still be pending; anything else is refused before any change. */
export async function pendingApplication(d1: D1Gateway, id: string): Promise<ApplicationRow> {
  const trimmed = id.trim();
  if (!UUID.test(trimmed)) throw new OperatorError(`--id must be an application id as shown by \`npm run applications:list\`; got "${id}".`);
  const [rows] = await executePlatform(d1, [`SELECT ${COLUMNS} FROM tenant_applications WHERE id = ${sqlLiteral(trimmed)};`]);
  const row = rows?.[0] as ApplicationRow | undefined;
  if (!row) throw new OperatorError(`No application has the id ${trimmed}; see \`npm run applications:list -- --status all\`.`);
  if (row.status !== 'pending') {
    const when = row.reviewed_at ? ` on ${new Date(row.reviewed_at).toISOString()}` : '';
    throw new OperatorError(`Application ${row.id} ("${row.desired_slug}") was already ${row.status}${row.reviewed_by ? ` by ${row.reviewed_by}` : ''}${when}; nothing was changed.`);
  }
  return row;
}

export type Decided = { application: ApplicationRow };
export type Approved = Decided & { schoolId: string; url: string; binding: string; invitedEmail: string; resumed: boolean };

/**
 * Approve: provision the school (resumable: an interrupted approval is finished by running it
 * again), invite the contact as owner, then mark the application approved and audit it.
 * A slug that some other school took meanwhile is refused, with nothing changed.
 */
export async function approveApplication(ctx: ProvisionContext & { now?: () => number }, id: string): Promise<Approved> {
  const now = ctx.now ?? Date.now;
  const application = await pendingApplication(ctx.d1, id);
  const slugCheck = checkSlug(application.desired_slug);
  if (!slugCheck.ok) throw new OperatorError(`Application ${application.id} asks for a slug the rules refuse (${slugCheck.reason}) Reject it with --reason.`);
  const input = parseCreateSchoolInput({ slug: slugCheck.slug, name: application.school_name, isPublic: false });

  // Resume marker: an approval that got as far as creating the school left this audit row.
  const [markers] = await executePlatform(ctx.d1, [
    `SELECT created_at FROM operator_audit WHERE action = 'application.approve.started' AND json_extract(details, '$.applicationId') = ${sqlLiteral(application.id)};`,
  ]);
  const existing = await findSchoolBySlug(ctx.d1, input.slug);
  // The school is this approval's own if it was reserved after this application's marker.
  const ours = existing !== null && (markers ?? []).some((marker) => Number(marker.created_at) <= existing.created_at);
  if (existing && !ours) {
    throw new OperatorError(
      `The slug "${input.slug}" already belongs to ${existing.name} (${existing.status}); nothing was changed. Reject this application with --reason, or ask the applicant for another slug.`,
    );
  }
  if (!ours) {
    await executePlatform(ctx.d1, [
      operatorAuditSql({ actor: ctx.actor, action: 'application.approve.started', schoolId: null, details: { applicationId: application.id, slug: input.slug } }, now()),
    ]);
  }

  const platformDomain = readPlatformDomain(readConfigFile(ctx.configPath));
  let schoolId: string;
  let url: string;
  let binding: string;
  if (existing && existing.status === 'active' && ours) {
    ctx.log(`school "${input.slug}" already provisioned by an earlier run of this approval; inviting the owner`);
    const hostname = subdomainHostname(input.slug, platformDomain);
    schoolId = existing.id;
    binding = existing.d1_binding;
    url = ctx.mode === 'local' ? `http://${hostname}:8787` : `https://${hostname}`;
  } else {
    const created = await createSchool(ctx, input);
    schoolId = created.school.id;
    binding = created.school.d1Binding;
    url = created.url;
  }
  if (binding !== bindingForSlug(input.slug)) throw new OperatorError(`School "${input.slug}" uses binding ${binding}; expected ${bindingForSlug(input.slug)}. Fix the row by hand.`);

  // The owner invitation, exactly as the admin screen writes one: only the token's hash is stored.
  const token = randomToken();
  const invitationId = crypto.randomUUID();
  const at = now();
  const expiresAt = at + OWNER_INVITATION_TTL_MS;
  const email = application.contact_email.trim().toLowerCase();
  await ctx.d1.execute(binding, [
    // Re-inviting revokes the address's older pending links (a resumed approval), as in the Worker.
    `UPDATE invitations SET revoked_at = ${at} WHERE school_id = ${sqlLiteral(schoolId)} AND email = ${sqlLiteral(email)} AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ${at};`,
    insertSql(
      'invitations',
      {
        id: invitationId,
        school_id: schoolId,
        email,
        role: 'owner',
        token_hash: await sha256Hex(token),
        invited_by: `operator:${ctx.actor}`,
        expires_at: expiresAt,
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
        created_at: at,
      },
      null,
    ),
  ]);

  const link = new URL(`${url}/invitations/accept`);
  link.searchParams.set('token', token);
  const mail = invitationMail(
    { env: { PLATFORM_DOMAIN: platformDomain } as Env, school: { id: schoolId, name: application.school_name } as ResolvedSchool },
    { to: email, role: 'owner', inviter: { email: `no-reply@${platformDomain}`, displayName: 'The Lectern team' }, link: link.href, expiresAt: new Date(expiresAt) },
  );
  const results = await executePlatform(ctx.d1, [
    insertSql(
      'mail_outbox',
      {
        id: crypto.randomUUID(),
        school_id: mail.schoolId,
        kind: mail.kind,
        to_address: mail.to.trim().toLowerCase(),
        from_address: mail.from,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html ?? null,
        status: 'pending',
        attempts: 0,
        created_at: at,
      },
      null,
    ),
    decisionSql(application.id, 'approved', ctx.actor, null, at),
    operatorAuditSql(
      { actor: ctx.actor, action: 'application.approve', schoolId, details: { applicationId: application.id, slug: input.slug, invitedEmail: email, invitationId } },
      at,
    ),
    `SELECT ${COLUMNS} FROM tenant_applications WHERE id = ${sqlLiteral(application.id)};`,
  ]);
  const decided = results.at(-1)?.[0] as ApplicationRow;
  return { application: decided, schoolId, url, binding, invitedEmail: email, resumed: ours };
}

/** Reject: marks the application rejected with the operator's reason, and audits it. */
export async function rejectApplication(ctx: { d1: D1Gateway; actor: string; now?: () => number }, id: string, reason: string): Promise<Decided> {
  const note = reason.trim();
  if (note.length === 0) throw new OperatorError('--reason cannot be empty: say why, for the record.');
  if (note.length > 500) throw new OperatorError(`--reason can be at most 500 characters; it has ${note.length}.`);
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(note)) throw new OperatorError('--reason cannot contain control characters.');
  const application = await pendingApplication(ctx.d1, id);
  const at = (ctx.now ?? Date.now)();
  const results = await executePlatform(ctx.d1, [
    decisionSql(application.id, 'rejected', ctx.actor, note, at),
    operatorAuditSql({ actor: ctx.actor, action: 'application.reject', schoolId: null, details: { applicationId: application.id, slug: application.desired_slug, reason: note } }, at),
    `SELECT ${COLUMNS} FROM tenant_applications WHERE id = ${sqlLiteral(application.id)};`,
  ]);
  return { application: results.at(-1)?.[0] as ApplicationRow };
}

/** Only a pending application changes; the WHERE keeps a second decision from overwriting the first. */
export function decisionSql(id: string, status: 'approved' | 'rejected', actor: string, note: string | null, at: number): string {
  return `UPDATE tenant_applications SET status = ${sqlLiteral(status)}, reviewed_by = ${sqlLiteral(actor)}, reviewed_at = ${at}, decision_note = ${sqlLiteral(note)} WHERE id = ${sqlLiteral(id)} AND status = 'pending';`;
}
