import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * Reads the SQLite files miniflare keeps for local D1, straight from disk — an independent
 * check on what the commands wrote, and free, unlike another wrangler call. Only use it
 * while no wrangler process is running on that state.
 */
export function queryLocalD1(persistTo: string, sql: string, params: Array<string | number> = []): Array<Record<string, unknown>> {
  const dir = path.join(persistTo, 'v3/d1/miniflare-D1DatabaseObject');
  const rows: Array<Record<string, unknown>> = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite')) {
    const db = new DatabaseSync(path.join(dir, file), { readOnly: true });
    try {
      rows.push(...db.prepare(sql).all(...params).map((row) => ({ ...row })));
    } catch {
      // This database does not have the table: not the one we are looking for.
    } finally {
      db.close();
    }
  }
  return rows;
}
