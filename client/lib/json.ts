// Small guards that turn untrusted JSON from the Worker into typed values. Hand-written rather
// than zod to keep the bundle small; a failure names the field, so a server change is found at
// the boundary instead of as `undefined` deep in a component.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fail(what: string): never {
  throw new TypeError(`Unexpected data from the server: ${what}`);
}

export function object(value: unknown, what: string): Json {
  return isObject(value) ? value : fail(`${what} is not an object`);
}

export function string(obj: Json, key: string): string {
  const value = obj[key];
  return typeof value === 'string' ? value : fail(`${key} is not a string`);
}

export function nullableString(obj: Json, key: string): string | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : fail(`${key} is not a string or null`);
}

export function boolean(obj: Json, key: string): boolean {
  const value = obj[key];
  return typeof value === 'boolean' ? value : fail(`${key} is not true or false`);
}

export function list(obj: Json, key: string): unknown[] {
  const value = obj[key];
  return Array.isArray(value) ? value : fail(`${key} is not a list`);
}

export function stringList(obj: Json, key: string): string[] {
  return list(obj, key).map((item) => (typeof item === 'string' ? item : fail(`${key} holds a non-string`)));
}

/** One of a fixed set of strings (a role, a status). */
export function oneOf<T extends string>(obj: Json, key: string, allowed: readonly T[]): T {
  const value = string(obj, key);
  return (allowed as readonly string[]).includes(value) ? (value as T) : fail(`${key} is not one of ${allowed.join(', ')}`);
}

/** A point in time as the Worker sends it (ISO string or epoch milliseconds), or null. */
export function nullableInstant(obj: Json, key: string): Date | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : fail(`${key} is not a date`);
}

export function instant(obj: Json, key: string): Date {
  return nullableInstant(obj, key) ?? fail(`${key} is missing`);
}
