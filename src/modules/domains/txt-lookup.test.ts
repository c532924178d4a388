import { afterEach, describe, expect, it, vi } from 'vitest';
import { joinTxtStrings, lookupTxt, readDohAnswer } from './txt-lookup.ts';
import { interceptDomainLookups } from './testing.ts';

afterEach(() => vi.restoreAllMocks());

describe('a TXT record as one string', () => {
  it.each([
    ['"lectern-verify=abc"', 'lectern-verify=abc'],
    ['"lectern-verify=" "abc" "def"', 'lectern-verify=abcdef'],
    ['"a"  "b"', 'ab'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"caf\\195\\169"', 'caf\u00c3\u00a9'],
    ['"with space" "and more"', 'with spaceand more'],
    ['""', ''],
    ['unquoted value', 'unquoted value'],
    ['  "trimmed"  ', 'trimmed'],
  ])('%s → %s', (data, value) => {
    expect(joinTxtStrings(data)).toBe(value);
  });
});

describe('a DNS-over-HTTPS JSON answer', () => {
  it('collects every TXT record and ignores the CNAMEs on the way', () => {
    expect(
      readDohAnswer({
        Status: 0,
        Answer: [
          { name: 'x.example.com.', type: 5, data: 'y.example.net.' },
          { name: 'y.example.net.', type: 16, data: '"one"' },
          { name: 'y.example.net.', type: 16, data: '"tw" "o"' },
        ],
      }),
    ).toEqual({ kind: 'answer', values: ['one', 'two'] });
  });

  it.each([
    [{ Status: 3 }, { kind: 'nxdomain' }],
    [{ Status: 2 }, { kind: 'servfail' }],
    [{ Status: 0 }, { kind: 'no-record' }],
    [{ Status: 0, Answer: [{ type: 5, data: 'elsewhere.' }] }, { kind: 'no-record' }],
    [{ Status: 0, Answer: 'nonsense' }, { kind: 'no-record' }],
  ])('%j → %j', (body, result) => {
    expect(readDohAnswer(body)).toEqual(result);
  });

  it.each([[{ Status: 5 }], [{}], [{ Status: '0' }], [null as never]])('an unusable answer %j is an error, never a verdict', (body) => {
    expect(readDohAnswer(body).kind).toBe('error');
  });
});

describe('lookupTxt', () => {
  it('asks for TXT records of the name, as JSON', async () => {
    const dns = interceptDomainLookups();
    dns.publish('_lectern-verify.learn.example.com', 'lectern-verify=0123456789abcdef', 3);
    const result = await lookupTxt('_lectern-verify.learn.example.com');
    expect(result).toEqual({ kind: 'answer', values: ['lectern-verify=0123456789abcdef'] });
    const call = new Request(vi.mocked(fetch).mock.calls[0]![0], vi.mocked(fetch).mock.calls[0]![1]);
    expect(new URL(call.url).searchParams.get('type')).toBe('TXT');
    expect(call.headers.get('accept')).toBe('application/dns-json');
  });

  it('gives up after its timeout', async () => {
    interceptDomainLookups().dns.set('slow.example.com', 'timeout');
    expect(await lookupTxt('slow.example.com', { timeoutMs: 20 })).toEqual({ kind: 'timeout' });
  });

  it('reports NXDOMAIN and SERVFAIL as themselves', async () => {
    const dns = interceptDomainLookups();
    dns.dns.set('broken.example.com', 'servfail');
    expect(await lookupTxt('missing.example.com')).toEqual({ kind: 'nxdomain' });
    expect(await lookupTxt('broken.example.com')).toEqual({ kind: 'servfail' });
  });

  it('turns HTTP failures, bodies that are not JSON and network errors into errors', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    spy.mockResolvedValueOnce(new Response('busy', { status: 503 }));
    expect((await lookupTxt('a.example.com')).kind).toBe('error');
    spy.mockResolvedValueOnce(new Response('<html>', { status: 200 }));
    expect((await lookupTxt('a.example.com')).kind).toBe('error');
    spy.mockRejectedValueOnce(new TypeError('connection refused'));
    expect(await lookupTxt('a.example.com')).toMatchObject({ kind: 'error', message: expect.stringContaining('connection refused') });
  });
});
