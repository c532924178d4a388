// Test support only (used by *.test.ts and the local journey's fake Stripe server, never by
// the Worker): the part of the Stripe API Lectern calls, answering like Stripe does, with
// every call recorded so tests can assert what was asked of Stripe. State is in memory.
import { Hono } from 'hono';

export type FakeStripeCall = {
  method: string;
  path: string;
  /** The Stripe-Account header: which connected account the call acted on. */
  account: string | null;
  idempotencyKey: string | null;
  /** Form fields exactly as the SDK encoded them, e.g. `line_items[0][price_data][unit_amount]`. */
  params: Record<string, string>;
};

type Obj = Record<string, unknown>;

export type FakeStripe = {
  app: Hono;
  calls: FakeStripeCall[];
  accounts: Map<string, Obj>;
  checkoutSessions: Map<string, Obj>;
  /** Flip a connected account to fully onboarded (what finishing Stripe's onboarding does). */
  enableAccount(accountId: string): void;
  /** The next call to `path` (e.g. `/v1/refunds`) answers with this Stripe error instead. */
  failNext(path: string, status: number, message: string): void;
  /** Portal configurations created on each connected account (`POST /v1/billing_portal/configurations`). */
  portalConfigurations: Map<string, Obj[]>;
  /**
   * Make a connected account start without a default portal configuration, as an Express
   * account the platform creates does: portal sessions without `configuration` are refused
   * (Stripe's own message) until a configuration exists on the account.
   */
  withoutPortalConfiguration(accountId: string): void;
};

/** What Stripe answers a portal session on an account without a default configuration (status 400). */
export const NO_PORTAL_CONFIGURATION_MESSAGE =
  'No configuration provided and your live mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in live mode at https://dashboard.stripe.com/settings/billing/portal.';

const randomId = (prefix: string) => `${prefix}_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** `publicBase` is where the fake's own pages (hosted checkout, onboarding) are served. */
export function createFakeStripe({ publicBase = 'https://stripe.fake' }: { publicBase?: string } = {}): FakeStripe {
  const calls: FakeStripeCall[] = [];
  const accounts = new Map<string, Obj>();
  const checkoutSessions = new Map<string, Obj>();
  const failures = new Map<string, { status: number; message: string }>();
  const portalConfigurations = new Map<string, Obj[]>();
  const unconfiguredPortals = new Set<string>();
  const portalAccount = (c: { req: { header: (name: string) => string | undefined } }) => c.req.header('stripe-account') ?? '(platform)';
  const app = new Hono();

  app.use('/v1/*', async (c, next) => {
    const params: Record<string, string> = {};
    if (c.req.method === 'POST') for (const [key, value] of new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()))) params[key] = value;
    else for (const [key, value] of new URL(c.req.url).searchParams) params[key] = value;
    const call = { method: c.req.method, path: c.req.path, account: c.req.header('stripe-account') ?? null, idempotencyKey: c.req.header('idempotency-key') ?? null, params };
    calls.push(call);
    if (!c.req.header('authorization')?.startsWith('Bearer sk_')) return c.json({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }, 401);
    const failure = failures.get(c.req.path);
    if (failure) {
      failures.delete(c.req.path);
      return c.json({ error: { type: 'invalid_request_error', message: failure.message } }, failure.status as 400);
    }
    c.set('params' as never, params as never);
    await next();
  });
  const params = (c: { get: (key: never) => unknown }) => c.get('params' as never) as Record<string, string>;

  app.post('/v1/accounts', (c) => {
    const account = { id: randomId('acct'), object: 'account', charges_enabled: false, payouts_enabled: false, details_submitted: false, email: params(c)['email'] ?? null, metadata: metadataOf(params(c)) };
    accounts.set(account.id, account);
    return c.json(account);
  });
  app.get('/v1/accounts/:id', (c) => {
    const account = accounts.get(c.req.param('id'));
    return account ? c.json(account) : missing(c, 'account');
  });
  app.post('/v1/account_links', (c) => {
    const p = params(c);
    if (!accounts.has(p['account'] ?? '')) return missing(c, 'account');
    return c.json({ object: 'account_link', url: `${publicBase}/onboarding/${p['account']}?return_url=${encodeURIComponent(p['return_url'] ?? '')}`, created: nowSeconds(), expires_at: nowSeconds() + 300 });
  });
  app.post('/v1/products', (c) => c.json({ id: randomId('prod'), object: 'product', name: params(c)['name'], active: true }));
  app.post('/v1/prices', (c) => {
    const p = params(c);
    return c.json({ id: randomId('price'), object: 'price', product: p['product'], unit_amount: Number(p['unit_amount']), currency: p['currency'], recurring: p['recurring[interval]'] ? { interval: p['recurring[interval]'] } : null, active: true });
  });
  app.post('/v1/prices/:id', (c) => c.json({ id: c.req.param('id'), object: 'price', active: params(c)['active'] !== 'false' }));
  app.post('/v1/coupons', (c) => {
    const p = params(c);
    return c.json({ id: randomId('coupon'), object: 'coupon', percent_off: p['percent_off'] ? Number(p['percent_off']) : null, amount_off: p['amount_off'] ? Number(p['amount_off']) : null, duration: p['duration'] });
  });
  app.post('/v1/checkout/sessions', (c) => {
    const p = params(c);
    const id = randomId('cs');
    const session = { id, object: 'checkout.session', mode: p['mode'], url: `${publicBase}/checkout/${id}`, status: 'open', payment_status: 'unpaid', metadata: metadataOf(p), client_reference_id: p['client_reference_id'] ?? null, success_url: p['success_url'], cancel_url: p['cancel_url'], expires_at: Number(p['expires_at'] ?? nowSeconds() + 86_400), account: c.req.header('stripe-account') ?? null, params: p };
    checkoutSessions.set(id, session);
    return c.json(session);
  });
  app.post('/v1/checkout/sessions/:id/expire', (c) => {
    const session = checkoutSessions.get(c.req.param('id'));
    if (!session) return missing(c, 'checkout session');
    if (session.status !== 'open') return c.json({ error: { type: 'invalid_request_error', message: 'Only Checkout Sessions with a status in ["open"] can be expired.' } }, 400);
    session.status = 'expired';
    return c.json(session);
  });
  app.post('/v1/refunds', (c) => {
    const p = params(c);
    return c.json({ id: randomId('re'), object: 'refund', status: 'succeeded', amount: p['amount'] ? Number(p['amount']) : null, payment_intent: p['payment_intent'] ?? null, charge: p['charge'] ?? null, created: nowSeconds() });
  });
  app.post('/v1/billing_portal/configurations', (c) => {
    const p = params(c);
    const account = portalAccount(c);
    const existing = portalConfigurations.get(account) ?? [];
    const configuration = {
      id: randomId('bpc'),
      object: 'billing_portal.configuration',
      active: true,
      is_default: !existing.some((config) => config.is_default === true),
      business_profile: { headline: p['business_profile[headline]'] ?? null },
      features: {
        invoice_history: { enabled: p['features[invoice_history][enabled]'] === 'true' },
        payment_method_update: { enabled: p['features[payment_method_update][enabled]'] === 'true' },
        subscription_cancel: { enabled: p['features[subscription_cancel][enabled]'] === 'true', mode: p['features[subscription_cancel][mode]'] ?? 'at_period_end' },
      },
      created: nowSeconds(),
    };
    portalConfigurations.set(account, [...existing, configuration]);
    return c.json(configuration);
  });
  app.get('/v1/billing_portal/configurations', (c) => {
    const p = params(c);
    let data = portalConfigurations.get(portalAccount(c)) ?? [];
    if (p['active'] !== undefined) data = data.filter((config) => String(config.active) === p['active']);
    if (p['is_default'] !== undefined) data = data.filter((config) => String(config.is_default) === p['is_default']);
    return c.json({ object: 'list', url: '/v1/billing_portal/configurations', has_more: false, data: data.slice(0, Number(p['limit'] ?? 10)) });
  });
  app.post('/v1/billing_portal/sessions', (c) => {
    const p = params(c);
    if (!p['customer']) return c.json({ error: { type: 'invalid_request_error', message: 'Missing required param: customer.' } }, 400);
    const configurations = portalConfigurations.get(portalAccount(c)) ?? [];
    if (p['configuration'] && !configurations.some((config) => config.id === p['configuration'])) {
      return c.json({ error: { type: 'invalid_request_error', code: 'resource_missing', param: 'configuration', message: `No such configuration: '${p['configuration']}'` } }, 400);
    }
    if (!p['configuration'] && unconfiguredPortals.has(portalAccount(c)) && !configurations.some((config) => config.is_default === true)) {
      return c.json({ error: { type: 'invalid_request_error', message: NO_PORTAL_CONFIGURATION_MESSAGE } }, 400);
    }
    return c.json({ id: randomId('bps'), object: 'billing_portal.session', configuration: p['configuration'] ?? null, url: `${publicBase}/portal/${p['customer']}`, return_url: p['return_url'] ?? null });
  });
  // The fake's "hosted" pages, for the browser journey: checkout (Pay → success_url),
  // onboarding (finishes at once → return_url) and the billing portal.
  app.get('/checkout/:id', (c) => {
    const session = checkoutSessions.get(c.req.param('id'));
    if (!session) return c.text('No such checkout session', 404);
    return c.html(`<!doctype html><html lang="en"><head><title>Fake Stripe Checkout</title></head><body><main><h1>Fake Stripe Checkout</h1><p>Session ${escapeHtml(String(session.id))}</p><a href="/checkout/${escapeHtml(String(session.id))}/pay">Pay</a> <a href="${escapeHtml(String(session.cancel_url))}">Cancel</a></main></body></html>`);
  });
  app.get('/checkout/:id/pay', (c) => {
    const session = checkoutSessions.get(c.req.param('id'));
    if (!session || session.status !== 'open') return c.text('This checkout session cannot be paid', 404);
    session.status = 'complete';
    return c.redirect(String(session.success_url).replace('{CHECKOUT_SESSION_ID}', String(session.id)), 302);
  });
  app.get('/onboarding/:account', (c) => {
    const account = c.req.param('account');
    if (!accounts.has(account)) return c.text('No such account', 404);
    accounts.set(account, { ...accounts.get(account)!, charges_enabled: true, payouts_enabled: true, details_submitted: true });
    return c.redirect(c.req.query('return_url') || '/', 302);
  });
  app.get('/portal/:customer', (c) => c.html(`<!doctype html><html lang="en"><head><title>Fake billing portal</title></head><body><main><h1>Billing portal for ${escapeHtml(c.req.param('customer'))}</h1></main></body></html>`));
  app.all('/v1/*', (c) => c.json({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${c.req.method}: ${c.req.path}) in the fake Stripe.` } }, 404));

  return {
    app,
    calls,
    accounts,
    checkoutSessions,
    enableAccount(accountId) {
      const account = accounts.get(accountId) ?? { id: accountId, object: 'account' };
      accounts.set(accountId, { ...account, charges_enabled: true, payouts_enabled: true, details_submitted: true });
    },
    failNext(path, status, message) {
      failures.set(path, { status, message });
    },
    portalConfigurations,
    withoutPortalConfiguration(accountId) {
      unconfiguredPortals.add(accountId);
    },
  };
}

function metadataOf(p: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) {
    const m = /^metadata\[(.+)\]$/.exec(key);
    if (m) metadata[m[1]!] = value;
  }
  return metadata;
}

function missing(c: { json: (body: unknown, status: 404) => Response }, what: string): Response {
  return c.json({ error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } }, 404);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
