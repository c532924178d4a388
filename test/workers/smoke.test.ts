import { describe, expect, it } from 'vitest';
import { BRESLOV, hostOf, request } from './fixtures.ts';

describe('smoke', () => {
  it('serves /api/school', async () => {
    const res = await request(hostOf(BRESLOV), '/api/school');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: 'breslov' });
  });
});
