import { createSignal, createUniqueId, Show, type JSX } from 'solid-js';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { formatBytes, percentOf } from './media-format';
import type { UploadProgress } from './upload-file';

type UploadProgressBarProps = {
  /** What is being sent, usually the file's name. */
  name: string;
  progress: UploadProgress;
  /** After the last byte, a video is still being processed by Stream. */
  processing?: boolean;
  onCancel?: () => void;
  'data-testid'?: string;
};

/** Once this much has been sent (a part of a large file), Cancel asks first: the bytes sent are discarded. */
const CONFIRM_CANCEL_AFTER = 8 * 1024 * 1024;

function phaseText(props: UploadProgressBarProps): string {
  if (props.processing) return 'Processing…';
  if (props.progress.phase === 'preparing') return 'Starting…';
  if (props.progress.phase === 'finishing') return 'Finishing…';
  return 'Uploading';
}

/**
 * A labelled native <progress> (role progressbar, with the percent as its value and the
 * bytes in its value text), the percent and bytes in words, and Cancel while it can still
 * be cancelled (asking first once a large share has been sent, as it is discarded). The phase (starting, uploading, finishing, processing) is announced politely
 * once per change, not at every percent.
 */
export function UploadProgressBar(props: UploadProgressBarProps): JSX.Element {
  const id = createUniqueId();
  const percent = () => percentOf(props.progress.sent, props.progress.total);
  const bytes = () => `${formatBytes(Math.min(props.progress.sent, props.progress.total))} of ${formatBytes(props.progress.total)}`;
  const cancellable = () => props.onCancel && !props.processing && props.progress.phase !== 'finishing';
  const [asking, setAsking] = createSignal(false);
  const cancel = () => {
    if (props.progress.sent >= CONFIRM_CANCEL_AFTER) setAsking(true);
    else props.onCancel?.();
  };
  return (
    <div class="upload-progress" data-testid={props['data-testid'] ?? 'upload-progress'} data-phase={props.processing ? 'processing' : props.progress.phase}>
      <div class="upload-progress__head">
        <span class="upload-progress__name" id={`${id}-label`}>
          {props.name}
        </span>
        <span class="upload-progress__percent" data-testid="upload-percent">
          {percent()}%
        </span>
      </div>
      <progress
        class="upload-progress__bar"
        max="100"
        value={percent()}
        aria-labelledby={`${id}-label`}
        aria-valuetext={`${percent()} percent, ${bytes()}`}
        data-testid="upload-progress-bar"
      />
      <div class="upload-progress__foot">
        <p class="upload-progress__detail">
          <span role="status">{phaseText(props)}</span> <span class="upload-progress__bytes">{bytes()}</span>
        </p>
        <Show when={cancellable()}>
          <Button variant="secondary" class="button--small" onClick={cancel} data-testid="cancel-upload">
            Cancel upload<span class="visually-hidden"> of {props.name}</span>
          </Button>
        </Show>
        <Show when={asking() && cancellable()}>
          <ConfirmDialog
            title={`Cancel the upload of “${props.name}”?`}
            confirmLabel="Cancel upload"
            busyLabel="Cancelling…"
            onConfirm={async () => props.onCancel?.()}
            onClose={() => setAsking(false)}
          >
            <p>
              {bytes()} have been sent. Cancelling discards them; to add the file later, upload it again from the start. Choose Cancel to keep uploading.
            </p>
          </ConfirmDialog>
        </Show>
      </div>
    </div>
  );
}
