import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { bindingForSlug, checkSlug } from '../../src/modules/tenancy/slug.ts';
import { tempProject, type TempProject } from '../test-support/temp-project.ts';
import { OperatorError } from './cli.ts';
import { REPO_ROOT } from './wrangler.ts';
import {
  addD1Binding,
  addD1BindingToFile,
  readD1Bindings,
  readPlatformDomain,
  schoolBindingFor,
  schoolBindings,
} from './wrangler-config.ts';

const PROJECT_TOML = readFileSync(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
const validSlug = fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}$/).filter((slug) => checkSlug(slug).ok);
const databaseId = fc.uuid();

describe('reading wrangler.toml', () => {
  it('finds the platform and school databases and the platform domain', () => {
    expect(readD1Bindings(PROJECT_TOML).map((entry) => entry.binding)).toContain('PLATFORM_DB');
    expect(schoolBindings(PROJECT_TOML).every((entry) => entry.binding.startsWith('SCHOOL_'))).toBe(true);
    expect(readPlatformDomain(PROJECT_TOML)).toBe('localhost');
    expect(readPlatformDomain('name = "x"\n')).toBe('localhost');
  });

  it('reports invalid TOML as an operator error', () => {
    expect(() => readD1Bindings('[[d1_databases]\n')).toThrow(OperatorError);
  });
});

describe('adding a school binding', () => {
  it('appends to the project config, keeping every byte (comments too) and re-parsing to the new entry', () => {
    const entry = schoolBindingFor('gamma', '11111111-2222-4333-8444-555555555555');
    const { text, changed } = addD1Binding(PROJECT_TOML, entry);
    expect(changed).toBe(true);
    expect(text.startsWith(PROJECT_TOML)).toBe(true);
    expect(text).toContain('# Lectern: one Worker serving every school.');
    expect(readD1Bindings(text).at(-1)).toEqual(entry);
    expect(readD1Bindings(text).slice(0, -1)).toEqual(readD1Bindings(PROJECT_TOML));
    // Everything but d1_databases means exactly what it meant before.
    const { d1_databases: _before, ...restBefore } = parse(PROJECT_TOML);
    const { d1_databases: _after, ...restAfter } = parse(text);
    expect(restAfter).toEqual(restBefore);
  });

  it('is idempotent', () => {
    const entry = schoolBindingFor('gamma', '11111111-2222-4333-8444-555555555555');
    const once = addD1Binding(PROJECT_TOML, entry).text;
    expect(addD1Binding(once, entry)).toEqual({ text: once, changed: false });
  });

  it('any valid slug becomes a binding that re-parses, and a second add changes nothing', () => {
    fc.assert(
      fc.property(validSlug, databaseId, (slug, id) => {
        const { text } = addD1Binding(PROJECT_TOML, schoolBindingFor(slug, id));
        const added = readD1Bindings(text).find((entry) => entry.binding === bindingForSlug(slug));
        expect(added).toEqual({ binding: bindingForSlug(slug), database_name: `lectern-school-${slug}`, database_id: id, migrations_dir: 'migrations/school' });
        expect(bindingForSlug(slug)).toMatch(/^SCHOOL_[A-Z0-9_]+$/);
        expect(addD1Binding(text, schoolBindingFor(slug, id)).changed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps arbitrary existing documents intact (comments, other tables, CRLF, missing final newline)', () => {
    const comment = fc.string({ maxLength: 30 }).map((text) => `# ${text.replace(/[\r\n\u0000-\u001f\u007f]/g, ' ')}`);
    const bucket = fc.stringMatching(/^[a-z]{3,10}$/).map((name) => `[[r2_buckets]]\nbinding = "${name.toUpperCase()}"\nbucket_name = "${name}"`);
    const document = fc.record({
      blocks: fc.array(fc.oneof(comment, bucket), { maxLength: 8 }),
      existing: fc.uniqueArray(validSlug, { maxLength: 3 }),
      crlf: fc.boolean(),
      finalNewline: fc.boolean(),
    });
    fc.assert(
      fc.property(document, validSlug, databaseId, ({ blocks, existing, crlf, finalNewline }, slug, id) => {
        fc.pre(!existing.includes(slug));
        const schools = existing.map((other, index) => `[[d1_databases]]\nbinding = "${bindingForSlug(other)}"\ndatabase_name = "lectern-school-${other}"\ndatabase_id = "id-${index}"`);
        let original = [...blocks, ...schools].join('\n\n');
        if (finalNewline && original) original += '\n';
        if (crlf) original = original.replace(/\n/g, '\r\n');

        const { text, changed } = addD1Binding(original, schoolBindingFor(slug, id));
        expect(changed).toBe(true);
        expect(text.startsWith(original)).toBe(true);
        const appended = text.slice(original.length);
        if (original.includes('\r\n')) expect(appended.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        else expect(appended).not.toContain('\r');
        expect(readD1Bindings(text).map((entry) => entry.binding)).toEqual([...existing.map(bindingForSlug), bindingForSlug(slug)]);
        expect(addD1Binding(text, schoolBindingFor(slug, id)).text).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a binding that points at another database, or a database already bound elsewhere', () => {
    const entry = schoolBindingFor('acme', '00000000-0000-4000-8000-000000000999');
    expect(() => addD1Binding(PROJECT_TOML, entry)).toThrow(/already binds SCHOOL_ACME/);
    const otherName = { ...schoolBindingFor('acme', '00000000-0000-4000-8000-000000000102'), database_name: 'something-else' };
    expect(() => addD1Binding(PROJECT_TOML, otherName)).toThrow(/already binds SCHOOL_ACME/);
    const sameId = schoolBindingFor('delta', '00000000-0000-4000-8000-000000000102');
    expect(() => addD1Binding(PROJECT_TOML, sameId)).toThrow(/for binding SCHOOL_ACME/);
    const sameName = { ...schoolBindingFor('delta', '00000000-0000-4000-8000-000000000777'), database_name: 'lectern-school-acme' };
    expect(() => addD1Binding(PROJECT_TOML, sameName)).toThrow(/for binding SCHOOL_ACME/);
  });

  it('refuses to append when d1_databases is written inline', () => {
    const inline = 'name = "x"\nd1_databases = [{ binding = "PLATFORM_DB", database_name = "p", database_id = "1" }]\n';
    expect(() => addD1Binding(inline, schoolBindingFor('gamma', '2'))).toThrow(/add it by hand/);
  });
});

describe('adding a binding to the file', () => {
  let project: TempProject;
  afterEach(() => project?.remove());

  it('writes once, then leaves the file alone; a conflict leaves it byte-for-byte', () => {
    project = tempProject();
    const before = readFileSync(project.config);
    expect(addD1BindingToFile(project.config, schoolBindingFor('gamma', 'aaaaaaaa-0000-4000-8000-000000000000'))).toEqual({ changed: true });
    const after = readFileSync(project.config);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(addD1BindingToFile(project.config, schoolBindingFor('gamma', 'aaaaaaaa-0000-4000-8000-000000000000'))).toEqual({ changed: false });
    expect(() => addD1BindingToFile(project.config, schoolBindingFor('gamma', 'bbbbbbbb-0000-4000-8000-000000000000'))).toThrow(OperatorError);
    expect(readFileSync(project.config).equals(after)).toBe(true);
    writeFileSync(project.config, before);
  });
});
