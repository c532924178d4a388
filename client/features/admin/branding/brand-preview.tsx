import { createEffect, Show, type JSX } from 'solid-js';
import { onColorFor, surfaceFor } from '../../../lib/contrast';
import type { BrandFields } from './brand-api';

type BrandPreviewProps = {
  schoolName: string;
  fields: BrandFields;
  /** The font stack the chosen font stands for. */
  fontStack: string;
  logoUrl: string | null;
};

/**
 * A small mock page (brand bar, heading, text, a button, a card) drawn with the values being
 * edited, before they are saved. The colours reach it as CSS custom properties set through the
 * CSSOM on this panel only (`style.setProperty`, which the CSP allows; a style attribute in
 * markup it would not), so the rest of the page keeps the saved brand.
 */
export function BrandPreview(props: BrandPreviewProps): JSX.Element {
  let panel!: HTMLDivElement;
  createEffect(() => {
    const f = props.fields;
    const style = panel.style;
    style.setProperty('--preview-primary', f.primaryColor);
    style.setProperty('--preview-on-primary', onColorFor(f.primaryColor));
    style.setProperty('--preview-accent', f.accentColor);
    style.setProperty('--preview-background', f.backgroundColor);
    style.setProperty('--preview-text', f.textColor);
    style.setProperty('--preview-surface', surfaceFor(f.backgroundColor, f.textColor));
    style.setProperty('--preview-font', props.fontStack);
  });
  const initial = () => (Array.from(props.schoolName.trim())[0] ?? '?').toUpperCase();
  return (
    <figure class="brand-preview" aria-labelledby="brand-preview-caption">
      <figcaption id="brand-preview-caption" class="brand-preview__caption">
        Preview (not saved yet)
      </figcaption>
      <div ref={panel} class="brand-preview__page" data-testid="brand-preview">
        <div class="brand-preview__bar" data-testid="brand-preview-bar">
          <Show when={props.logoUrl} fallback={<span class="brand-preview__mark">{initial()}</span>}>
            {(url) => <img class="brand-preview__logo" src={url()} alt="" data-testid="brand-preview-logo" />}
          </Show>
          <span class="brand-preview__name">{props.schoolName}</span>
          <Show when={props.fields.tagline}>
            <span class="brand-preview__tagline">{props.fields.tagline}</span>
          </Show>
        </div>
        <div class="brand-preview__body">
          <p class="brand-preview__heading">Welcome to {props.schoolName}</p>
          <p class="brand-preview__text" data-testid="brand-preview-text">
            Body text looks like this: lessons, course descriptions and notes.
          </p>
          <span class="brand-preview__button">Browse courses</span>
          <p class="brand-preview__card">Cards and forms sit on this surface.</p>
        </div>
      </div>
    </figure>
  );
}
