import { contrastRatio, readableOn } from '../shell/brand-css.ts';
import type { BrandLook } from './brand.ts';

/**
 * Contrast warnings for a brand (WCAG 2.x AA). They are advice, never refusals: a school may
 * keep a colour we warn about. The client runs the same checks live (client/features/admin/
 * branding/contrast-checks.ts) so the editor warns before saving; this list is what the Worker
 * answers after a save.
 */
export type BrandWarning = {
  /** The colour the person would change to fix it. */
  field: 'textColor' | 'primaryColor';
  against: 'backgroundColor' | 'onPrimary';
  ratio: number;
  minimum: number;
  message: string;
};

/** Body text needs 4.5:1 (1.4.3); the brand colour marks buttons and the header, interface parts that need 3:1 (1.4.11). */
export const TEXT_MINIMUM = 4.5;
export const UI_MINIMUM = 3;

const rounded = (ratio: number) => Math.floor(ratio * 100) / 100;

export function brandWarnings(look: BrandLook): BrandWarning[] {
  const warnings: BrandWarning[] = [];
  const check = (field: BrandWarning['field'], colour: string, against: BrandWarning['against'], other: string, minimum: number, what: string) => {
    const ratio = contrastRatio(colour, other);
    if (ratio < minimum) {
      warnings.push({ field, against, ratio: rounded(ratio), minimum, message: `${what} has a contrast of ${rounded(ratio).toFixed(2)}:1; WCAG AA asks for at least ${minimum}:1.` });
    }
  };
  check('textColor', look.textColor, 'backgroundColor', look.backgroundColor, TEXT_MINIMUM, 'Text on the page background');
  // The text on the brand colour is black or white, whichever reads better: at least 4.58:1,
  // so this never fires today. It stays so the rule is written down beside the others.
  check('primaryColor', look.primaryColor, 'onPrimary', readableOn(look.primaryColor), TEXT_MINIMUM, 'Text on the brand colour');
  check('primaryColor', look.primaryColor, 'backgroundColor', look.backgroundColor, UI_MINIMUM, 'The brand colour (buttons, the header) against the page background');
  // No check for the accent: Lectern uses it only for decoration (the stripe under the header,
  // list dots, side rules), which WCAG exempts, and Lectern's own amber is 1.9:1 on the page,
  // so a warning there would greet every new school for nothing.
  return warnings;
}
