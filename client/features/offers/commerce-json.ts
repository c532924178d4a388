import { fail, type Json } from '../../lib/json';

// Guards for the commerce API's answers, beside lib/json.ts. Each reads exactly one field of
// the Worker's answer (src/modules/commerce/**): a field it always sends is required, and one
// it may send as null is read as null — never a guessed default.

export function num(obj: Json, key: string): number {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

export function nullableNum(obj: Json, key: string): number | null {
  const value = obj[key];
  if (value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number or null`);
}

/** One of a fixed set, or null (the Worker sends null, e.g. a one-time offer's billingInterval). */
export function nullableOneOf<T extends string>(obj: Json, key: string, allowed: readonly T[]): T | null {
  const value = obj[key];
  if (value === null) return null;
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fail(`${key} is not one of ${allowed.join(', ')} or null`);
}

/** `{ id, title }` of an offer as money answers embed it (title null when the offer row is gone), or null. */
export function offerRef(obj: Json, key: string): { id: string; title: string | null } | null {
  const value = obj[key];
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value) || value === undefined) fail(`${key} is not an object or null`);
  const ref = value as Json;
  const id = ref.id;
  const title = ref.title;
  if (typeof id !== 'string') fail(`${key}.id is not a string`);
  if (title !== null && typeof title !== 'string') fail(`${key}.title is not a string or null`);
  return { id, title };
}

/** A string or null; unlike lib/json's nullableString, a missing field is an error, not null. */
export function nullableText(obj: Json, key: string): string | null {
  const value = obj[key];
  if (value === null) return null;
  return typeof value === 'string' ? value : fail(`${key} is not a string or null`);
}

/** An ISO instant (`2026-03-01T09:00:00.000Z`) or null; a missing field is an error. */
export function nullableIso(obj: Json, key: string): Date | null {
  const value = obj[key];
  if (value === null) return null;
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : fail(`${key} is not an ISO date-time or null`);
}

export function iso(obj: Json, key: string): Date {
  return nullableIso(obj, key) ?? fail(`${key} is null`);
}
