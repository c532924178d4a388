import { fail, type Json } from '../../lib/json';

// Number guards the learner API needs beside lib/json.ts's string and date guards.

export function num(obj: Json, key: string): number {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

export function nullableNum(obj: Json, key: string): number | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number or null`);
}
