import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeStripe, type FakeStripe } from '../../src/modules/commerce/stripe/fake-stripe.ts';

export type FakeStripeServer = FakeStripe & { base: string; close(): Promise<void> };

/**
 * The fake Stripe (the one the Worker tests use) on a local port, for `wrangler dev` to call
 * through STRIPE_API_BASE and for the browser to visit (hosted checkout, onboarding). Nothing
 * reaches the real Stripe.
 */
export async function startFakeStripeServer(): Promise<FakeStripeServer> {
  let fake: FakeStripe | undefined;
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const response = await fake!.app.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined }));
      const outgoing: Record<string, string> = {};
      response.headers.forEach((value, name) => (outgoing[name] = value));
      res.writeHead(response.status, outgoing);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = createFakeStripe({ publicBase: base });
  return Object.assign(fake, { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
