import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type D1Gateway, type Row, WranglerError } from '../lib/wrangler.ts';
import { readD1Bindings } from '../lib/wrangler-config.ts';

/**
 * D1 as wrangler presents it, in memory: bindings are looked up in the config file on every
 * call (so a binding only works once it is in wrangler.toml, as with wrangler), databases
 * are keyed by database_id, and migrations are recorded in d1_migrations. Lets the tests
 * interrupt and resume provisioning at every step in milliseconds instead of wrangler's
 * seconds.
 */
export type FakeD1 = D1Gateway & {
  calls: string[];
  /** The database behind a binding, for assertions. */
  database(binding: string): DatabaseSync;
  /** The remote account's databases (name → id), for remote-mode tests. */
  account: Map<string, string>;
  /** Make the next matching call fail, as a crashed wrangler would. */
  failNext(call: string, message?: string): void;
};

export function fakeD1(configPath: string): FakeD1 {
  const databases = new Map<string, DatabaseSync>();
  const account = new Map<string, string>();
  const calls: string[] = [];
  const failures = new Map<string, string>();

  const resolve = (binding: string) => {
    const entry = readD1Bindings(readFileSync(configPath, 'utf8')).find((candidate) => candidate.binding === binding);
    if (!entry) throw new WranglerError(`Couldn't find a D1 DB with the name or binding '${binding}' in your wrangler.toml file.`, [], '');
    let db = databases.get(entry.database_id);
    if (!db) {
      db = new DatabaseSync(':memory:');
      databases.set(entry.database_id, db);
    }
    return { entry, db };
  };

  const record = (call: string) => {
    calls.push(call);
    const failure = failures.get(call);
    if (failure !== undefined) {
      failures.delete(call);
      throw new WranglerError(`wrangler ${call} failed: ${failure}`, [], failure);
    }
  };

  return {
    calls,
    account,
    database: (binding) => resolve(binding).db,
    failNext: (call, message = 'simulated failure') => void failures.set(call, message),

    async execute(binding, statements) {
      record(`execute ${binding}`);
      const { db } = resolve(binding);
      try {
        return statements.map((sql) => db.prepare(sql).all() as Row[]);
      } catch (error) {
        throw new WranglerError(`wrangler d1 execute failed: ${(error as Error).message}`, [], '');
      }
    },

    async applyMigrations(binding) {
      record(`migrations ${binding}`);
      const { entry, db } = resolve(binding);
      const dir = path.resolve(path.dirname(configPath), entry.migrations_dir ?? 'migrations');
      db.exec('CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TEXT)');
      const done = new Set((db.prepare('SELECT name FROM d1_migrations').all() as Array<{ name: string }>).map((row) => row.name));
      const applied: string[] = [];
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.sql')).sort()) {
        if (done.has(file)) continue;
        try {
          db.exec('BEGIN');
          db.exec(readFileSync(path.join(dir, file), 'utf8'));
          db.prepare("INSERT INTO d1_migrations (name, applied_at) VALUES (?, datetime('now'))").run(file);
          db.exec('COMMIT');
        } catch (error) {
          db.exec('ROLLBACK');
          throw new WranglerError(`wrangler d1 migrations apply failed: ${(error as Error).message}`, [], '');
        }
        applied.push(file);
      }
      return applied;
    },

    async listDatabases() {
      record('list');
      return [...account].map(([name, uuid]) => ({ name, uuid }));
    },

    async createDatabase(name) {
      record(`create ${name}`);
      if (account.has(name)) throw new WranglerError(`wrangler d1 create failed: A database with that name already exists`, [], '');
      const uuid = crypto.randomUUID();
      account.set(name, uuid);
      return uuid;
    },
  };
}
