import MarkdownIt from 'markdown-it';
import { createMemo, type JSX } from 'solid-js';
import './markdown.css';

// Lesson bodies are written by staff but read by everyone, so they are rendered as untrusted:
// `html: false` escapes any raw HTML (no <script>, no style="…", no event handlers) and
// markdown-it's validateLink refuses javascript:, vbscript:, file: and non-image data: URLs.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

// Links leaving the school open in a new tab without handing it `window.opener`.
const renderLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href) && !href.startsWith(location.origin)) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** Markdown source → safe HTML string. Exported for tests and for previews that need the string. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Rendered Markdown (lesson bodies, editor preview). */
export function Markdown(props: { source: string; class?: string; 'data-testid'?: string }): JSX.Element {
  const html = createMemo(() => renderMarkdown(props.source));
  return <div class={`markdown ${props.class ?? ''}`} data-testid={props['data-testid']} innerHTML={html()} />;
}
