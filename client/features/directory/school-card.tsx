import { Show, type JSX } from 'solid-js';
import { onColorFor } from '../../lib/brand';
import type { DirectoryEntry } from '../../lib/school';
import { Card } from '../../ui/card';
import { ArrowRightIcon } from '../../ui/icons';

function hostOf(url: string): string {
  return new URL(url).host;
}

/**
 * One school in the directory: the whole card links to the school's own host. The swatch is the
 * school's primary colour; its letter uses black or white, whichever reads better on it.
 */
export function SchoolCard(props: { school: DirectoryEntry }): JSX.Element {
  const primary = () => props.school.brand.primaryColor;

  return (
    <li>
      <Card href={props.school.url} class="school-card">
        <span
          class="school-card__swatch"
          data-testid="school-swatch"
          aria-hidden="true"
          // Set through the CSSOM (not a style attribute), which a strict CSP allows.
          style={{ 'background-color': primary(), color: onColorFor(primary()) }}
        >
          {(Array.from(props.school.name.trim())[0] ?? '?').toUpperCase()}
        </span>
        <span class="school-card__body">
          <h3 class="school-card__name">{props.school.name}</h3>
          <Show when={props.school.brand.tagline}>
            {(tagline) => <span class="school-card__tagline">{tagline()}</span>}
          </Show>
          <span class="school-card__host">
            <span class="school-card__host-name">{hostOf(props.school.url)}</span>
            <ArrowRightIcon />
          </span>
        </span>
      </Card>
    </li>
  );
}
