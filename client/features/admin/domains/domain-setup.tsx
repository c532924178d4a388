import { Show, type JSX } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../../ui/button';
import { DnsRecordBlock } from './dns-record';
import { isFailing, type Domain } from './domains-api';

export type CheckResult = { tone: 'info' | 'error'; text: string };

type DomainSetupProps = {
  domain: Domain;
  /** With Cloudflare for SaaS, custom domains also need a CNAME to this target. */
  cnameTarget: string | null;
  schoolName: string;
  checking: boolean;
  /** The last "Check now" result for this domain, announced in the panel's live region. */
  result: CheckResult | undefined;
  /** False once this page can no longer make changes (another host became primary). */
  canAct: boolean;
  onCheck: () => void;
};

/** An id-safe form of a hostname, for the panel's heading and controls. */
export const domainKey = (hostname: string) => `domain-${hostname.replace(/[^a-z0-9-]/g, '_')}`;

const local = (iso: string) => <time datetime={iso}>{formatDateTime(new Date(iso))}</time>;

function title(domain: Domain): string {
  if (isFailing(domain)) return `${domain.hostname} is failing verification`;
  switch (domain.status) {
    case 'pending':
      return `Verify ${domain.hostname}`;
    case 'verified':
      return `${domain.hostname} is verified`;
    case 'failed':
      return `${domain.hostname} has stopped serving`;
    case 'expired':
      return `${domain.hostname} was not verified in time`;
    case 'active':
      return domain.hostname;
  }
}

/**
 * What a custom domain that is not simply working needs from the admin: the exact TXT record
 * (and the CNAME, when the platform uses Cloudflare for SaaS), where it stands, and "Check now".
 */
export function DomainSetup(props: DomainSetupProps): JSX.Element {
  const key = () => domainKey(props.domain.hostname);
  const host = () => props.domain.hostname;
  const wantsRecord = () => props.domain.record !== null && props.domain.status !== 'expired' && props.domain.status !== 'verified';
  const canCheck = () => props.canAct && props.domain.status !== 'expired';
  return (
    <section class="card admin-card domain-setup" aria-labelledby={`${key()}-title`} data-testid="domain-setup" data-hostname={host()}>
      <h2 id={`${key()}-title`} tabindex="-1">
        {title(props.domain)}
      </h2>

      <Show when={isFailing(props.domain) && props.domain.stopsServingAt}>
        {(stopsAt) => (
          <div class="notice domain-notice--warning" data-testid="domain-failing">
            <p class="notice__title">Its TXT record is missing</p>
            <p>
              {host()} still serves {props.schoolName}, but the last check did not find its verification record. It stops serving on {local(stopsAt())}{' '}
              (your local time) unless the record below is back in DNS by then.
            </p>
          </div>
        )}
      </Show>
      <Show when={props.domain.status === 'failed' || props.domain.status === 'expired'}>
        <div class="notice notice--error" data-testid="domain-problem">
          <p class="notice__title">{props.domain.status === 'failed' ? 'It no longer serves your school' : 'It expired'}</p>
          <p>{props.domain.reason ?? (props.domain.status === 'expired' ? 'Remove it and add it again to get a new TXT value.' : 'Its verification record was missing for too long.')}</p>
        </div>
      </Show>

      <Show when={props.domain.status === 'pending'}>
        <p>
          To prove that {props.schoolName} may use {host()}, create this TXT record with the company that runs the domain's DNS (often where you bought the
          domain).
        </p>
      </Show>
      <Show when={props.domain.status === 'failed'}>
        <p>Put this TXT record back with the company that runs the domain's DNS, then check again. The domain serves your school again once it is found.</p>
      </Show>
      <Show when={props.domain.status === 'verified'}>
        <p>{props.domain.reason ?? 'The TXT record is in place. The domain goes live as soon as its certificate is ready.'}</p>
      </Show>

      <Show when={wantsRecord() && props.domain.record}>
        {(record) => (
          <>
            <h3 class="domain-setup__step">TXT record</h3>
            <DnsRecordBlock id={`${key()}-txt`} hostname={host()} record={record()} />
            <p class="domain-setup__hint">
              Some DNS providers add the domain to the name for you: if yours does, enter only the part before it (for example{' '}
              <code>_lectern-verify.learn</code> for learn.example.com). Keep the record for as long as the domain serves your school.
            </p>
          </>
        )}
      </Show>
      <Show when={props.domain.status !== 'expired' && props.cnameTarget}>
        {(target) => (
          <>
            <h3 class="domain-setup__step">CNAME record</h3>
            <p>Point {host()} at the platform with this CNAME record, so visitors reach your school there:</p>
            <DnsRecordBlock id={`${key()}-cname`} hostname={host()} record={{ type: 'CNAME', name: host(), value: target() }} valueLabel="Target" />
          </>
        )}
      </Show>

      <Show when={props.domain.status !== 'expired'}>
        <p class="domain-setup__hint">
          DNS changes can take a while to be seen: usually a few minutes, sometimes a few hours. {host()} is checked automatically every few minutes, and the
          school's admins get an email when it goes live — or check now.
        </p>
      </Show>
      <Show when={props.domain.status === 'pending' && props.domain.expiresAt}>
        {(expiresAt) => <p class="domain-setup__hint">If the record is still missing on {local(expiresAt())}, the domain expires and has to be added again.</p>}
      </Show>
      {/* Until this page checks it itself: what the last (scheduled) check found. */}
      <Show when={props.domain.status === 'pending' && !props.result && props.domain.checkedAt && props.domain.reason}>
        <p data-testid="domain-last-check">
          Last checked {local(props.domain.checkedAt!)}: {props.domain.reason}
        </p>
      </Show>
      <Show when={isFailing(props.domain) && props.domain.reason}>
        <p data-testid="domain-last-check">{props.domain.reason}</p>
      </Show>

      <Show when={canCheck()}>
        <div class="form-actions">
          <Button
            id={`${key()}-check`}
            variant="primary"
            aria-disabled={props.checking}
            aria-busy={props.checking}
            onClick={() => !props.checking && props.onCheck()}
          >
            {props.checking ? 'Checking…' : 'Check now'}
            <span class="visually-hidden"> {host()}</span>
          </Button>
        </div>
      </Show>
      {/* Always on the page, so a screen reader hears each new result. */}
      <div class={`domain-setup__result${props.result ? ` domain-setup__result--${props.result.tone}` : ''}`} role="status" aria-live="polite" data-testid="check-result">
        {props.result?.text ?? ''}
      </div>
    </section>
  );
}
