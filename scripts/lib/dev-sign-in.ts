import { requestViaLoopback } from './local-runtime.ts';

/**
 * Signs `email` in on a school host of a local runtime the way a person would, minus the
 * browser: request a magic link, read it from the development mailbox, redeem it. Returns
 * the session's Cookie header. For the bench and scripted checks; journeys use Chromium.
 */
export async function signInViaDevMailbox(port: number, host: string, email: string): Promise<string> {
  const origin = `http://${host}:${port}`;
  const json = { 'content-type': 'application/json', origin };
  const requested = await requestViaLoopback(port, host, '/api/auth/magic-link', { method: 'POST', headers: json, body: JSON.stringify({ email }) });
  if (requested.status !== 202) throw new Error(`magic link request for ${email} answered ${requested.status}: ${requested.body}`);

  // Delivery goes through the outbox and the events queue: wait for it.
  const deadline = Date.now() + 30_000;
  let token: string | undefined;
  while (!token && Date.now() < deadline) {
    const mailbox = await requestViaLoopback(port, host, `/__dev/mailbox.json?to=${encodeURIComponent(email)}`);
    const tokens = [...mailbox.body.matchAll(/\/auth\/magic-link\?token=([\w-]+)/g)].map((m) => m[1]);
    token = tokens[0]; // newest first
    if (!token) await new Promise((r) => setTimeout(r, 250));
  }
  if (!token) throw new Error(`no magic link for ${email} reached the development mailbox within 30 s`);

  const form = { 'content-type': 'application/x-www-form-urlencoded', origin };
  const redeemed = await requestViaLoopback(port, host, '/auth/magic-link', { method: 'POST', headers: form, body: new URLSearchParams({ token }).toString() });
  const cookie = [redeemed.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  if (redeemed.status !== 303 || !cookie) throw new Error(`redeeming the magic link answered ${redeemed.status}: ${redeemed.body}`);
  return cookie;
}
