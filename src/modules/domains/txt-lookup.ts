/**
 * TXT records over DNS-over-HTTPS, JSON flavour (`application/dns-json`, as Cloudflare's and
 * Google's resolvers answer). Every way a lookup can end is a value, not an exception: the
 * domain state machine treats "the record is missing" (definitive) differently from "the
 * resolver could not tell" (transient), and a stack trace would lose that difference.
 */

export type TxtLookup =
  | { kind: 'answer'; values: string[] }
  /** The name does not exist at all (RCODE 3). */
  | { kind: 'nxdomain' }
  /** The name exists but holds no TXT record (NOERROR, no TXT answers). */
  | { kind: 'no-record' }
  /** The resolver failed upstream (RCODE 2): try again later. */
  | { kind: 'servfail' }
  | { kind: 'timeout' }
  /** Anything else: refused, unreadable answer, network error. Treated as transient. */
  | { kind: 'error'; message: string };

export const DEFAULT_DOH_URL = 'https://cloudflare-dns.com/dns-query';
const TXT = 16;
const TIMEOUT_MS = 5_000;

type DohAnswer = { Status?: unknown; Answer?: unknown };

export async function lookupTxt(
  name: string,
  { dohUrl = DEFAULT_DOH_URL, timeoutMs = TIMEOUT_MS }: { dohUrl?: string; timeoutMs?: number } = {},
): Promise<TxtLookup> {
  const url = new URL(dohUrl);
  url.searchParams.set('name', name);
  url.searchParams.set('type', 'TXT');
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/dns-json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { kind: 'timeout' };
    return { kind: 'error', message: `the DNS resolver could not be reached (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!response.ok) return { kind: 'error', message: `the DNS resolver answered HTTP ${response.status}` };
  let body: DohAnswer;
  try {
    body = (await response.json()) as DohAnswer;
  } catch {
    return { kind: 'error', message: 'the DNS resolver sent an answer that is not JSON' };
  }
  return readDohAnswer(body);
}

/** Exported for tests: the JSON answer → a lookup result. */
export function readDohAnswer(body: DohAnswer): TxtLookup {
  if (typeof body !== 'object' || body === null || typeof body.Status !== 'number') {
    return { kind: 'error', message: 'the DNS resolver sent an answer without a status' };
  }
  if (body.Status === 3) return { kind: 'nxdomain' };
  if (body.Status === 2) return { kind: 'servfail' };
  if (body.Status !== 0) return { kind: 'error', message: `the DNS resolver answered with DNS error code ${body.Status}` };
  const answers = Array.isArray(body.Answer) ? body.Answer : [];
  // A CNAME chain comes back as extra answers of other types; only TXT data counts.
  const values = answers
    .filter((answer): answer is { type: number; data: string } => isTxtAnswer(answer))
    .map((answer) => joinTxtStrings(answer.data));
  return values.length === 0 ? { kind: 'no-record' } : { kind: 'answer', values };
}

function isTxtAnswer(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { type?: unknown }).type === TXT && typeof (answer as { data?: unknown }).data === 'string';
}

/**
 * One TXT record's data as a single string. A record is a list of character strings of at
 * most 255 bytes each; resolvers show them quoted and space-separated (`"abc" "def"`), and
 * the value is their concatenation. Inside quotes `\"`, `\\` and `\DDD` (a decimal byte)
 * are escapes. Some resolvers send a single unquoted string instead: that is the value.
 */
export function joinTxtStrings(data: string): string {
  const text = data.trim();
  if (!text.startsWith('"')) return text;
  let value = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i++; // whitespace between strings
      continue;
    }
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        const digits = text.slice(i + 1, i + 4);
        if (/^\d{3}$/.test(digits)) {
          value += String.fromCharCode(Number(digits));
          i += 4;
        } else {
          value += text[i + 1];
          i += 2;
        }
      } else {
        value += text[i];
        i++;
      }
    }
    i++; // closing quote
  }
  return value;
}
