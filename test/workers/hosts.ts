import { env } from 'cloudflare:workers';
import { forgetResolvedSchools } from '../../src/modules/tenancy/resolve-school.ts';

/** Runs `body` with a platform row changed, then puts it back; the host cache is cleared around it. */
export async function withPlatformChange(change: string, undo: string, body: () => Promise<void>): Promise<void> {
  await env.PLATFORM_DB.prepare(change).run();
  forgetResolvedSchools();
  try {
    await body();
  } finally {
    await env.PLATFORM_DB.prepare(undo).run();
    forgetResolvedSchools();
  }
}

export type ErrorBody = { error: { code: string; message: string; requestId: string } };

export async function expectErrorShape(res: Response, status: number, code: string): Promise<ErrorBody> {
  const { expect } = await import('vitest');
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}
