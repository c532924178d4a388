import { api } from '../../../lib/api';
import { boolean, list, object, oneOf, string, stringList } from '../../../lib/json';
import { nullableIso, nullableNum, num } from '../../offers/commerce-json';

// Coupons (src/modules/commerce/catalogue/coupons.ts, `couponView`).

export const DISCOUNT_TYPES = ['percent', 'amount'] as const;
export type DiscountType = (typeof DISCOUNT_TYPES)[number];
const COUPON_STATUSES = ['active', 'disabled'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

export type Coupon = {
  id: string;
  code: string;
  discountType: DiscountType;
  percentOff: number | null;
  amountOffCents: number | null;
  currency: string;
  usageLimit: number | null;
  expiresAt: Date | null;
  status: CouponStatus;
  /** Empty: every offer. */
  offerIds: string[];
  /** Completed uses. */
  redeemed: number;
  /** Uses held by checkouts still open. */
  reserved: number;
};

function parseCoupon(value: unknown): Coupon {
  const c = object(value, 'coupon');
  return {
    id: string(c, 'id'),
    code: string(c, 'code'),
    discountType: oneOf(c, 'discountType', DISCOUNT_TYPES),
    percentOff: nullableNum(c, 'percentOff'),
    amountOffCents: nullableNum(c, 'amountOffCents'),
    currency: string(c, 'currency'),
    usageLimit: nullableNum(c, 'usageLimit'),
    expiresAt: nullableIso(c, 'expiresAt'),
    status: oneOf(c, 'status', COUPON_STATUSES),
    offerIds: stringList(c, 'offerIds'),
    redeemed: num(c, 'redeemed'),
    reserved: num(c, 'reserved'),
  };
}

const id = (value: string) => encodeURIComponent(value);
const couponOf = (data: unknown) => parseCoupon(object(data, 'coupon response').coupon);

export function fetchCoupons(): Promise<Coupon[]> {
  return api('/api/admin/coupons', { parse: (data) => list(object(data, 'coupons response'), 'coupons').map(parseCoupon) });
}

export type NewCoupon = {
  code: string;
  discountType: DiscountType;
  percentOff?: number;
  amountOffCents?: number;
  /** The amount's currency (lower-case ISO); the Worker assumes usd without it. Amount coupons only. */
  currency?: string;
  usageLimit?: number;
  /** ISO instant with a Z. */
  expiresAt?: string;
  offerIds?: string[];
};

export function createCoupon(input: NewCoupon): Promise<Coupon> {
  return api('/api/admin/coupons', { method: 'POST', body: input, parse: couponOf });
}

export function updateCoupon(couponId: string, patch: Partial<{ status: CouponStatus; usageLimit: number | null; expiresAt: string | null }>): Promise<Coupon> {
  return api(`/api/admin/coupons/${id(couponId)}`, { method: 'PATCH', body: patch, parse: couponOf });
}

/**
 * DELETE answers `{ deleted: true }` for a coupon nobody ever used; otherwise the Worker
 * disables it and answers `{ deleted: false, coupon }`.
 */
export type CouponDeletion = { deleted: true } | { deleted: false; coupon: Coupon };

export function deleteCoupon(couponId: string): Promise<CouponDeletion> {
  return api(`/api/admin/coupons/${id(couponId)}`, {
    method: 'DELETE',
    parse: (data) => {
      const body = object(data, 'coupon deletion');
      return boolean(body, 'deleted') ? { deleted: true } : { deleted: false, coupon: couponOf(body) };
    },
  });
}
