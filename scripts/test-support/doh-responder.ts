import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A DNS-over-HTTPS resolver, JSON flavour, on a local port: answers `?name=…&type=TXT` from
 * what the test put in, so hostname:verify never reaches the network. Names not set answer
 * NXDOMAIN (Status 3).
 */
export type DohAnswer = { Status: number; Answer?: Array<{ name: string; type: number; TTL: number; data: string }> };

export type DohResponder = {
  url: string;
  /** Every name asked for, in order. */
  asked: string[];
  /** TXT records for `name` (each a DNS presentation string such as `"abc" "def"`). */
  txt(name: string, ...records: string[]): void;
  /** A raw answer for `name`, e.g. { Status: 2 } for SERVFAIL. */
  answer(name: string, body: DohAnswer): void;
  /** Forgets every answer and request. */
  reset(): void;
  close(): Promise<void>;
};

const TXT = 16;

export async function startDohResponder(): Promise<DohResponder> {
  const answers = new Map<string, DohAnswer>();
  const asked: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const name = (url.searchParams.get('name') ?? '').replace(/\.$/, '').toLowerCase();
    asked.push(name);
    const body = url.searchParams.get('type') === 'TXT' || url.searchParams.get('type') === String(TXT) ? (answers.get(name) ?? { Status: 3 }) : { Status: 0 };
    response.writeHead(200, { 'content-type': 'application/dns-json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    asked,
    txt: (name, ...records) => void answers.set(name, { Status: 0, Answer: records.map((data) => ({ name: `${name}.`, type: TXT, TTL: 300, data })) }),
    answer: (name, body) => void answers.set(name, body),
    reset: () => {
      answers.clear();
      asked.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
