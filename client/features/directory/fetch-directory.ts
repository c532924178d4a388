import { api } from '../../lib/api';
import { parseDirectory, type DirectoryEntry } from '../../lib/school';

/** The public schools listed on the apex; only the apex host answers this. */
export function fetchDirectory(): Promise<DirectoryEntry[]> {
  return api('/api/schools', { parse: parseDirectory });
}
