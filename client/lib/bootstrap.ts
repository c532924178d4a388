import { api, ApiError } from './api';
import { parseSchool, type School } from './school';

/** Which kind of host the page was served from; decides the whole app shell. */
export type HostContext =
  | { kind: 'school'; school: School }
  | { kind: 'apex'; platformDomain: string };

/**
 * Reads what the Worker wrote into <script id="lectern-bootstrap">. Returns null when there is
 * nothing usable (the unrewritten `{}` from vite dev/preview, or malformed JSON), so the caller
 * can ask the API instead of guessing a school.
 */
export function readBootstrap(doc: Document): HostContext | null {
  const text = doc.getElementById('lectern-bootstrap')?.textContent?.trim() ?? '';
  if (text === '' || text === '{}') return null;
  try {
    return toHostContext(JSON.parse(text));
  } catch (error) {
    console.warn('lectern: ignoring unreadable bootstrap data', error);
    return null;
  }
}

function toHostContext(data: unknown): HostContext | null {
  if (typeof data !== 'object' || data === null) return null;
  const { kind, school, platformDomain } = data as Record<string, unknown>;
  if (kind === 'school') return { kind: 'school', school: parseSchool(school) };
  if (kind === 'apex' && typeof platformDomain === 'string') return { kind: 'apex', platformDomain };
  return null;
}

/**
 * The fallback when there is no bootstrap: a school host answers /api/school, any other host
 * gets a 404 from it and is treated as the apex directory. Other failures are real errors.
 */
export async function fetchHostContext(): Promise<HostContext> {
  try {
    const school = await api('/api/school', { parse: parseSchool });
    return { kind: 'school', school };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { kind: 'apex', platformDomain: location.hostname };
    }
    throw error;
  }
}
