import type { Resource } from 'solid-js';

/**
 * A resource's last good value without ever suspending the page: undefined while the first
 * load runs or after a failure. The app wraps every route in <Suspense>, and reading a
 * loading resource directly would swap the whole page for the fallback spinner on every
 * refresh (after an enrollment, a completed lesson…).
 */
export function settled<T>(resource: Resource<T>): T | undefined {
  if (resource.error || resource.state === 'unresolved' || resource.state === 'pending' || resource.state === 'errored') return undefined;
  return resource.latest;
}
