import { describe, expect, it } from 'vitest';
import { BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { seedOffer } from '../commerce/testing.ts';
import { seedLearningCourse } from './testing.ts';

const get = (path: string) => request(hostOf(BRESLOV), path, { headers: { accept: 'application/json' } });
type Page = { offers: { id: string; title: string; offerType: string; priceCents: number; currency: string; billingInterval: string | null }[] };

describe('the course page lists the offers that sell a paid course', () => {
  it('active offers listing the course or granting every course, in the page’s one batch; none for other access levels', async () => {
    const paid = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const other = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const single = await seedOffer(BRESLOV, { priceCents: 4900 }, [paid.courseId]);
    const bundle = await seedOffer(BRESLOV, { offerType: 'bundle', priceCents: 7900 }, [paid.courseId, other.courseId]);
    const everything = await seedOffer(BRESLOV, { offerType: 'subscription', billingInterval: 'month', accessScope: 'all_courses', priceCents: 1500 });
    const draft = await seedOffer(BRESLOV, { status: 'draft' }, [paid.courseId]);
    const archived = await seedOffer(BRESLOV, { status: 'archived' }, [paid.courseId]);
    const elsewhere = await seedOffer(BRESLOV, {}, [other.courseId]);
    const downloads = await seedOffer(BRESLOV, { accessScope: 'downloads' });

    const res = await get(`/api/courses/${paid.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-d1-school-queries')).toBe('1');
    const page = (await res.json()) as Page;
    const ids = page.offers.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([single, bundle, everything]));
    for (const id of [draft, archived, elsewhere, downloads]) expect(ids).not.toContain(id);
    expect(page.offers.find((o) => o.id === everything)).toEqual({ id: everything, title: expect.any(String), offerType: 'subscription', priceCents: 1500, currency: 'usd', billingInterval: 'month' });

    const free = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{}] }] });
    expect(((await (await get(`/api/courses/${free.slug}`)).json()) as Page).offers).toEqual([]);
  });
});
