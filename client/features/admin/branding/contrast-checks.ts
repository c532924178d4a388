import { contrastRatio } from '../../../lib/contrast';

// The editor's live contrast warnings: the same two checks the Worker answers a save with
// (src/modules/branding/warnings.ts), so what the admin sees while editing is what the save
// says. Warnings only: a school may keep colours we warn about.

export type ContrastWarning = { id: string; field: 'textColor' | 'primaryColor'; ratio: number; minimum: number; message: string };

/** Two decimals, rounded down, so a ratio just under the minimum never reads as the minimum. */
export const formatRatio = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

export function contrastWarnings(colours: { primaryColor: string; backgroundColor: string; textColor: string }): ContrastWarning[] {
  const warnings: ContrastWarning[] = [];
  const text = contrastRatio(colours.textColor, colours.backgroundColor);
  if (text < 4.5) {
    warnings.push({
      id: 'text',
      field: 'textColor',
      ratio: text,
      minimum: 4.5,
      message: `Text on the page background has a contrast of ${formatRatio(text)}. WCAG AA asks for at least 4.5:1, or some people cannot read it. Choose a darker text colour or a lighter background (or the other way round).`,
    });
  }
  const primary = contrastRatio(colours.primaryColor, colours.backgroundColor);
  if (primary < 3) {
    warnings.push({
      id: 'primary',
      field: 'primaryColor',
      ratio: primary,
      minimum: 3,
      message: `Buttons in the brand colour have a contrast of ${formatRatio(primary)} with the page background. WCAG AA asks for at least 3:1 so they stand out.`,
    });
  }
  return warnings;
}
