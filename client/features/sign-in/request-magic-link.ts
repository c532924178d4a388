import { api } from '../../lib/api';
import { object, string } from '../../lib/json';

/**
 * POST /api/auth/magic-link. The answer is the same whether or not the address has an account
 * (so it cannot be used to find out who does); its message is shown as written.
 */
export function requestMagicLink(input: { email: string; returnTo: string }): Promise<{ message: string }> {
  return api('/api/auth/magic-link', {
    method: 'POST',
    body: input,
    parse: (data) => ({ message: string(object(data, 'magic-link response'), 'message') }),
  });
}

/** Catches the slips a person can fix before sending; the Worker still has the last word. */
export function emailProblem(email: string): string | null {
  if (email === '') return 'Enter your email address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Enter an email address like name@example.com.';
  return null;
}
