import { createSignal, For, Show, type JSX } from 'solid-js';
import { Markdown } from '../../../ui/markdown';
import { createMediaQuery } from './media-query';

type MarkdownEditorProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  rows?: number;
  onInput: (value: string) => void;
  'data-testid'?: string;
};

type Tab = 'write' | 'preview';
const TABS: { id: Tab; label: string }[] = [
  { id: 'write', label: 'Write' },
  { id: 'preview', label: 'Preview' },
];

/**
 * Markdown source with its rendered preview: side by side on wide screens, as two tabs on
 * narrow ones (where side by side would leave neither readable). The preview uses the same
 * sanitising renderer learners see, so what the author checks is what learners get.
 */
export function MarkdownEditor(props: MarkdownEditorProps): JSX.Element {
  const narrow = createMediaQuery('(max-width: 60rem)');
  const [tab, setTab] = createSignal<Tab>('write');
  const showWrite = () => !narrow() || tab() === 'write';
  const showPreview = () => !narrow() || tab() === 'preview';
  const describedBy = () => [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;

  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next: Tab = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : tab() === 'write' ? 'preview' : 'write';
    setTab(next);
    document.getElementById(`${props.id}-tab-${next}`)?.focus();
  };

  return (
    <div class="field markdown-editor" classList={{ 'markdown-editor--tabs': narrow() }} data-testid={props['data-testid']}>
      <label class="field__label" for={props.id} id={`${props.id}-label`}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
      <Show when={narrow()}>
        <div class="markdown-editor__tabs" role="tablist" aria-label={`${props.label}: write or preview`}>
          <For each={TABS}>
            {(t) => (
              <button
                type="button"
                role="tab"
                id={`${props.id}-tab-${t.id}`}
                aria-selected={tab() === t.id}
                aria-controls={`${props.id}-panel-${t.id}`}
                tabindex={tab() === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
                onKeyDown={onTabKey}
              >
                {t.label}
              </button>
            )}
          </For>
        </div>
      </Show>
      <div class="markdown-editor__panes">
        <div
          class="markdown-editor__pane"
          id={`${props.id}-panel-write`}
          role={narrow() ? 'tabpanel' : undefined}
          aria-labelledby={narrow() ? `${props.id}-tab-write` : undefined}
          hidden={!showWrite()}
        >
          <textarea
            id={props.id}
            class="field__control markdown-editor__source"
            rows={props.rows ?? 14}
            spellcheck={true}
            value={props.value}
            onInput={(event) => props.onInput(event.currentTarget.value)}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={describedBy()}
          />
        </div>
        <div
          class="markdown-editor__pane markdown-editor__preview"
          id={`${props.id}-panel-preview`}
          role={narrow() ? 'tabpanel' : 'region'}
          aria-labelledby={narrow() ? `${props.id}-tab-preview` : `${props.id}-preview-title`}
          tabindex="0"
          hidden={!showPreview()}
        >
          <Show when={!narrow()}>
            <p class="markdown-editor__preview-title" id={`${props.id}-preview-title`}>
              Preview
            </p>
          </Show>
          <Show when={props.value.trim()} fallback={<p class="markdown-editor__empty">Nothing to preview yet.</p>}>
            <Markdown source={props.value} data-testid={props['data-testid'] ? `${props['data-testid']}-preview` : undefined} />
          </Show>
        </div>
      </div>
    </div>
  );
}
