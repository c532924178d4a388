import type { Env } from '../../platform/env.ts';
import type { EdgeStatus } from './states.ts';

/**
 * Cloudflare for SaaS: the custom hostname that lets Cloudflare's edge accept traffic and
 * issue a certificate for a school's own domain. Configured with CF_ZONE_ID + CF_API_TOKEN;
 * without them the operator routes custom domains some other way and verification alone
 * makes a domain active. CF_API_BASE (development and tests only) points at a local fake.
 */

export type EdgeHostname = { id: string } & EdgeStatus;
export type EdgeConfig = { zoneId: string; token: string; base: string };
type EdgeEnv = Pick<Env, 'CF_ZONE_ID' | 'CF_API_TOKEN' | 'CF_API_BASE'>;

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

export function edgeConfig(env: EdgeEnv): EdgeConfig | null {
  if (!env.CF_ZONE_ID || !env.CF_API_TOKEN) return null;
  return { zoneId: env.CF_ZONE_ID, token: env.CF_API_TOKEN, base: (env.CF_API_BASE ?? CLOUDFLARE_API).replace(/\/$/, '') };
}

/** Cloudflare said no, or could not be reached; the message is safe to show an admin. */
export class EdgeError extends Error {}

type CloudflareEnvelope<T> = { success?: boolean; result?: T; errors?: Array<{ code?: number; message?: string }> };
type CustomHostnameResult = { id: string; hostname: string; status: string; ssl?: { status?: string } | null };

async function call<T>(config: EdgeConfig, method: string, path: string, body?: unknown): Promise<{ status: number; envelope: CloudflareEnvelope<T> }> {
  let response: Response;
  try {
    response = await fetch(`${config.base}/zones/${config.zoneId}${path}`, {
      method,
      headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new EdgeError(`Cloudflare could not be reached (${error instanceof Error ? error.message : String(error)}).`);
  }
  const envelope = (await response.json().catch(() => ({}))) as CloudflareEnvelope<T>;
  return { status: response.status, envelope };
}

function failure(what: string, envelope: CloudflareEnvelope<unknown>, status: number): EdgeError {
  const said = envelope.errors?.map((e) => e.message).filter(Boolean).join('; ');
  return new EdgeError(`Cloudflare refused to ${what}: ${said || `HTTP ${status}`}.`);
}

const edgeOf = (result: CustomHostnameResult): EdgeHostname => ({
  id: result.id,
  hostnameStatus: result.status,
  sslStatus: result.ssl?.status ?? 'unknown',
});

/**
 * Creates the custom hostname, or adopts one that already exists for this hostname (a retry
 * after a create whose answer was lost), so calling it twice never leaves two.
 */
export async function createEdgeHostname(config: EdgeConfig, hostname: string): Promise<EdgeHostname> {
  const existing = await findEdgeHostname(config, hostname);
  if (existing) return existing;
  const { status, envelope } = await call<CustomHostnameResult>(config, 'POST', '/custom_hostnames', {
    hostname,
    ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2' } },
  });
  if (!envelope.success || !envelope.result) throw failure(`add ${hostname}`, envelope, status);
  return edgeOf(envelope.result);
}

async function findEdgeHostname(config: EdgeConfig, hostname: string): Promise<EdgeHostname | null> {
  const { status, envelope } = await call<CustomHostnameResult[]>(config, 'GET', `/custom_hostnames?hostname=${encodeURIComponent(hostname)}`);
  if (!envelope.success) throw failure(`look up ${hostname}`, envelope, status);
  const match = envelope.result?.find((row) => row.hostname === hostname);
  return match ? edgeOf(match) : null;
}

/** The current status; null when Cloudflare no longer knows the id. */
export async function readEdgeHostname(config: EdgeConfig, id: string): Promise<EdgeHostname | null> {
  const { status, envelope } = await call<CustomHostnameResult>(config, 'GET', `/custom_hostnames/${encodeURIComponent(id)}`);
  if (status === 404) return null;
  if (!envelope.success || !envelope.result) throw failure('report on the custom hostname', envelope, status);
  return edgeOf(envelope.result);
}

/** Deleting what is already gone is success. */
export async function deleteEdgeHostname(config: EdgeConfig, id: string): Promise<void> {
  const { status, envelope } = await call<unknown>(config, 'DELETE', `/custom_hostnames/${encodeURIComponent(id)}`);
  if (status === 404 || envelope.success) return;
  throw failure('remove the custom hostname', envelope, status);
}
