import { eq } from 'drizzle-orm';
import type { PlatformDb } from '../../../platform/db/platform-db.ts';
import { schools } from '../../tenancy/schema.ts';
import { stripeAccountRoutes } from '../schema.ts';
import { metadataOf } from './apply/shared.ts';
import type { StripeEventEnvelope } from './inbox.ts';

export type EventRoute = { kind: 'school'; school: { id: string; slug: string; d1Binding: string } } | { kind: 'ignored'; reason: string };

/**
 * Which school an event belongs to. The connected account (`event.account`) decides, through
 * stripe_account_routes; metadata.schoolId is only used for platform-level events (no
 * account). Metadata naming a different school than the account's is refused: the event is
 * never applied to a school its account does not belong to.
 */
export async function routeStripeEvent(platformDb: PlatformDb, event: StripeEventEnvelope): Promise<EventRoute> {
  const named = metadataOf(event.data?.object ?? {}).schoolId ?? null;
  const school = { id: schools.id, slug: schools.slug, d1Binding: schools.d1Binding };
  if (event.account) {
    // One query: the account's route and its school (null when the school row is gone).
    const [route] = await platformDb
      .select({ schoolId: stripeAccountRoutes.schoolId, school })
      .from(stripeAccountRoutes)
      .leftJoin(schools, eq(schools.id, stripeAccountRoutes.schoolId))
      .where(eq(stripeAccountRoutes.stripeAccountId, event.account))
      .limit(1);
    if (!route) return { kind: 'ignored', reason: `no school uses connected account ${event.account}` };
    if (named && named !== route.schoolId) {
      console.error(`[stripe] event ${event.id} on account ${event.account} (school ${route.schoolId}) names school ${named} in its metadata; refused`);
      return { kind: 'ignored', reason: `metadata names school ${named} but account ${event.account} belongs to school ${route.schoolId}` };
    }
    if (!route.school) return { kind: 'ignored', reason: `school ${route.schoolId} does not exist` };
    return { kind: 'school', school: route.school };
  }
  if (!named) return { kind: 'ignored', reason: 'no connected account and no metadata.schoolId' };
  const [found] = await platformDb.select(school).from(schools).where(eq(schools.id, named)).limit(1);
  if (!found) return { kind: 'ignored', reason: `school ${named} does not exist` };
  return { kind: 'school', school: found };
}
