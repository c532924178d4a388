import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { sessionEnded } from '../../lib/session';
import { Button } from '../../ui/button';
import { mintDownloadLink, startDownload, type DownloadFile } from './downloads-api';
import { formatBytes } from './learning-format';

/**
 * One downloadable file: its title, name and size, and a Download button that asks the
 * Worker for a fresh single-use link and hands it to the browser. A refusal (downloads
 * turned off, not enrolled) is shown in the Worker's own words beside the file.
 */
export function DownloadItem(props: { file: DownloadFile; canDownload: boolean }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [started, setStarted] = createSignal(false);

  const download = async () => {
    setBusy(true);
    setError(null);
    setStarted(false);
    try {
      const link = await mintDownloadLink(props.file.downloadId);
      startDownload(link.url);
      setStarted(true);
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setError(failure instanceof ApiError ? failure.message : 'The download did not start. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="download" data-testid="download">
      <div class="download__main">
        <p class="download__title">{props.file.title}</p>
        <p class="download__file">
          {props.file.filename}
          <Show when={props.file.sizeBytes !== null}> · {formatBytes(props.file.sizeBytes!)}</Show>
        </p>
      </div>
      <Show when={props.canDownload}>
        <Button
          variant="secondary"
          class="button--small download__button"
          onClick={() => void download()}
          disabled={busy()}
          aria-busy={busy()}
          data-testid="download-button"
        >
          {busy() ? 'Preparing…' : 'Download'}
          <span class="visually-hidden"> {props.file.title}</span>
        </Button>
      </Show>
      <p class="download__status" role="status">
        {started() ? `Your download of ${props.file.filename} has started.` : ''}
      </p>
      <Show when={error()}>
        <p class="download__error" role="alert" data-testid="download-error">
          {error()}
        </p>
      </Show>
    </li>
  );
}
