import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.ts';

const ORIGIN = 'http://breslov.localhost';

/** The promise: whatever comes in, what goes out is a path a browser keeps on this origin. */
function offOriginReason(result: string): string | null {
  if (!result.startsWith('/') || result.startsWith('//') || result.startsWith('/\\')) return 'does not start with a single /';
  if (/[\u0000-\u001f\u007f\\]/.test(result)) return 'carries control characters or backslashes';
  if (new URL(result, ORIGIN).origin !== ORIGIN) return 'resolves to another origin';
  // A Location header is resolved against the page that redirects; try a deep one too.
  if (new URL(result, `${ORIGIN}/courses/intro/lesson?x=1`).origin !== ORIGIN) return 'resolves to another origin from a deep page';
  return null;
}

// ---- the corpus: hand-picked payloads, then prefixes × targets × encodings -----------------

const HAND_PICKED = [
  '//evil.com', '/\\evil.com', '/%2F%2Fevil.com', '%2F%2Fevil', '/%5Cevil', '/%5C%5Cevil.com', 'javascript:alert(1)',
  'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'javascript%3Aalert(1)', '/javascript:alert(1)//evil',
  '\t//evil', '/\t/evil', '/\n/evil.com', '/\r\n/evil.com', '\r\n//evil.com', 'https://breslov.localhost.evil.com',
  'http://breslov.localhost@evil.com', 'http://evil.com', 'https://evil.com/', 'HTTP://EVIL.COM', '@evil.com', 'evil.com',
  'data:text/html,<script>alert(1)</script>', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'vbscript:msgbox(1)',
  'file:///etc/passwd', 'blob:http://evil.com/1234', 'mailto:x@evil.com', '／／evil.com', '/／evil.com', '∕∕evil.com', '＼＼evil.com',
  '/\uff0e\uff0e//evil.com', '\u3002//evil.com', '/\u200b/evil.com', '/.//evil.com', '/./\\evil.com', '/a/..//evil.com',
  '/a/b/../../..//evil.com', '/%2e%2e//evil.com', '/%2e//evil.com', '/%2E%2E/%2F/evil.com', '/..%2F..%2F/evil.com',
  '/%252F%252Fevil.com', '%252F%252Fevil.com', '/%255Cevil.com', '/%09/evil.com', '/%0d%0a/evil.com', '/%00//evil.com',
  '\\\\evil.com', '\\/evil.com', '/\\/evil.com', 'http:evil.com', 'http:/evil.com', 'https:\\\\evil.com', '//evil.com:80',
  '///evil.com', '////evil.com', '/ /evil.com', '%', '/%', '/%zz', '/' + 'a'.repeat(5000), '//' + 'evil.com/'.repeat(500),
  '/' + '%2F'.repeat(1000) + 'evil.com', '', ' ', '?next=//evil.com', '#//evil.com',
];

const PREFIXES = [
  '//', '/\\', '\\\\', '\\/', '/%2F', '%2F%2F', '%2f/', '/%5C', '%5C%5C', '/%252F', '//%09', '/\t/', '\t//', ' //', '///',
  '/.//', '/a/..//', '/%2e%2e//', 'http://', 'https://', 'HtTpS://', 'http:\\\\', 'https:/\\', '//\u3002', '／／', '/\u2044',
];
const TARGETS = ['evil.com', 'evil.com/path?x=1', 'breslov.localhost.evil.com', '@evil.com', 'evil.com%2F@breslov.localhost', 'ｅｖｉｌ.com'];
const ENCODINGS: Array<(s: string) => string> = [(s) => s, encodeURIComponent, (s) => encodeURIComponent(encodeURIComponent(s))];

const CORPUS = [...new Set([...HAND_PICKED, ...PREFIXES.flatMap((p) => TARGETS.flatMap((t) => ENCODINGS.map((encode) => encode(p + t))))])];

describe('safeReturnTo: the open-redirect corpus', () => {
  it('has at least 200 distinct payloads', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
  });

  it('never lets a payload leave the origin', () => {
    const escapes = CORPUS.map((payload) => ({ payload, result: safeReturnTo(payload) }))
      .map(({ payload, result }) => ({ payload, result, reason: offOriginReason(result) }))
      .filter((r) => r.reason);
    expect(escapes).toEqual([]);
  });

  it('turns every hostile payload into the home page, not into something "cleaned up"', () => {
    const hostile = CORPUS.filter((p) => /evil|javascript|data:|vbscript|file:|blob:|mailto:/i.test(p) && !p.startsWith('?') && !p.startsWith('#'));
    const kept = hostile.filter((p) => safeReturnTo(p) !== '/' && /evil/i.test(new URL(safeReturnTo(p), ORIGIN).hostname));
    expect(kept).toEqual([]);
    // Protocol-relative and scheme payloads collapse to '/' outright.
    for (const payload of ['//evil.com', '/\\evil.com', '/%2F%2Fevil.com', 'javascript:alert(1)', '/.//evil.com', '/a/..//evil.com', 'http://evil.com']) {
      expect(safeReturnTo(payload), payload).toBe('/');
    }
  });

  it('keeps good same-origin paths as they are', () => {
    for (const path of ['/courses/x?tab=1#top', '/', '/courses', '/courses/intro/lessons/3', '/search?q=a%20b', '/a/b/?next=/c', '/courses/%E2%9C%93']) {
      expect(safeReturnTo(path), path).toBe(path);
    }
    expect(safeReturnTo('/courses/x/../y')).toBe('/courses/y');
  });

  it('treats missing and over-long values as the home page', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo('/' + 'a'.repeat(2000))).toBe('/');
  });
});

describe('safeReturnTo: generated payloads (fast-check)', () => {
  const FRAGMENTS = [
    '/', '\\', '//', '%2F', '%2f', '%5C', '%252F', '%25', '.', '..', '%2e', '@', ':', 'http:', 'https:', 'javascript:', 'data:',
    'evil.com', 'breslov.localhost', '\t', '\n', '\r', ' ', '%09', '%0a', '%00', '?', '#', '&', '=', '／', '＼', '。', 'x', 'courses',
  ];
  const pieces = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join(''));

  it('composed fragments never leave the origin', () => {
    fc.assert(
      fc.property(pieces, (payload) => offOriginReason(safeReturnTo(payload)) === null),
      { numRuns: 3000 },
    );
  });

  it('arbitrary strings (including unicode) never leave the origin', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.webUrl(), fc.webPath()), (payload) => offOriginReason(safeReturnTo(payload)) === null),
      { numRuns: 3000 },
    );
  });

  it('same-origin paths made of safe segments survive unchanged', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(segment), (segments, tab) => {
        const path = `/${segments.join('/')}${tab ? `?tab=${tab}#top` : ''}`;
        return safeReturnTo(path) === path;
      }),
    );
  });
});
