import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { applyBrandColours } from '../../../lib/brand';
import { contrastRatio } from '../../../lib/contrast';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { SelectField } from '../../../ui/field';
import { Notice } from '../../../ui/notice';
import { UnsavedChangesGuard } from '../courses/unsaved-changes';
import { type BrandAnswer, type BrandEditorData, type BrandFields, type BrandImage, saveBrand } from './brand-api';
import { BrandPreview } from './brand-preview';
import { ColourField } from './colour-field';
import { contrastWarnings, formatRatio } from './contrast-checks';
import { ImageField } from './image-field';

const TAGLINE_MAX = 160;

const IDS = {
  primaryColor: 'brand-primary',
  accentColor: 'brand-accent',
  backgroundColor: 'brand-background',
  textColor: 'brand-text',
  font: 'brand-font',
  tagline: 'brand-tagline',
} as const;

const fieldsOf = (b: BrandFields): BrandFields => ({
  primaryColor: b.primaryColor,
  accentColor: b.accentColor,
  backgroundColor: b.backgroundColor,
  textColor: b.textColor,
  font: b.font,
  tagline: b.tagline,
});

const sameFields = (a: BrandFields, b: BrandFields) => (Object.keys(IDS) as (keyof BrandFields)[]).every((key) => (a[key] ?? '') === (b[key] ?? ''));

/**
 * The brand editor: colours, font and tagline (saved together), the logo and favicon (each
 * uploaded or removed at once), a live preview of the unsaved values and live contrast
 * warnings. A warning never blocks saving; the Worker answers the same warnings.
 */
export function BrandEditor(props: { schoolName: string; data: BrandEditorData }): JSX.Element {
  const [saved, setSaved] = createSignal(fieldsOf(props.data.brand));
  const [draft, setDraft] = createStore<BrandFields>(fieldsOf(props.data.brand));
  const [images, setImages] = createStore<{ logo: BrandImage | null; favicon: BrandImage | null }>({ logo: props.data.brand.logo, favicon: props.data.brand.favicon });
  const [invalid, setInvalid] = createStore<Record<string, boolean>>({});
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [saving, setSaving] = createSignal(false);
  const [done, setDone] = createSignal<{ warnings: number } | null>(null);

  const dirty = createMemo(() => !sameFields(saved(), { ...draft }));
  const warnings = createMemo(() => contrastWarnings({ primaryColor: draft.primaryColor, backgroundColor: draft.backgroundColor, textColor: draft.textColor }));
  const fontStack = (id: string) => props.data.fonts.find((f) => f.id === id)?.stack ?? '';
  const taglineLength = () => (draft.tagline ?? '').length;
  const error = (key: keyof typeof IDS) => problemFor(problems(), IDS[key]);

  const edit = <K extends keyof BrandFields>(key: K, value: BrandFields[K]) => {
    setDone(null);
    setDraft(key, value);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    const found: FormProblem[] = [];
    for (const key of ['primaryColor', 'accentColor', 'backgroundColor', 'textColor'] as const) {
      if (invalid[key]) found.push({ message: 'Enter each colour as # and six digits 0–9 or a–f, such as #1f4e79.', fieldId: IDS[key] });
    }
    if (taglineLength() > TAGLINE_MAX) found.push({ message: `Keep the tagline to ${TAGLINE_MAX} characters or fewer.`, fieldId: IDS.tagline });
    if (found.length) {
      setProblems(found);
      return focusElement('brand-errors');
    }
    setProblems([]);
    setSaving(true);
    try {
      const answer = await saveBrand({ ...draft, tagline: draft.tagline?.trim() || null });
      const next = fieldsOf(answer.brand);
      setSaved(next);
      setDraft(next);
      // This page follows at once; every other page (and visitor) gets it from the Worker.
      applyBrandColours(document, { ...next, logoUrl: images.logo?.url ?? null, faviconUrl: images.favicon?.url ?? null }, fontStack(next.font));
      setDone({ warnings: answer.warnings.length });
      focusElement('brand-saved');
    } catch (failure) {
      setProblems(problemsFrom(failure, IDS));
      focusElement('brand-errors');
    } finally {
      setSaving(false);
    }
  };

  const imageChanged = (answer: BrandAnswer) => setImages({ logo: answer.brand.logo, favicon: answer.brand.favicon });

  return (
    <div class="brand-editor">
      <form class="brand-editor__form card admin-card" onSubmit={(event) => void submit(event)} novalidate aria-labelledby="brand-form-title" data-testid="brand-form">
        <UnsavedChangesGuard when={dirty()} what="the brand" />
        <h2 id="brand-form-title">Colours, font and tagline</h2>
        <ErrorSummary id="brand-errors" title="The brand was not saved" problems={problems()} />
        <Show when={done()}>
          {(result) => (
            <Notice tone="success" id="brand-saved" live="status" data-testid="brand-saved">
              <p>
                Brand saved. Every page of the school uses it now.
                {result().warnings > 0 ? ` ${result().warnings === 1 ? 'One contrast warning remains' : `${result().warnings} contrast warnings remain`}; see below.` : ''}
              </p>
            </Notice>
          )}
        </Show>

        <ColourField
          id={IDS.primaryColor}
          label="Brand colour"
          hint="The header bar and buttons. Their text is black or white, whichever reads better."
          value={draft.primaryColor}
          error={error('primaryColor')}
          onChange={(hex) => edit('primaryColor', hex)}
          onValidity={(valid) => setInvalid('primaryColor', !valid)}
        />
        <ColourField
          id={IDS.accentColor}
          label="Accent colour"
          hint="The stripe under the header and small markers."
          value={draft.accentColor}
          error={error('accentColor')}
          onChange={(hex) => edit('accentColor', hex)}
          onValidity={(valid) => setInvalid('accentColor', !valid)}
        />
        <ColourField
          id={IDS.backgroundColor}
          label="Page background"
          hint="Behind everything below the header."
          value={draft.backgroundColor}
          error={error('backgroundColor')}
          onChange={(hex) => edit('backgroundColor', hex)}
          onValidity={(valid) => setInvalid('backgroundColor', !valid)}
        />
        <ColourField
          id={IDS.textColor}
          label="Text colour"
          hint="Body text on the page background."
          value={draft.textColor}
          error={error('textColor')}
          onChange={(hex) => edit('textColor', hex)}
          onValidity={(valid) => setInvalid('textColor', !valid)}
        />

        <div class="brand-contrast" role="status" data-testid="contrast-status">
          <Show
            when={warnings().length > 0}
            fallback={<p class="brand-contrast__ok" data-testid="contrast-ok">Contrast passes WCAG AA: text {formatRatio(contrastRatio(draft.textColor, draft.backgroundColor))} on the page background.</p>}
          >
            <div class="notice notice--error brand-contrast__warning" data-testid="contrast-warnings">
              <p class="notice__title">Contrast warning</p>
              <ul class="notice__list">
                <For each={warnings()}>{(w) => <li data-testid={`contrast-warning-${w.id}`}>{w.message}</li>}</For>
              </ul>
              <p>You can still save these colours.</p>
            </div>
          </Show>
        </div>

        <SelectField id={IDS.font} label="Font" hint="System fonts only: nothing is downloaded, so pages stay fast." value={draft.font} error={error('font')} onChange={(event) => edit('font', event.currentTarget.value)}>
          <For each={props.data.fonts}>{(font) => <option value={font.id}>{font.label}</option>}</For>
        </SelectField>

        <div class="field">
          <label class="field__label" for={IDS.tagline}>
            Tagline
          </label>
          <p class="field__hint" id={`${IDS.tagline}-hint`}>
            One short line beside the school’s name and in search results. Optional.
          </p>
          <Show when={error('tagline')}>
            <p class="field__error" id={`${IDS.tagline}-error`}>
              {error('tagline')}
            </p>
          </Show>
          <input
            type="text"
            class="field__control"
            id={IDS.tagline}
            value={draft.tagline ?? ''}
            aria-describedby={`${IDS.tagline}-hint ${IDS.tagline}-count${error('tagline') ? ` ${IDS.tagline}-error` : ''}`}
            aria-invalid={error('tagline') || taglineLength() > TAGLINE_MAX ? 'true' : undefined}
            onInput={(event) => edit('tagline', event.currentTarget.value)}
          />
          <p class="field__hint brand-counter" id={`${IDS.tagline}-count`} data-over={taglineLength() > TAGLINE_MAX ? 'true' : 'false'} data-testid="tagline-count">
            {taglineLength()} of {TAGLINE_MAX} characters
          </p>
        </div>

        <div class="form-actions">
          <Button type="submit" disabled={saving()} aria-busy={saving()} data-testid="brand-save">
            {saving() ? 'Saving…' : 'Save brand'}
          </Button>
          <Show when={dirty()}>
            <span class="unsaved-hint">You have unsaved changes.</span>
          </Show>
        </div>
      </form>

      <div class="brand-editor__side">
        <BrandPreview schoolName={props.schoolName} fields={{ ...draft }} fontStack={fontStack(draft.font)} logoUrl={images.logo?.url ?? null} />
        <section class="card admin-card" aria-labelledby="brand-images-title">
          <h2 id="brand-images-title">Logo and favicon</h2>
          <ImageField slot="logo" title="Logo" purpose="Shown in the header of every page, beside the name:" image={images.logo} limits={props.data.limits.logo} onChanged={imageChanged} />
          <ImageField slot="favicon" title="Favicon" purpose="The small icon in browser tabs and bookmarks:" image={images.favicon} limits={props.data.limits.favicon} onChanged={imageChanged} />
        </section>
      </div>
    </div>
  );
}
