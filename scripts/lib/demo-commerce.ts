import { DEMO_SCHOOLS, demoMembers } from './demo-schools.ts';
import type { SchoolSpec } from './school-rows.ts';
import { sqlLiteral } from './sql.ts';

/**
 * Demo commerce: Breslov's paid course (Likutey Moharan) is sold through an active one-time
 * offer at its price, and the coupon TORAH20 takes 20 % off (100 uses). Fixed ids and
 * `ON CONFLICT DO NOTHING` (any unique constraint: id, or the school's coupon code) keep
 * seeding idempotent and never overwrite what someone edited locally.
 */
type DemoOffer = { n: number; courseN: number; title: string; description: string; priceCents: number };
type DemoCoupon = { n: number; code: string; percentOff: number; usageLimit: number };

const CONTENT: Record<string, { offers: DemoOffer[]; coupons: DemoCoupon[] }> = {
  breslov: {
    // courseN: the course's place in demo-courses.ts (Likutey Moharan is Breslov's second).
    offers: [{ n: 1, courseN: 2, title: 'Advanced Study: Likutey Moharan', description: 'Lifetime access to the guided reading, paid once.', priceCents: 4900 }],
    coupons: [{ n: 1, code: 'TORAH20', percentOff: 20, usageLimit: 100 }],
  },
};

/** Same id shape as demo-courses.ts (kind 1 = course); 5 = offer, 6 = coupon. */
const demoId = (kind: number, school: number, n: number) => `00000000-0000-4000-c${kind}00-${String(school * 1000 + n).padStart(12, '0')}`;

function insertIgnoring(table: string, row: Record<string, string | number | boolean | null>): string {
  const columns = Object.keys(row);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => sqlLiteral(row[c]!)).join(', ')}) ON CONFLICT DO NOTHING;`;
}

export function demoCommerceSql(school: SchoolSpec & { slug: string }, now = Date.now()): string[] {
  const content = CONTENT[school.slug];
  if (!content) return [];
  const schoolIndex = DEMO_SCHOOLS.findIndex((s) => s.slug === school.slug) + 1;
  const owner = demoMembers(school).find((m) => m.role === 'owner')!.userId;
  return [
    ...content.offers.flatMap((offer) => {
      const offerId = demoId(5, schoolIndex, offer.n);
      return [
        insertIgnoring('offers', {
          id: offerId, school_id: school.id, title: offer.title, description: offer.description, offer_type: 'one_time', price_cents: offer.priceCents,
          currency: 'usd', billing_interval: null, access_scope: 'courses', status: 'active', created_by: owner, created_at: now, updated_at: now,
        }),
        insertIgnoring('offer_courses', { school_id: school.id, offer_id: offerId, course_id: demoId(1, schoolIndex, offer.courseN) }),
      ];
    }),
    ...content.coupons.map((coupon) =>
      insertIgnoring('coupons', {
        id: demoId(6, schoolIndex, coupon.n), school_id: school.id, code: coupon.code, discount_type: 'percent', percent_off: coupon.percentOff, amount_off_cents: null,
        currency: 'usd', usage_limit: coupon.usageLimit, expires_at: null, status: 'active', created_by: owner, created_at: now, updated_at: now,
      }),
    ),
  ];
}
