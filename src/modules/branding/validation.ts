import { z } from 'zod';
import { BRAND_FONT_IDS, type BrandFont, HEX_COLOUR, TAGLINE_MAX } from './brand.ts';

// The input of PUT /api/admin/brand. Messages are shown next to the field, so they say what to enter.

const Colour = (what: string) =>
  z
    .string({ error: `Enter the ${what} as a hex colour such as #1f4e79.` })
    .trim()
    .regex(HEX_COLOUR, { error: `Enter the ${what} as a hex colour: # and six digits 0–9 or a–f, such as #1f4e79.` })
    .transform((v) => v.toLowerCase());

/**
 * Every field may be left out (it keeps its current value), but nothing unknown is accepted:
 * a misspelt field, or `logo` / `favicon` (which have their own upload routes), is a 400
 * rather than silently ignored.
 */
export const UpdateBrandInput = z
  .strictObject(
    {
      primaryColor: Colour('brand colour').optional(),
      accentColor: Colour('accent colour').optional(),
      backgroundColor: Colour('background colour').optional(),
      textColor: Colour('text colour').optional(),
      font: z.enum(BRAND_FONT_IDS as [BrandFont, ...BrandFont[]], { error: `Choose a font: ${BRAND_FONT_IDS.join(', ')}.` }).optional(),
      tagline: z
        .string({ error: 'Enter the tagline as text, or null for none.' })
        .trim()
        .max(TAGLINE_MAX, { error: `Keep the tagline to ${TAGLINE_MAX} characters or fewer.` })
        .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: 'Keep the tagline to one line of text.' })
        .transform((v) => v || null)
        .nullable()
        .optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `These cannot be set here: ${issue.keys.join(', ')}. Logos and favicons have their own upload.` : undefined) },
  );
export type UpdateBrandInput = z.infer<typeof UpdateBrandInput>;
