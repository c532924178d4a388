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
  ) {
    super(message);
  }
}

type RequestOptions<T> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Checks the JSON at the boundary so a server change fails here, not deep in a component. */
  parse?: (data: unknown) => T;
};

export async function api<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
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
async function toApiError(response: Response): Promise<ApiError> {
  const headerId = response.headers.get('x-request-id');
  try {
    const body: unknown = await response.json();
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : null;
    if (typeof error === 'object' && error !== null) {
      const { code, message, requestId } = error as Record<string, unknown>;
      return new ApiError(
        response.status,
        typeof code === 'string' ? code : `http_${response.status}`,
        typeof message === 'string' ? message : fallbackMessage(response.status),
        typeof requestId === 'string' ? requestId : headerId,
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
