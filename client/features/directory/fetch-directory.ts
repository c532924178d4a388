import { api } from '../../lib/api';
import { parseDirectory, type DirectoryEntry } from '../../lib/school';

/** The public schools listed on the apex, optionally narrowed by a search; only the apex answers this. */
export function fetchDirectory(q = ''): Promise<DirectoryEntry[]> {
  const query = q.trim();
  return api(query ? `/api/schools?q=${encodeURIComponent(query)}` : '/api/schools', { parse: parseDirectory });
}
