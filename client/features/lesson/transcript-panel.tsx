import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { describeTimestamp, formatTimestamp } from '../course/learning-format';
import { CopyNotice, type CopyGuard } from './copy-guard';
import { languageName } from './language';
import type { Cue, Transcript } from './lesson-api';
import type { Seeker } from './seek';

/** The transcript in the reader's own language when there is one, else the first. */
function preferredLanguage(transcripts: Transcript[]): string {
  const wanted = navigator.languages.map((tag) => tag.toLowerCase());
  const exact = transcripts.find((t) => wanted.includes(t.language.toLowerCase()));
  const base = transcripts.find((t) => wanted.some((w) => w.split('-')[0] === t.language.toLowerCase().split('-')[0]));
  return (exact ?? base ?? transcripts[0]!).language;
}

/** The cue spoken at `seconds`: the one that spans it, else the last one started before it. */
export function cueAt(cues: Cue[], seconds: number): number {
  if (cues.length === 0) return -1;
  const spanning = cues.findIndex((c) => c.start <= seconds && seconds < c.end);
  if (spanning >= 0) return spanning;
  let last = 0;
  cues.forEach((c, i) => {
    if (c.start <= seconds) last = i;
  });
  return last;
}

/** Splits text around case-insensitive matches of `query`, marking the matches. */
function highlight(text: string, query: string): JSX.Element {
  if (!query) return text;
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: JSX.Element[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Scrolls the transcript's own box (never the page) just enough to show the line. */
function keepInView(scroller: HTMLElement, line: HTMLElement): void {
  const box = scroller.getBoundingClientRect();
  const at = line.getBoundingClientRect();
  if (at.top < box.top) scroller.scrollTop -= box.top - at.top;
  else if (at.bottom > box.bottom) scroller.scrollTop += at.bottom - box.bottom;
}

/**
 * What is said in the lesson, line by line with its time. A search narrows the lines to
 * those that match and marks the words; a seek (a note's timestamp, `?t=` in the address)
 * scrolls to the line spoken then and highlights it. While the video plays, the line being
 * spoken is highlighted as it goes, and each line’s time moves the video there.
 */
export function TranscriptPanel(props: { transcripts: Transcript[]; seeker: Seeker; copyGuard: CopyGuard }): JSX.Element {
  let scroller!: HTMLDivElement;
  const [language, setLanguage] = createSignal(preferredLanguage(props.transcripts));
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal<number | null>(null);
  const [notice, setNotice] = createSignal('');
  const transcript = () => props.transcripts.find((t) => t.language === language()) ?? props.transcripts[0]!;
  const needle = () => query().trim();
  const shown = createMemo(() => {
    const q = needle().toLowerCase();
    return transcript()
      .cues.map((cue, index) => ({ cue, index }))
      .filter(({ cue }) => !q || cue.text.toLowerCase().includes(q));
  });

  // Not deferred: a seek asked for before the panel existed (`?t=` on arrival) still lands.
  createEffect(
    on(props.seeker.request, (request) => {
      if (!request) return;
      const index = cueAt(transcript().cues, request.seconds);
      if (index < 0) return;
      // The line may be hidden by a search; show everything again rather than miss it.
      if (!shown().some((entry) => entry.index === index)) setQuery('');
      setActive(index);
      requestAnimationFrame(() => {
        const line = document.getElementById(`cue-${index}`);
        if (!line) return;
        // With a video, the video takes focus (it moved); the transcript only follows.
        if (props.seeker.hasVideo) return keepInView(scroller, line);
        setNotice(`Showing the line at ${describeTimestamp(transcript().cues[index]!.start)}.`);
        line.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
        line.focus({ preventScroll: true });
      });
    }),
  );

  // Following the video: the spoken line is highlighted; the box scrolls to it unless the
  // reader is busy in the panel (searching, reading elsewhere with the keyboard).
  createEffect(
    on(props.seeker.time, (seconds) => {
      if (seconds === null) return;
      const index = cueAt(transcript().cues, seconds);
      if (index < 0 || index === active()) return;
      setActive(index);
      if (needle() || scroller.contains(document.activeElement)) return;
      const line = document.getElementById(`cue-${index}`);
      if (line) keepInView(scroller, line);
    }),
  );

  const status = () => {
    if (notice()) return notice();
    const total = transcript().cues.length;
    if (!needle()) return `${total} line${total === 1 ? '' : 's'}`;
    const n = shown().length;
    return n === 0 ? `No lines match “${needle()}”.` : `${n} of ${total} lines match “${needle()}”.`;
  };

  return (
    <section class="card lesson-panel transcript" aria-labelledby="transcript-title" data-testid="transcript">
      <h2 id="transcript-title" class="lesson-panel__title">
        Transcript
      </h2>
      <div class="transcript__controls">
        <Show when={props.transcripts.length > 1}>
          <div class="field">
            <label class="field__label" for="transcript-language">
              Language
            </label>
            <select
              id="transcript-language"
              class="field__control"
              value={language()}
              onChange={(event) => {
                setLanguage(event.currentTarget.value);
                setActive(null);
                setNotice('');
              }}
            >
              <For each={props.transcripts}>{(t) => <option value={t.language}>{languageName(t.language)}</option>}</For>
            </select>
          </div>
        </Show>
        <div class="field">
          <label class="field__label" for="transcript-search">
            Search the transcript
          </label>
          <input
            id="transcript-search"
            class="field__control"
            type="search"
            autocomplete="off"
            value={query()}
            onInput={(event) => {
              setQuery(event.currentTarget.value);
              setNotice('');
            }}
          />
        </div>
      </div>
      <p class="transcript__status" role="status" data-testid="transcript-status">
        {status()}
      </p>
      <div
        ref={scroller}
        class="transcript__scroll"
        classList={{ 'no-copy': props.copyGuard.active }}
        tabindex="0"
        role="region"
        aria-label={`Transcript, ${languageName(transcript().language)}`}
        onCopy={(event) => props.copyGuard.block(event)}
        onCut={(event) => props.copyGuard.block(event)}
        onContextMenu={(event) => props.copyGuard.block(event)}
        data-testid="transcript-text"
      >
        <ol class="transcript__cues" data-testid="transcript-cues">
          <For each={shown()}>
            {(entry) => (
              <li
                id={`cue-${entry.index}`}
                class="cue"
                classList={{ 'cue--active': active() === entry.index }}
                aria-current={active() === entry.index ? 'true' : undefined}
                tabindex="-1"
                data-testid="transcript-cue"
              >
                <Show
                  when={props.seeker.hasVideo}
                  fallback={
                    <span class="cue__time">
                      <span class="visually-hidden">At </span>
                      {formatTimestamp(entry.cue.start)}
                    </span>
                  }
                >
                  <button
                    type="button"
                    class="cue__time cue__time--button"
                    aria-label={`Go to ${formatTimestamp(entry.cue.start)} in the video`}
                    onClick={() => props.seeker.seekTo(entry.cue.start)}
                    data-testid="cue-play"
                  >
                    <span class="visually-hidden">At </span>
                    {formatTimestamp(entry.cue.start)}
                  </button>
                </Show>
                <span class="cue__text" lang={transcript().language} dir="auto">
                  {highlight(entry.cue.text, needle())}
                </span>
              </li>
            )}
          </For>
        </ol>
      </div>
      <Show when={props.copyGuard.active}>
        <CopyNotice guard={props.copyGuard} data-testid="transcript-copy-notice" />
      </Show>
    </section>
  );
}
