import { z } from 'zod';
import { checkSlug } from '../../src/modules/tenancy/slug.ts';
import type { Brand } from '../../src/modules/branding/brand.ts';
import { OperatorError } from './cli.ts';

/** What `school:create` accepts, checked before anything is read or written. */
export const CreateSchoolInput = z.object({
  slug: z.string().transform((value, ctx) => {
    const check = checkSlug(value);
    if (check.ok) return check.slug;
    ctx.addIssue({ code: 'custom', message: check.reason });
    return z.NEVER;
  }),
  name: z
    .string()
    .trim()
    .min(1, 'A school name cannot be empty.')
    .max(120, 'A school name can be at most 120 characters.')
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'A school name cannot contain control characters such as newlines.'),
  isPublic: z.boolean(),
  primaryColor: colour('--primary-color'),
  accentColor: colour('--accent-color'),
});

export type NewSchool = { slug: string; name: string; isPublic: boolean; brand: Partial<Brand> };

function colour(flag: string) {
  return z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, `${flag} must be a colour written #rrggbb.`)
    .transform((value) => value.toLowerCase())
    .optional();
}

/** Validates raw command input; the first problem (slug first) becomes an OperatorError. */
export function parseCreateSchoolInput(raw: z.input<typeof CreateSchoolInput>): NewSchool {
  const result = CreateSchoolInput.safeParse(raw);
  if (!result.success) throw new OperatorError(result.error.issues[0]!.message);
  const { primaryColor, accentColor, ...rest } = result.data;
  const brand: Partial<Brand> = {};
  // Only what the operator chose is stored; the Worker fills the rest from its defaults.
  if (primaryColor) brand.primaryColor = primaryColor;
  if (accentColor) brand.accentColor = accentColor;
  return { ...rest, brand };
}
