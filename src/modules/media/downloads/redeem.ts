import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { type ServedObject } from '../files/object-response.ts';
import { planRange, type RangePlan } from '../files/range.ts';
import { downloadTokens } from '../schema.ts';
import { offeredDownloadQuery } from './eligibility.ts';
import { verifyDownloadToken } from './token.ts';
import { fileTokenKeys } from './token-keys.ts';

/**
 * After a link's first use, further requests with it are served for this long if they ask
 * for a byte range: a browser resuming a dropped download, or a download manager fetching in
 * pieces. A second whole download is refused. See docs/decisions/0004-download-tokens.md.
 */
export const RESUME_GRACE_MS = 60_000;

export type RefusalReason = 'invalid' | 'not_here' | 'expired' | 'used' | 'other_user' | 'gone';

const AGAIN = 'Go back to the lesson and ask for a new link.';
const REFUSALS: Record<RefusalReason, { status: 403 | 404; title: string; message: string }> = {
  // A token that does not verify names nothing: 404, like any address with nothing at it.
  invalid: { status: 404, title: 'This download link is not valid', message: `The link is incomplete or has been changed. ${AGAIN}` },
  not_here: { status: 404, title: 'No such download here', message: `There is no download at this address. ${AGAIN}` },
  expired: { status: 403, title: 'This download link has expired', message: `Download links work for 5 minutes. ${AGAIN}` },
  used: { status: 403, title: 'This download link has been used', message: `Each download link works once. ${AGAIN}` },
  other_user: { status: 403, title: 'This download link is someone else’s', message: 'It was made for another account. Signed in as yourself, go back to the lesson and ask for your own link.' },
  gone: { status: 404, title: 'This file is no longer available', message: 'It was removed from the course. Go back to the lesson to see what it offers now.' },
};

/** Why a link was not honoured; the route renders it as a page for browsers or the usual JSON error. */
export class LinkRefused extends AppError {
  readonly reason: RefusalReason;
  readonly title: string;
  readonly advice: string;

  constructor(reason: RefusalReason) {
    const { status, title, message } = REFUSALS[reason];
    super(status === 404 ? 'NOT_FOUND' : 'FORBIDDEN', status, `${title}. ${message}`, { reason });
    this.reason = reason;
    this.title = title;
    this.advice = message;
  }
}

export type RedeemInput = { token: string; method: string; ifNoneMatch?: string | null; range?: string | null; ifRange?: string | null };

/**
 * GET /files/<token>: checks the link and says what to stream. In order: the signature (any
 * listed key), the school of this host, the signed-in member if there is one (a link is its
 * owner's), then — in one batch — the single-use claim, the token row and the file. The claim
 * is `UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING`: of two requests racing
 * with the same fresh link exactly one gets the row back. HEAD never claims.
 */
export async function redeemDownloadToken({ ctx, input }: { ctx: SchoolCtx; input: RedeemInput }): Promise<{ object: ServedObject; filename: string; plan: RangePlan }> {
  const keys = await fileTokenKeys(ctx.env);
  const verified = await verifyDownloadToken(keys, input.token);
  if (!verified.ok) throw new LinkRefused('invalid');
  const { payload } = verified;
  // Another school's link is not a thing that exists on this host.
  if (payload.school !== ctx.school.id) throw new LinkRefused('not_here');
  if (ctx.actor && ctx.actor.user.id !== payload.user) throw new LinkRefused('other_user');

  const { db, scoped } = ctx.schoolDb;
  const thisToken = scoped(downloadTokens, eq(downloadTokens.id, payload.object.token), eq(downloadTokens.downloadId, payload.object.download), eq(downloadTokens.userId, payload.user));
  const claiming = input.method !== 'HEAD';
  const claim = claiming
    ? db.update(downloadTokens).set({ usedAt: ctx.now }).where(and(thisToken, isNull(downloadTokens.usedAt), gt(downloadTokens.expiresAt, ctx.now))).returning({ id: downloadTokens.id })
    : // HEAD: the same shape, claiming nothing.
      db.select({ id: downloadTokens.id }).from(downloadTokens).where(sql`0`);
  const [claimed, tokenRows, offered] = await db.batch([claim, db.select().from(downloadTokens).where(thisToken).limit(1), offeredDownloadQuery(ctx.schoolDb, payload.object.download)]);

  const row = tokenRows[0];
  const found = offered[0];
  // Deleting a download deletes its links: a genuine token without its row means the file went.
  if (!row || !found || !found.file.etag) throw new LinkRefused('gone');
  const { file } = found;
  const object: ServedObject = { key: file.key, sizeBytes: file.sizeBytes, contentType: file.contentType, etag: file.etag!, lastModified: file.completedAt };
  const plan = planRange(input, file.sizeBytes, object);
  if (claimed.length > 0) return { object, filename: file.filename, plan };

  const now = ctx.now.getTime();
  const fresh = row.usedAt === null && row.expiresAt.getTime() > now && payload.exp * 1000 > now;
  if (!claiming && fresh) return { object, filename: file.filename, plan };
  if (row.usedAt === null) throw new LinkRefused(fresh ? 'used' : 'expired');
  const inGrace = now - row.usedAt.getTime() < RESUME_GRACE_MS;
  // A whole second copy is a second download; only pieces of the first one are served.
  if (inGrace && plan.kind !== 'full') return { object, filename: file.filename, plan };
  throw new LinkRefused('used');
}
