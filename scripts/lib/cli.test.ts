import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelpRequested, operatorActor, parseCommandArgs, requiredString, UsageError } from './cli.ts';

const USAGE = 'npm run x -- --slug <slug> (--local | --remote)';
const parse = (argv: string[]) => parseCommandArgs(argv, { slug: { type: 'string' }, public: { type: 'boolean' } }, USAGE, '/project');

describe('command arguments', () => {
  it('local mode defaults to ./wrangler.toml and wrangler’s own .wrangler/state beside it', () => {
    expect(parse(['--local']).target).toEqual({ mode: 'local', config: '/project/wrangler.toml', persistTo: '/project/.wrangler/state' });
    expect(parse(['--local', '--config', 'conf/w.toml']).target).toEqual({ mode: 'local', config: '/project/conf/w.toml', persistTo: '/project/conf/.wrangler/state' });
    expect(parse(['--local', '--persist-to', '/tmp/state']).target).toMatchObject({ persistTo: path.resolve('/tmp/state') });
  });

  it('remote mode takes a config but no state dir', () => {
    expect(parse(['--remote', '--slug', 'acme']).target).toEqual({ mode: 'remote', config: '/project/wrangler.toml' });
    expect(() => parse(['--remote', '--persist-to', 'x'])).toThrow(UsageError);
  });

  it.each([
    ['no mode', ['--slug', 'acme']],
    ['both modes', ['--local', '--remote']],
    ['an unknown flag', ['--local', '--slgu', 'acme']],
    ['a stray positional', ['--local', 'acme']],
    ['a flag missing its value', ['--local', '--slug']],
  ])('%s is a usage error that carries the usage line', (_label, argv) => {
    try {
      parse(argv);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).usage).toBe(USAGE);
    }
  });

  it('--help asks for the usage rather than failing', () => {
    expect(() => parse(['--help'])).toThrow(HelpRequested);
  });

  it('a missing or blank required option is a usage error naming it', () => {
    expect(() => requiredString(parse(['--local']).values, 'slug', USAGE)).toThrow('--slug is required.');
    expect(() => requiredString(parse(['--local', '--slug', '  ']).values, 'slug', USAGE)).toThrow(UsageError);
    expect(requiredString(parse(['--local', '--slug', 'acme']).values, 'slug', USAGE)).toBe('acme');
  });

  it('the audit actor is $LECTERN_OPERATOR, else the OS user', () => {
    expect(operatorActor({ LECTERN_OPERATOR: 'ops-bot' })).toBe('ops-bot');
    expect(operatorActor({ LECTERN_OPERATOR: '  ' })).not.toBe('');
    expect(operatorActor({})).toMatch(/\S/);
  });
});
