import { createUniqueId, type JSX } from 'solid-js';
import { formatBytes, percentOf } from '../media/media-format';

/**
 * An image's upload progress: a labelled native <progress>, the percent, and a status that
 * says "Uploaded" once the Worker has accepted it (the bar stays, full, so the end is seen).
 */
export function UploadProgress(props: { name: string; sent: number; total: number; done: boolean }): JSX.Element {
  const id = createUniqueId();
  const percent = () => (props.done ? 100 : percentOf(props.sent, props.total));
  return (
    <div class="brand-upload" data-testid="brand-upload-progress" data-done={props.done ? 'true' : 'false'}>
      <div class="brand-upload__head">
        <span id={`${id}-label`}>{props.name}</span>
        <span data-testid="brand-upload-percent">{percent()}%</span>
      </div>
      <progress
        class="brand-upload__bar"
        max="100"
        value={percent()}
        aria-labelledby={`${id}-label`}
        aria-valuetext={`${percent()} percent, ${formatBytes(Math.min(props.sent, props.total))} of ${formatBytes(props.total)}`}
      />
      <p class="brand-upload__status" role="status">
        {props.done ? 'Uploaded' : 'Uploading…'}
      </p>
    </div>
  );
}
