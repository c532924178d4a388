import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { Notice } from '../../../ui/notice';
import { formatBytes } from '../media/media-format';
import { isAbort } from '../media/xhr-send';
import { type BrandAnswer, type BrandImage, type ImageSlot, removeBrandImage, uploadBrandImage } from './brand-api';
import { UploadProgress } from './upload-progress';

const TYPE_NAMES: Record<string, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP', 'image/x-icon': 'ICO' };
const EXTENSIONS: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg,.jpeg', 'image/webp': '.webp', 'image/x-icon': '.ico' };

type ImageFieldProps = {
  slot: ImageSlot;
  /** "Logo" or "Favicon". */
  title: string;
  purpose: string;
  image: BrandImage | null;
  limits: { maxBytes: number; types: string[] };
  /** The Worker's answer after an upload or removal: the brand as it now is. */
  onChanged: (answer: BrandAnswer) => void;
};

/**
 * One brand image: what is in use now, a file chooser that uploads at once (with progress),
 * and Remove, which asks first. These take effect without the form's Save: the image is
 * already live for everyone once the upload finishes.
 */
export function ImageField(props: ImageFieldProps): JSX.Element {
  const id = `brand-${props.slot}`;
  const lower = props.title.toLowerCase();
  const [progress, setProgress] = createSignal<{ name: string; sent: number; total: number; done: boolean } | null>(null);
  const [message, setMessage] = createSignal<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  let input!: HTMLInputElement;
  let controller: AbortController | null = null;
  onCleanup(() => controller?.abort());

  const types = () => props.limits.types.map((t) => TYPE_NAMES[t] ?? t).join(', ');
  const hint = () => `${props.purpose} ${types()}, at most ${formatBytes(props.limits.maxBytes)}. It is used as soon as it has uploaded.`;

  const upload = async (file: File) => {
    setMessage(null);
    // The Worker checks all of this again (and the bytes themselves); this only saves a wasted upload.
    if (file.size > props.limits.maxBytes) {
      return setMessage({ tone: 'error', text: `“${file.name}” is ${formatBytes(file.size)}; a ${lower} may be at most ${formatBytes(props.limits.maxBytes)}.` });
    }
    controller = new AbortController();
    setProgress({ name: file.name, sent: 0, total: file.size, done: false });
    try {
      const answer = await uploadBrandImage(props.slot, file, (sent) => setProgress((p) => p && { ...p, sent }), controller.signal);
      setProgress((p) => p && { ...p, sent: p.total, done: true });
      setMessage({ tone: 'success', text: `${props.title} uploaded. Every page of the school now shows it.` });
      props.onChanged(answer);
    } catch (failure) {
      setProgress(null);
      if (isAbort(failure)) return;
      if (!(failure instanceof ApiError)) console.error(failure);
      setMessage({ tone: 'error', text: failure instanceof ApiError ? failure.message : 'The upload failed. Please try again.' });
    } finally {
      controller = null;
      input.value = '';
    }
  };

  return (
    <fieldset class="fieldset brand-image" data-testid={`${id}-field`}>
      <legend class="fieldset__legend">{props.title}</legend>
      <div class="brand-image__current">
        <Show when={props.image} fallback={<p class="brand-image__none">No {lower} yet.</p>}>
          {(image) => (
            <>
              <img class={`brand-image__img brand-image__img--${props.slot}`} src={image().url} alt={`The current ${lower}`} data-testid={`${id}-current`} />
              <p class="brand-image__meta">
                {TYPE_NAMES[image().contentType] ?? image().contentType}, {formatBytes(image().sizeBytes)}
              </p>
            </>
          )}
        </Show>
      </div>
      <div class="field">
        <label class="field__label" for={`${id}-file`}>
          {props.image ? `Replace the ${lower}` : `Upload a ${lower}`}
        </label>
        <p class="field__hint" id={`${id}-hint`}>
          {hint()}
        </p>
        <input
          ref={input}
          type="file"
          id={`${id}-file`}
          class="brand-image__file"
          accept={props.limits.types.map((t) => `${t},${EXTENSIONS[t] ?? ''}`).join(',')}
          aria-describedby={`${id}-hint`}
          disabled={progress() !== null && !progress()!.done}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void upload(file);
          }}
        />
      </div>
      <Show when={progress()}>{(p) => <UploadProgress {...p()} />}</Show>
      <Show when={message()}>
        {(m) => (
          <Notice tone={m().tone} live={m().tone === 'error' ? 'alert' : 'status'} data-testid={`${id}-message`}>
            <p>{m().text}</p>
          </Notice>
        )}
      </Show>
      <Show when={props.image}>
        <div class="form-actions">
          <Button variant="secondary" onClick={() => setConfirming(true)} data-testid={`${id}-remove`}>
            Remove the {lower}
          </Button>
        </div>
      </Show>
      <Show when={confirming()}>
        <ConfirmDialog
          title={`Remove the ${lower}?`}
          confirmLabel={`Remove ${lower}`}
          busyLabel="Removing…"
          onConfirm={async () => {
            const answer = await removeBrandImage(props.slot);
            setProgress(null);
            setMessage({ tone: 'success', text: `${props.title} removed.` });
            props.onChanged(answer);
          }}
          onClose={(confirmed) => {
            setConfirming(false);
            if (confirmed) input.focus();
          }}
        >
          <p>
            {props.slot === 'logo'
              ? 'Every page shows the school’s initial instead, at once. The image is deleted; to use it again, upload it again.'
              : 'Browsers show Lectern’s icon instead. The image is deleted; to use it again, upload it again.'}
          </p>
        </ConfirmDialog>
      </Show>
    </fieldset>
  );
}
