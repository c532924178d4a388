import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { sessionEnded } from '../../lib/session';
import { fetchCheckoutStatus, type CheckoutStatus } from './offer-api';

// The success page learns the outcome from the Worker, which learns it from Stripe's webhook:
// usually within seconds, sometimes later. Ask often at first, then less often, and give up
// after about two minutes (the purchase still lands; the purchases page shows it).

const FIRST_DELAY_MS = 1500;
const MAX_DELAY_MS = 5000;
const GIVE_UP_AFTER_MS = 120_000;
/** After this long the page says it is taking longer than usual. */
const SLOW_AFTER_MS = 20_000;

/** Wait before asking again after `attempt` answers (0-based): 1.5 s, growing 25 % a time, at most 5 s. */
function nextDelay(attempt: number): number {
  return Math.min(MAX_DELAY_MS, Math.round(FIRST_DELAY_MS * 1.25 ** attempt));
}

/** Network trouble and server hiccups are worth another try; a 404 or 403 is an answer. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status >= 500);
}

export type PollState =
  | { kind: 'waiting'; slow: boolean; last: CheckoutStatus | null }
  | { kind: 'complete'; last: CheckoutStatus }
  | { kind: 'expired'; last: CheckoutStatus }
  | { kind: 'timeout'; last: CheckoutStatus | null }
  | { kind: 'failed'; error: unknown };

/** Polls GET /api/checkout/sessions/:id until it settles, times out or fails; stops on unmount. */
export function createCheckoutPoll(sessionId: string): { state: Accessor<PollState>; restart: () => void } {
  const [state, setState] = createSignal<PollState>({ kind: 'waiting', slow: false, last: null });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let run = 0;

  const stop = () => {
    run++;
    clearTimeout(timer);
    controller?.abort();
  };

  const ask = async (mine: number, attempt: number, startedAt: number, last: CheckoutStatus | null) => {
    controller = new AbortController();
    let latest = last;
    try {
      latest = await fetchCheckoutStatus(sessionId, controller.signal);
      if (mine !== run) return;
      if (latest.status === 'complete' || latest.status === 'expired') return setState({ kind: latest.status, last: latest } as PollState);
    } catch (error) {
      if (mine !== run) return;
      if (isSignedOutError(error)) sessionEnded();
      if (!isTransient(error)) return setState({ kind: 'failed', error });
    }
    const waited = Date.now() - startedAt;
    if (waited >= GIVE_UP_AFTER_MS) return setState({ kind: 'timeout', last: latest });
    setState({ kind: 'waiting', slow: waited >= SLOW_AFTER_MS, last: latest });
    timer = setTimeout(() => void ask(mine, attempt + 1, startedAt, latest), nextDelay(attempt));
  };

  const restart = () => {
    stop();
    setState({ kind: 'waiting', slow: false, last: null });
    void ask(run, 0, Date.now(), null);
  };

  restart();
  onCleanup(stop);
  return { state, restart };
}
