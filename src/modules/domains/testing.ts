// Test support only (imported by *.test.ts inside workerd, never by the Worker).
import { vi } from 'vitest';
import { DEFAULT_DOH_URL } from './txt-lookup.ts';
import { CLOUDFLARE_API } from './edge.ts';

/** What the fake resolver answers for a name: TXT records (each a list of strings), or a failure. */
export type FakeDnsAnswer = string[][] | 'nxdomain' | 'servfail' | 'timeout';

export type FakeCustomHostname = { id: string; hostname: string; status: string; ssl: { status: string } };

/**
 * Replaces fetch for the test: the default DoH resolver answers from `dns`, the Cloudflare
 * API from `edge.hostnames`; anything else fails the test (nothing reaches the internet).
 * Names missing from `dns` are NXDOMAIN. Restore with `vi.restoreAllMocks()`.
 */
export function interceptDomainLookups() {
  const dns = new Map<string, FakeDnsAnswer>();
  const edge = { hostnames: new Map<string, FakeCustomHostname>(), calls: [] as string[], failWith: null as string | null };
  const doh = new URL(DEFAULT_DOH_URL);
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin === doh.origin && url.pathname === doh.pathname) return answerDns(dns, url, request.signal);
    if (request.url.startsWith(CLOUDFLARE_API)) return answerEdge(edge, request, url);
    throw new Error(`a test tried to reach ${request.method} ${request.url}`);
  });
  return {
    dns,
    edge,
    /** Publishes a TXT record, split into several quoted strings like long records are. */
    publish(name: string, value: string, parts = 2) {
      const size = Math.ceil(value.length / parts);
      const strings = Array.from({ length: parts }, (_, i) => value.slice(i * size, (i + 1) * size)).filter(Boolean);
      dns.set(name, [strings]);
    },
  };
}

async function answerDns(dns: Map<string, FakeDnsAnswer>, url: URL, signal: AbortSignal): Promise<Response> {
  const name = url.searchParams.get('name') ?? '';
  const answer = dns.get(name) ?? 'nxdomain';
  if (answer === 'timeout') {
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  }
  if (answer === 'nxdomain') return Response.json({ Status: 3, Question: [{ name, type: 16 }] });
  if (answer === 'servfail') return Response.json({ Status: 2, Question: [{ name, type: 16 }] });
  const quoted = (strings: string[]) => strings.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' ');
  return Response.json({
    Status: 0,
    Question: [{ name, type: 16 }],
    Answer: answer.map((strings) => ({ name: `${name}.`, type: 16, TTL: 300, data: quoted(strings) })),
  });
}

async function answerEdge(edge: ReturnType<typeof interceptDomainLookups>['edge'], request: Request, url: URL): Promise<Response> {
  edge.calls.push(`${request.method} ${url.pathname}${url.search}`);
  if (edge.failWith) return Response.json({ success: false, errors: [{ code: 1000, message: edge.failWith }] }, { status: 400 });
  const id = url.pathname.match(/\/custom_hostnames\/([^/]+)$/)?.[1];
  if (request.method === 'POST') {
    const body = (await request.json()) as { hostname: string };
    const row = { id: crypto.randomUUID(), hostname: body.hostname, status: 'pending', ssl: { status: 'pending_validation' } };
    edge.hostnames.set(row.id, row);
    return Response.json({ success: true, result: row });
  }
  if (request.method === 'GET' && !id) {
    const hostname = url.searchParams.get('hostname');
    return Response.json({ success: true, result: [...edge.hostnames.values()].filter((row) => row.hostname === hostname) });
  }
  const row = id ? edge.hostnames.get(id) : undefined;
  if (!row) return Response.json({ success: false, errors: [{ code: 1436, message: 'The custom hostname was not found.' }] }, { status: 404 });
  if (request.method === 'DELETE') {
    edge.hostnames.delete(row.id);
    return Response.json({ success: true, result: { id: row.id } });
  }
  return Response.json({ success: true, result: row });
}

/** Cloudflare for SaaS configured against the fake above. */
export const EDGE_VARS = { CF_ZONE_ID: 'zone_test_lectern', CF_API_TOKEN: 'cf_test_token' } as const;
