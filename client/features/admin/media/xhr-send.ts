import { ApiError, toApiError } from '../../../lib/api';

// fetch() cannot report how much of a request body has been sent, so file bytes go through
// XMLHttpRequest, whose upload events do. Failures become the same ApiError api() throws: the
// Worker's own message for its refusals (413, 415, 409…), a network error as status 0.

export type XhrRequest = {
  method: 'PUT' | 'POST' | 'PATCH' | 'HEAD';
  url: string;
  body?: XMLHttpRequestBodyInit | null;
  headers?: Record<string, string>;
  /** Cookies on a cross-origin request: never for Stream, which must not see our session. */
  withCredentials?: boolean;
  signal?: AbortSignal;
  /** Bytes of the body sent so far. */
  onProgress?: (loaded: number) => void;
};

export type XhrResponse = { status: number; text: string; header: (name: string) => string | null };

export function abortError(): DOMException {
  return new DOMException('The upload was cancelled.', 'AbortError');
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function xhrSend(request: XhrRequest): Promise<XhrResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    xhr.withCredentials = request.withCredentials ?? false;
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    const onAbort = () => xhr.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => request.signal?.removeEventListener('abort', onAbort);

    if (request.onProgress) {
      const report = request.onProgress;
      xhr.upload.addEventListener('progress', (event) => report(event.loaded));
    }
    xhr.addEventListener('load', () => {
      done();
      const response: XhrResponse = { status: xhr.status, text: xhr.responseText, header: (name) => xhr.getResponseHeader(name) };
      if (xhr.status >= 200 && xhr.status < 300) return resolve(response);
      void errorFrom(xhr).then(reject);
    });
    xhr.addEventListener('error', () => {
      done();
      reject(new ApiError(0, 'network_error', 'The connection dropped while sending the file. Check your connection and try again.', null));
    });
    xhr.addEventListener('abort', () => {
      done();
      reject(abortError());
    });
    xhr.send(request.body ?? null);
  });
}

async function errorFrom(xhr: XMLHttpRequest): Promise<ApiError> {
  if (xhr.status < 200 || xhr.status > 599) {
    return new ApiError(xhr.status, `http_${xhr.status}`, `The upload failed (${xhr.status}).`, null);
  }
  const headers = new Headers();
  const type = xhr.getResponseHeader('content-type');
  const requestId = xhr.getResponseHeader('x-request-id');
  if (type) headers.set('content-type', type);
  if (requestId) headers.set('x-request-id', requestId);
  return toApiError(new Response(xhr.responseText, { status: xhr.status, headers }));
}

/** The JSON answer of a successful request, or an ApiError saying the answer was not JSON. */
export function jsonOf(response: XhrResponse): unknown {
  try {
    return response.text ? JSON.parse(response.text) : null;
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server’s answer could not be read. Reload the page to see whether the upload arrived.', null);
  }
}
