import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'smol-toml';
import { z } from 'zod';
import { bindingForSlug } from '../../src/modules/tenancy/slug.ts';
import { OperatorError } from './cli.ts';

/**
 * wrangler.toml as the operator commands see it. Reading goes through a TOML parser;
 * writing only ever appends a stringified `[[d1_databases]]` table, so the comments and
 * layout people wrote stay byte-for-byte, and the result is re-parsed before it is saved.
 */

export const PLATFORM_BINDING = 'PLATFORM_DB';
export const SCHOOL_MIGRATIONS_DIR = 'migrations/school';

export type D1BindingConfig = {
  binding: string;
  database_name: string;
  database_id: string;
  migrations_dir?: string;
};

const ConfigShape = z.looseObject({
  vars: z.record(z.string(), z.unknown()).optional(),
  d1_databases: z
    .array(
      z.looseObject({
        binding: z.string(),
        database_name: z.string().optional(),
        database_id: z.string().optional(),
        migrations_dir: z.string().optional(),
      }),
    )
    .optional(),
});

function parseConfig(text: string, file = 'wrangler.toml') {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new OperatorError(`${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = ConfigShape.safeParse(raw);
  if (!result.success) throw new OperatorError(`${file} has an unexpected d1_databases or vars section: ${result.error.issues[0]?.message}`);
  return result.data;
}

export function readD1Bindings(text: string): D1BindingConfig[] {
  return (parseConfig(text).d1_databases ?? []).map((entry) => ({
    binding: entry.binding,
    database_name: entry.database_name ?? '',
    database_id: entry.database_id ?? '',
    ...(entry.migrations_dir === undefined ? {} : { migrations_dir: entry.migrations_dir }),
  }));
}

/** Every school database the config names, in file order (SCHOOL_* bindings). */
export function schoolBindings(text: string): D1BindingConfig[] {
  return readD1Bindings(text).filter((entry) => entry.binding.startsWith('SCHOOL_'));
}

export function readPlatformDomain(text: string): string {
  const domain = parseConfig(text).vars?.PLATFORM_DOMAIN;
  return typeof domain === 'string' && domain ? domain : 'localhost';
}

/** The binding a school's database gets; the id is filled in once the database exists. */
export function schoolBindingFor(slug: string, databaseId: string): D1BindingConfig {
  return {
    binding: bindingForSlug(slug),
    database_name: `lectern-school-${slug}`,
    database_id: databaseId,
    migrations_dir: SCHOOL_MIGRATIONS_DIR,
  };
}

/**
 * Refuses a binding that would clash with what the config already has: the same binding
 * name pointing elsewhere, or the same database under another binding. Returns the entry
 * already present when it matches (ignoring an empty database_id in `wanted`).
 */
export function checkBindingFits(text: string, wanted: D1BindingConfig): D1BindingConfig | null {
  const existing = readD1Bindings(text);
  const same = existing.find((entry) => entry.binding === wanted.binding);
  if (same) {
    const differs =
      same.database_name !== wanted.database_name ||
      (wanted.database_id !== '' && same.database_id !== wanted.database_id) ||
      (same.migrations_dir ?? '') !== (wanted.migrations_dir ?? '');
    if (differs) {
      throw new OperatorError(
        `wrangler.toml already binds ${wanted.binding} to database "${same.database_name}" (id ${same.database_id || 'none'}, ` +
          `migrations_dir ${same.migrations_dir ?? 'none'}), not "${wanted.database_name}"${wanted.database_id ? ` (id ${wanted.database_id})` : ''}; ` +
          'fix or remove that entry by hand, then re-run.',
      );
    }
  }
  for (const entry of existing) {
    if (entry.binding === wanted.binding) continue;
    const sameName = entry.database_name === wanted.database_name;
    const sameId = wanted.database_id !== '' && entry.database_id === wanted.database_id;
    if (sameName || sameId) {
      throw new OperatorError(
        `wrangler.toml already uses database ${sameName ? `"${wanted.database_name}"` : `id ${wanted.database_id}`} for binding ${entry.binding}; ` +
          `one database cannot back two bindings.`,
      );
    }
  }
  return same ?? null;
}

/** Pure: the config text with `entry` appended, or unchanged if it is already there. */
export function addD1Binding(text: string, entry: D1BindingConfig): { text: string; changed: boolean } {
  if (!entry.database_id) throw new Error('addD1Binding needs a database_id');
  if (checkBindingFits(text, entry)) return { text, changed: false };

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const fragment = stringify({ d1_databases: [entry] }).trimEnd().split('\n').join(eol);
  const separator = text === '' ? '' : text.endsWith(eol + eol) ? '' : text.endsWith(eol) ? eol : eol + eol;
  const next = `${text}${separator}${fragment}${eol}`;

  // The appended table must parse back to the same config plus exactly this one entry.
  const before = parse(text) as Record<string, unknown>;
  const expected = { ...before, d1_databases: [...((before.d1_databases as unknown[] | undefined) ?? []), entry] };
  let after: unknown;
  try {
    after = parse(next);
  } catch {
    after = null;
  }
  if (JSON.stringify(after) !== JSON.stringify(expected)) {
    throw new OperatorError(`Appending ${entry.binding} would change wrangler.toml's meaning (is d1_databases written inline?); add it by hand.`);
  }
  return { text: next, changed: true };
}

/** Adds the binding to the file on disk (atomically) unless it is already there. */
export function addD1BindingToFile(configPath: string, entry: D1BindingConfig): { changed: boolean } {
  const current = readFileSync(configPath, 'utf8');
  const { text, changed } = addD1Binding(current, entry);
  if (changed) {
    const temp = path.join(path.dirname(configPath), `.${path.basename(configPath)}.${process.pid}.tmp`);
    writeFileSync(temp, text, { mode: statSync(configPath).mode });
    renameSync(temp, configPath);
  }
  return { changed };
}

export function readConfigFile(configPath: string): string {
  try {
    return readFileSync(configPath, 'utf8');
  } catch {
    throw new OperatorError(`Cannot read the wrangler config at ${configPath}; pass --config <path> to point at it.`);
  }
}
