import { api } from '../../lib/api';
import { boolean, list, object, oneOf, string } from '../../lib/json';
import { ACCESS_LEVELS, type AccessLevel } from '../course/learning-format';
import { nullableNum, num } from '../course/learning-json';

/** One published course as GET /api/courses lists it (src/modules/learning/catalog.ts). */
export type CatalogCourse = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  accessLevel: AccessLevel;
  priceCents: number | null;
  currency: string;
  lessonCount: number;
  estimatedMinutes: number;
  /** Only for a signed-in viewer: whether they are enrolled and how far along. */
  viewer: { enrolled: boolean; progressPercent: number } | null;
};

export type CatalogFilters = { q: string; access: AccessLevel | '' };

function parseCatalog(data: unknown): CatalogCourse[] {
  return list(object(data, 'catalog'), 'courses').map((entry) => {
    const c = object(entry, 'course');
    return {
      id: string(c, 'id'),
      slug: string(c, 'slug'),
      title: string(c, 'title'),
      summary: typeof c.summary === 'string' ? c.summary : '',
      accessLevel: oneOf(c, 'accessLevel', ACCESS_LEVELS),
      priceCents: nullableNum(c, 'priceCents'),
      currency: typeof c.currency === 'string' && c.currency ? c.currency : 'usd',
      lessonCount: num(c, 'lessonCount'),
      estimatedMinutes: num(c, 'estimatedMinutes'),
      viewer: 'enrolled' in c ? { enrolled: boolean(c, 'enrolled'), progressPercent: num(c, 'progressPercent') } : null,
    };
  });
}

export function fetchCatalog(filters: CatalogFilters): Promise<CatalogCourse[]> {
  const query = new URLSearchParams();
  if (filters.q) query.set('q', filters.q);
  if (filters.access) query.set('access', filters.access);
  const qs = query.toString();
  return api(`/api/courses${qs ? `?${qs}` : ''}`, { parse: parseCatalog });
}
