import { createSignal, onCleanup } from 'solid-js';
import { LEFT_PAGE, type UploadProgress } from './upload-file';

/**
 * One upload a screen runs at a time: its progress for the bar, and a Cancel that aborts it.
 * While it runs, closing or reloading the tab asks first (the browser's own prompt). Moving
 * to another page of the app stops sending, rather than letting it run on invisibly, but
 * keeps what arrived: the media library offers to resume it.
 */
export function createUploadTask() {
  const [progress, setProgress] = createSignal<UploadProgress | null>(null);
  let controller: AbortController | null = null;

  const run = async <T>(work: (signal: AbortSignal, onProgress: (p: UploadProgress) => void) => Promise<T>): Promise<T> => {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    try {
      return await work(own.signal, (p) => {
        if (controller === own) setProgress(p);
      });
    } finally {
      if (controller === own) {
        controller = null;
        setProgress(null);
      }
    }
  };

  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!controller) return;
    event.preventDefault();
    // Older browsers only show the prompt when returnValue is set.
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  onCleanup(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    controller?.abort(LEFT_PAGE);
  });

  return {
    progress,
    running: () => progress() !== null,
    run,
    cancel: () => controller?.abort(),
  };
}
