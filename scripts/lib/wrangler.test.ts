import { describe, expect, it } from 'vitest';
import { parseAppliedMigrations, targetFlags, wranglerFailureText } from './wrangler.ts';

// Output captured from wrangler 4.164 (`d1 migrations apply`, `d1 execute --json`).
const APPLIED = `Migrations to be applied:
┌───────────────┐
│ name          │
├───────────────┤
│ 0000_init.sql │
├───────────────┤
│ 0001_bad.sql  │
└───────────────┘
🚣 14 commands executed successfully.
┌───────────────┬────────┐
│ name          │ status │
├───────────────┼────────┤
│ 0000_init.sql │ ✅     │
├───────────────┼────────┤
│ 0001_bad.sql  │ 🕒️    │
└───────────────┴────────┘`;

describe('reading wrangler output', () => {
  it('counts only the migrations marked applied', () => {
    expect(parseAppliedMigrations(APPLIED)).toEqual(['0000_init.sql']);
    expect(parseAppliedMigrations('✅ No migrations to apply!')).toEqual([]);
  });

  it('finds the error in JSON output, in ✘ [ERROR] lines, or in the stderr tail', () => {
    expect(wranglerFailureText('\n{\n  "error": {\n    "text": "no such table: x: SQLITE_ERROR"\n  }\n}', '', true)).toBe('no such table: x: SQLITE_ERROR');
    const coloured = '\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mincomplete input: SQLITE_ERROR\u001b[0m\n\n\n🪵  Logs were written to "/x.log"\n';
    expect(wranglerFailureText('', coloured, false)).toBe('incomplete input: SQLITE_ERROR');
    expect(wranglerFailureText('', 'something odd\n🪵  Logs were written to "/x.log"\n', false)).toBe('something odd');
    expect(wranglerFailureText('', '', false)).toBeNull();
  });

  it('says where each command acts', () => {
    expect(targetFlags({ mode: 'local', config: '/p/wrangler.toml', persistTo: '/tmp/s' })).toEqual(['--config', '/p/wrangler.toml', '--local', '--persist-to', '/tmp/s']);
    expect(targetFlags({ mode: 'remote', config: '/p/wrangler.toml' })).toEqual(['--config', '/p/wrangler.toml', '--remote']);
  });
});
