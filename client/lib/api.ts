// The one way the client talks to the Worker. Deliberately tiny: once the server exports a
// finished AppType, this can become a Hono RPC client (hc<AppType>) behind the same ApiError.

/** A failed call, carrying the Worker's `{ error: { code, message, requestId } }` body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    /** For 400s from zod validation: the issues, each with the `path` of the field it is about. */
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** True for the 401 the Worker answers when nobody is signed in (or the session has ended). */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

type RequestOptions<T> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /**
   * Sent as it is instead of `body`, for the few routes that take a file rather than JSON (a
   * transcript upload). The Worker still checks its content type, so say which one it is.
   */
  rawBody?: { body: BodyInit; contentType: string };
  signal?: AbortSignal;
  /** Checks the JSON at the boundary so a server change fails here, not deep in a component. */
  parse?: (data: unknown) => T;
};

export async function api<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  // Every mutation is sent as JSON, even without a payload: the Worker refuses mutations that
  // are not `application/json`, which is what keeps plain cross-site form posts out.
  const mutates = method !== 'GET';
  let body: BodyInit | undefined;
  if (mutates && options.rawBody) {
    headers['content-type'] = options.rawBody.contentType;
    body = options.rawBody.body;
  } else if (mutates) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection.', null);
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;

  const data: unknown = await response.json();
  return options.parse ? options.parse(data) : (data as T);
}

// Not every failure comes from our error handler (a proxy's 502, an HTML 404 from the edge),
// so anything that is not the documented shape still becomes a readable ApiError.
export async function toApiError(response: Response): Promise<ApiError> {
  const headerId = response.headers.get('x-request-id');
  try {
    const body: unknown = await response.json();
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : null;
    if (typeof error === 'object' && error !== null) {
      const { code, message, requestId, details } = error as Record<string, unknown>;
      return new ApiError(
        response.status,
        typeof code === 'string' ? code : `http_${response.status}`,
        typeof message === 'string' ? message : fallbackMessage(response.status),
        typeof requestId === 'string' ? requestId : headerId,
        details ?? null,
      );
    }
  } catch {
    // Not JSON: fall through to the generic error below.
  }
  return new ApiError(response.status, `http_${response.status}`, fallbackMessage(response.status), headerId);
}

function fallbackMessage(status: number): string {
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again.';
  return `The request failed (${status}).`;
}
