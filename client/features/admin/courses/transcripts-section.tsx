import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { signedInOnly } from '../../access/require-sign-in';
import { deleteTranscript, fetchTranscripts, transcriptProblems, uploadTranscript, type TranscriptProblem, type TranscriptSummary } from './transcripts-api';

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;
const MAX_BYTES = 2 * 1024 * 1024;

type Result = { tone: 'success' | 'error'; title?: string; text: string; problems?: TranscriptProblem[] };
type Upload = { language: string; file: File };

/** Captions for the lesson's video, one per language: list, upload (new or replacing), delete. */
export function TranscriptsSection(props: { lessonId: string }): JSX.Element {
  const [transcripts, { refetch }] = createResource(() => props.lessonId, (id) => signedInOnly(() => fetchTranscripts(id))());
  const [language, setLanguage] = createSignal('');
  const [file, setFile] = createSignal<File | null>(null);
  const [fieldError, setFieldError] = createSignal<{ field: 'language' | 'file'; message: string } | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<Result | null>(null);
  const [replacing, setReplacing] = createSignal<Upload | null>(null);
  const [deleting, setDeleting] = createSignal<TranscriptSummary | null>(null);
  let fileInput!: HTMLInputElement;

  const existing = (tag: string) => (transcripts.error ? [] : (transcripts.latest ?? [])).find((t) => t.language.toLowerCase() === tag.toLowerCase());

  const send = async ({ language: tag, file: chosen }: Upload) => {
    setBusy(true);
    try {
      const saved = await uploadTranscript(props.lessonId, tag, chosen);
      setResult({ tone: 'success', text: `The ${saved.language} transcript was saved with ${saved.cueCount} cue${saved.cueCount === 1 ? '' : 's'} from ${chosen.name}.` });
      setFile(null);
      fileInput.value = '';
      await refetch();
    } catch (error) {
      const problems = transcriptProblems(error);
      setResult(
        problems
          ? { tone: 'error', title: `${chosen.name} was not saved. Fix these lines and upload it again:`, text: '', problems }
          : { tone: 'error', title: 'The transcript was not saved', text: error instanceof ApiError ? error.message : 'Something went wrong. Please try again.' },
      );
    } finally {
      setBusy(false);
      focusElement('transcript-result');
    }
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setResult(null);
    const tag = language().trim();
    const chosen = file();
    if (!LANGUAGE_TAG.test(tag)) return fail('language', 'Name the language with a tag such as en, he or pt-BR.');
    if (!chosen) return fail('file', 'Choose a .vtt or .srt file.');
    if (chosen.size > MAX_BYTES) return fail('file', 'The file is larger than 2 MB. Split the transcript into smaller files.');
    setFieldError(null);
    // Replacing throws the old captions away, so it asks first.
    if (existing(tag)) return setReplacing({ language: tag, file: chosen });
    void send({ language: tag, file: chosen });
  };

  const fail = (field: 'language' | 'file', message: string) => {
    setFieldError({ field, message });
    document.getElementById(field === 'language' ? 'transcript-language' : 'transcript-file')?.focus();
  };

  const replaceFromList = (transcript: TranscriptSummary) => {
    setLanguage(transcript.language);
    setResult(null);
    fileInput.focus();
  };

  return (
    <section class="card admin-card" aria-labelledby="transcripts-title" aria-busy={transcripts.loading} data-testid="transcripts">
      <h2 id="transcripts-title">Transcripts</h2>
      <p class="section__intro">Captions learners can read along with the lesson video, one per language, from a WebVTT (.vtt) or SRT (.srt) file.</p>
      <Show when={result()}>
        {(current) => (
          <div class={`notice notice--${current().tone}`} id="transcript-result" tabindex="-1" role={current().tone === 'error' ? 'alert' : 'status'} data-testid="transcript-result">
            <Show when={current().title}>
              <p class="notice__title">{current().title}</p>
            </Show>
            <Show when={current().text}>
              <p>{current().text}</p>
            </Show>
            <Show when={current().problems}>
              {(problems) => (
                <ul class="notice__list transcript-problems" data-testid="transcript-problems">
                  <For each={problems()}>{(problem) => <li>{problem.message}</li>}</For>
                </ul>
              )}
            </Show>
          </div>
        )}
      </Show>
      <Switch>
        <Match when={transcripts.error}>
          <ErrorNotice title="We couldn't load the transcripts" error={transcripts.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={transcripts.state === 'pending'}>
          <Spinner label="Loading transcripts…" />
        </Match>
        <Match when={transcripts.latest}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <EmptyState title="No transcripts yet" data-testid="transcripts-empty">
                  <p>Upload a caption file below. Learners see it beside the lesson.</p>
                </EmptyState>
              }
            >
              <div class="table-scroll" role="region" aria-label="Transcripts list" tabindex="0">
                <table class="table" data-testid="transcripts-table">
                  <thead>
                    <tr>
                      <th scope="col">Language</th>
                      <th scope="col">Cues</th>
                      <th scope="col">Updated</th>
                      <th scope="col" class="table__actions">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list()}>
                      {(transcript) => (
                        <tr data-testid="transcript-row">
                          <th scope="row">
                            <code>{transcript.language}</code>
                          </th>
                          <td>{transcript.cueCount}</td>
                          <td>{transcript.updatedAt ? formatDateTime(transcript.updatedAt) : '—'}</td>
                          <td class="table__actions">
                            <div class="authoring-row-actions">
                              <Button variant="secondary" class="button--small" onClick={() => replaceFromList(transcript)}>
                                Replace<span class="visually-hidden"> the {transcript.language} transcript</span>
                              </Button>
                              <Button variant="secondary" class="button--small" onClick={() => setDeleting(transcript)}>
                                Delete<span class="visually-hidden"> the {transcript.language} transcript</span>
                              </Button>
                            </div>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          )}
        </Match>
      </Switch>

      <form class="transcript-upload" onSubmit={submit} novalidate data-testid="transcript-upload">
        <h3 class="transcript-upload__title">{existing(language().trim()) ? `Replace the ${language().trim()} transcript` : 'Upload a transcript'}</h3>
        <div class="transcript-upload__fields">
          <div class="field">
            <label class="field__label" for="transcript-language">
              Language
            </label>
            <p class="field__hint" id="transcript-language-hint">
              A tag such as en, he or pt-BR.
            </p>
            <Show when={fieldError()?.field === 'language'}>
              <p class="field__error" id="transcript-language-error">
                {fieldError()!.message}
              </p>
            </Show>
            <input
              id="transcript-language"
              class="field__control field__control--short"
              autocomplete="off"
              spellcheck={false}
              value={language()}
              onInput={(event) => setLanguage(event.currentTarget.value)}
              aria-invalid={fieldError()?.field === 'language' ? 'true' : undefined}
              aria-describedby={['transcript-language-hint', fieldError()?.field === 'language' ? 'transcript-language-error' : ''].filter(Boolean).join(' ')}
            />
          </div>
          <div class="field">
            <label class="field__label" for="transcript-file">
              Caption file
            </label>
            <p class="field__hint" id="transcript-file-hint">
              WebVTT (.vtt) or SRT (.srt), UTF-8, up to 2 MB.
            </p>
            <Show when={fieldError()?.field === 'file'}>
              <p class="field__error" id="transcript-file-error">
                {fieldError()!.message}
              </p>
            </Show>
            <input
              ref={fileInput}
              id="transcript-file"
              type="file"
              class="field__control"
              accept=".vtt,.srt,text/vtt,application/x-subrip"
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
              aria-invalid={fieldError()?.field === 'file' ? 'true' : undefined}
              aria-describedby={['transcript-file-hint', fieldError()?.field === 'file' ? 'transcript-file-error' : ''].filter(Boolean).join(' ')}
              data-testid="transcript-file"
            />
          </div>
        </div>
        <div class="form-actions">
          <Button type="submit" disabled={busy()} aria-busy={busy()} data-testid="upload-transcript">
            {busy() ? 'Uploading…' : existing(language().trim()) ? 'Replace transcript' : 'Upload transcript'}
          </Button>
        </div>
      </form>

      <Show when={replacing()}>
        {(upload) => (
          <ConfirmDialog
            title={`Replace the ${upload().language} transcript?`}
            confirmLabel="Replace transcript"
            busyLabel="Uploading…"
            onConfirm={() => send(upload())}
            onClose={(confirmed) => {
              setReplacing(null);
              if (confirmed) focusElement('transcript-result');
            }}
          >
            <p>
              The {existing(upload().language)?.cueCount ?? 0} cues learners see now are replaced by the captions in {upload().file.name}. If the file has
              problems, nothing changes and they are listed.
            </p>
          </ConfirmDialog>
        )}
      </Show>
      <Show when={deleting()}>
        {(transcript) => (
          <ConfirmDialog
            title={`Delete the ${transcript().language} transcript?`}
            confirmLabel="Delete transcript"
            busyLabel="Deleting…"
            onConfirm={async () => {
              await deleteTranscript(props.lessonId, transcript().language);
              setResult({ tone: 'success', text: `The ${transcript().language} transcript was deleted.` });
              await refetch();
            }}
            onClose={(confirmed) => {
              setDeleting(null);
              if (confirmed) focusElement('transcript-result');
            }}
          >
            <p>Learners will no longer see these {transcript().cueCount} cues. You can upload the file again later.</p>
          </ConfirmDialog>
        )}
      </Show>
    </section>
  );
}
