import '../commerce/commerce.css';
import './domains.css';
import { createEffect, createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { usePageTitle } from '../../../lib/page-title';
import type { Me } from '../../../lib/session';
import { Badge } from '../../../ui/badge';
import { Button, buttonClass } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { settled } from '../../course/resource-value';
import { AdminLayout } from '../admin-layout';
import { ActionsTable } from '../commerce/actions-table';
import { AddDomainForm } from './add-domain-form';
import { DomainSetup, domainKey, type CheckResult } from './domain-setup';
import {
  addDomain,
  checkDomain,
  fetchDomains,
  isFailing,
  makePrimary,
  needsAttention,
  originOf,
  removeDomain,
  statusBadge,
  type Domain,
  type DomainList,
} from './domains-api';

/** /admin/domains: the school's addresses, adding and verifying its own domains, the primary one. */
export function DomainsPage(): JSX.Element {
  usePageTitle('Domains');
  return <AdminLayout title="Domains">{(me) => <DomainsAdmin me={me()} />}</AdminLayout>;
}

/** The page's result line; it takes focus, because the button that led to it may be gone. */
type PageStatus = {
  tone: 'success' | 'error' | 'info';
  title?: string;
  text: string;
  /** "Make primary" for a domain that just went live. */
  offerPrimary?: string;
  /** Where to go on when this page's host no longer serves the admin (see `moved`). */
  link?: { href: string; label: string };
};

const STATUS_ID = 'domains-status';
const local = (iso: string) => <time datetime={iso}>{formatDateTime(new Date(iso))}</time>;

function DomainsAdmin(props: { me: Me }): JSX.Element {
  const [resource, { refetch }] = createResource(signedInOnly(fetchDomains));
  // A store reconciled by hostname keeps each row's DOM (and the focus inside it) across
  // updates, so "Check now" and the live regions survive a refreshed list.
  const [store, setStore] = createStore<{ list: DomainList | null; results: Record<string, CheckResult | undefined> }>({ list: null, results: {} });
  createEffect(() => {
    const fresh = settled(resource);
    if (fresh) setStore('list', reconcile(fresh, { key: 'hostname', merge: true }));
  });
  const [status, setStatus] = createSignal<PageStatus | null>(null);
  const [checking, setChecking] = createSignal<string | null>(null);
  const [promoting, setPromoting] = createSignal<Domain | null>(null);
  const [removing, setRemoving] = createSignal<Domain | null>(null);
  // Set once this page's own host stops being where the school answers (another host became
  // primary, or this one was removed): every request from here would be redirected or refused.
  const [moved, setMoved] = createSignal(false);
  const here = location.hostname.toLowerCase();

  const domains = () => store.list?.domains ?? [];
  // The platform address first, then the school's own domains in the order they were added.
  const ordered = () => [...domains()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'subdomain' ? -1 : 1));
  const custom = () => domains().filter((d) => d.kind === 'custom');
  const subdomain = () => domains().find((d) => d.kind === 'subdomain') ?? null;
  const forbidden = () => (resource.error instanceof ApiError && resource.error.status === 403 ? resource.error : null);
  const report = (next: PageStatus) => {
    setStatus(next);
    focusElement(STATUS_ID);
  };
  // The action itself succeeded; a failed reload shows its own notice instead of undoing that.
  const refresh = () => Promise.resolve(refetch()).catch(() => undefined);
  const replaceDomain = (domain: Domain) => setStore('list', 'domains', (d) => d.hostname === domain.hostname, reconcile(domain));

  const add = async (hostname: string) => {
    const domain = await addDomain(hostname);
    setStatus({ tone: 'success', text: `${domain.hostname} was added. Create the DNS record below to verify it.` });
    setStore('results', domain.hostname, undefined);
    await refresh();
    focusElement(`${domainKey(domain.hostname)}-title`);
    return domain;
  };

  const check = async (domain: Domain) => {
    const hadPanel = needsAttention(domain);
    setChecking(domain.hostname);
    setStore('results', domain.hostname, undefined);
    try {
      const after = await checkDomain(domain.hostname);
      replaceDomain(after);
      const healthy = after.status === 'active' && !isFailing(after);
      if (healthy && hadPanel) {
        report({
          tone: 'success',
          title: `${after.hostname} is active`,
          text: after.isPrimary
            ? `The TXT record was found: ${after.hostname} serves ${props.me.school.name} again.`
            : `The TXT record was found: ${after.hostname} now serves ${props.me.school.name}. Make it the primary address to send visitors of your other addresses there.`,
          offerPrimary: after.isPrimary ? undefined : after.hostname,
        });
      } else if (healthy) {
        report({ tone: 'success', text: `The TXT record of ${after.hostname} is in place; it keeps serving your school.` });
      } else if (hadPanel) {
        setStore('results', after.hostname, { tone: after.status === 'failed' || isFailing(after) ? 'error' : 'info', text: checkSentence(after) });
      } else {
        report({ tone: 'error', text: `${checkSentence(after)}` });
      }
    } catch (error) {
      const text = error instanceof ApiError ? error.message : 'The check could not be completed. Please try again.';
      if (!(error instanceof ApiError)) console.error(error);
      if (hadPanel) setStore('results', domain.hostname, { tone: 'error', text });
      else report({ tone: 'error', text });
    } finally {
      setChecking(null);
    }
  };

  // ---- dialogs -------------------------------------------------------------------------

  let afterDialog: PageStatus | null = null;

  const promote = async (domain: Domain) => {
    const list = await makePrimary(domain.hostname);
    setStore('list', reconcile(list, { key: 'hostname', merge: true }));
    if (domain.hostname !== here) {
      setMoved(true);
      afterDialog = {
        tone: 'info',
        title: `${domain.hostname} is now the primary address`,
        text: `Every other address of ${props.me.school.name}, including this one, now redirects there. Sign-ins belong to the address they were made on, so sign in again on ${domain.hostname} to go on managing the school.`,
        link: { href: `${originOf(domain.hostname)}/admin/domains`, label: `Open the admin on ${domain.hostname}` },
      };
    } else {
      afterDialog = { tone: 'success', text: `${domain.hostname} is now the primary address. Every other address of ${props.me.school.name} redirects here.` };
    }
  };

  const remove = async (domain: Domain) => {
    const result = await removeDomain(domain.hostname);
    const warnings = result.warnings.length ? ` ${result.warnings.join(' ')}` : '';
    if (result.removed === here) {
      // This host answers "not found" from now on; go on at the school's remaining primary host.
      const next = domains().find((d) => d.isPrimary && d.hostname !== here && d.status === 'active') ?? subdomain();
      setMoved(true);
      afterDialog = {
        tone: 'info',
        title: `${result.removed} was removed`,
        text: `It no longer serves ${props.me.school.name}, so this page cannot make changes any more: go on at the school's primary address.${warnings}`,
        link: next ? { href: `${originOf(next.hostname)}/admin/domains`, label: `Open the admin on ${next.hostname}` } : undefined,
      };
      // No refetch from here (this host answers 404 now): the list is updated as the Worker did it.
      setStore('list', 'domains', (list) => list.filter((d) => d.hostname !== result.removed));
      if (domain.isPrimary) setStore('list', 'domains', (d) => d.kind === 'subdomain', 'isPrimary', true);
      return;
    }
    afterDialog = { tone: warnings ? 'info' : 'success', text: `${result.removed} was removed and no longer serves your school.${warnings}` };
    setStore('results', result.removed, undefined);
    await refresh();
  };

  const closeDialog = (confirmed: boolean) => {
    setPromoting(null);
    setRemoving(null);
    if (confirmed && afterDialog) report(afterDialog);
    afterDialog = null;
  };

  const openPromote = (domain: Domain) => {
    afterDialog = null;
    setPromoting(domain);
  };
  const openRemove = (domain: Domain) => {
    afterDialog = null;
    setRemoving(domain);
  };

  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the admin role" message={forbidden()!.message} />}>
      <section class="card admin-card" aria-labelledby="domains-title" aria-busy={resource.loading}>
        <h2 id="domains-title">Your school's addresses</h2>
        <p class="section__intro">
          Where visitors reach {props.me.school.name}. The primary address is the one the school answers on: every other address redirects to it.
        </p>
        <Show when={status()}>{(current) => <StatusNotice status={current()} canAct={!moved()} onPromote={(hostname) => promoteByName(hostname)} />}</Show>
        {/* A failed refresh keeps the last list on the page, under the failure. */}
        <Show when={resource.error}>
          <ErrorNotice title="We couldn't load the school's domains" error={resource.error} onRetry={() => void refetch()} />
        </Show>
        <Switch>
          <Match when={store.list}>
            <>
              <DomainsTable
                domains={ordered()}
                canAct={!moved()}
                checking={checking()}
                onCheck={(d) => void check(d)}
                onPromote={openPromote}
                onRemove={openRemove}
              />
              <Show when={custom().length === 0 && !moved()}>
                <EmptyState title="No domain of your own yet" data-testid="domains-empty">
                  <p>
                    With a domain of your own, such as learn.your-school.org, students find {props.me.school.name} at an address they already know.
                    Made the primary address, it is the one every page, link and sign-in email of the school uses. Add one below, prove it is yours
                    with a DNS record, then make it primary.
                  </p>
                </EmptyState>
              </Show>
            </>
          </Match>
          <Match when={!resource.error}>
            <Spinner label="Loading the school's domains…" />
          </Match>
        </Switch>
      </section>

      <For each={ordered().filter(needsAttention)}>
        {(domain) => (
          <DomainSetup
            domain={domain}
            cnameTarget={store.list?.cnameTarget ?? null}
            schoolName={props.me.school.name}
            checking={checking() === domain.hostname}
            result={store.results[domain.hostname]}
            canAct={!moved()}
            onCheck={() => void check(domain)}
          />
        )}
      </For>

      <Show when={store.list && !moved()}>
        <section class="card admin-card" aria-labelledby="add-domain-title">
          <h2 id="add-domain-title">Add a domain</h2>
          <p class="section__intro">
            A domain you already own. After adding it you create one DNS record to prove it is yours; it serves your school once that record is found.
          </p>
          <AddDomainForm onAdd={add} allowance={allowance(custom().length, store.list?.maxCustomDomains ?? 0)} />
        </section>
      </Show>

      <Show when={promoting()}>
        {(domain) => (
          <ConfirmDialog
            title={`Make ${domain().hostname} the primary address?`}
            confirmLabel="Make primary"
            busyLabel="Saving…"
            tone="primary"
            onConfirm={() => promote(domain())}
            onClose={closeDialog}
          >
            <p>
              {props.me.school.name} then answers on {domain().hostname}. Its other addresses ({otherHosts(domains(), domain().hostname)}) redirect there,
              keeping the rest of the link, so old links and bookmarks still work.
            </p>
            <p>
              Sign-ins belong to the address they were made on: people signed in on another address must sign in again on {domain().hostname}
              {domain().hostname !== here ? ' — you too, to go on managing the school' : ''}.
            </p>
          </ConfirmDialog>
        )}
      </Show>
      <Show when={removing()}>
        {(domain) => (
          <ConfirmDialog title={`Remove ${domain().hostname}?`} confirmLabel="Remove domain" busyLabel="Removing…" onConfirm={() => remove(domain())} onClose={closeDialog}>
            <p>
              {domain().hostname} stops serving {props.me.school.name} immediately: visitors there get a “not found” page, and people signed in there are
              signed out of it.
              {domain().isPrimary ? ` It is the primary address, so ${subdomain()?.hostname ?? 'the school’s platform address'} becomes primary again.` : ''}
            </p>
            <p>To use it again later, add it again and verify it with a new TXT record.</p>
          </ConfirmDialog>
        )}
      </Show>
    </Show>
  );

  function promoteByName(hostname: string) {
    const domain = domains().find((d) => d.hostname === hostname);
    if (domain) openPromote(domain);
  }
}

/** After a check that did not make the domain healthy: what it found, in words. */
function checkSentence(domain: Domain): string {
  const reason = domain.reason ?? '';
  if (isFailing(domain)) return `Checked just now: the record is still missing. ${reason}`.trim();
  switch (domain.status) {
    case 'pending':
      return `Checked just now: not verified yet. ${reason}`.trim();
    case 'verified':
      return `Checked just now: verified. ${reason}`.trim();
    case 'failed':
      return `Checked just now: the record is still missing, so the domain does not serve your school. ${reason}`.trim();
    case 'expired':
      return reason || 'This domain was not verified in time. Remove it and add it again.';
    case 'active':
      return 'Checked just now: the record is in place.';
  }
}

function allowance(used: number, max: number): string {
  const left = Math.max(0, max - used);
  if (left === 0) return `This school has ${max} domains of its own, the most it can have: remove one to add another.`;
  return `A school can have up to ${max} domains of its own (${left} more here).`;
}

function otherHosts(domains: Domain[], except: string): string {
  const others = domains.filter((d) => d.hostname !== except && d.status === 'active').map((d) => d.hostname);
  return others.length ? others.join(', ') : 'none yet';
}

function StatusNotice(props: { status: PageStatus; canAct: boolean; onPromote: (hostname: string) => void }): JSX.Element {
  return (
    <div
      class={`notice notice--${props.status.tone}`}
      id={STATUS_ID}
      tabindex="-1"
      role={props.status.tone === 'error' ? 'alert' : 'status'}
      data-testid={STATUS_ID}
    >
      <Show when={props.status.title}>
        <p class="notice__title">{props.status.title}</p>
      </Show>
      <p>{props.status.text}</p>
      <Show when={props.status.offerPrimary && props.canAct && props.status.offerPrimary}>
        {(hostname) => (
          <p>
            <Button variant="primary" onClick={() => props.onPromote(hostname())}>
              Make {hostname()} primary
            </Button>
          </p>
        )}
      </Show>
      <Show when={props.status.link}>
        {(link) => (
          <p>
            {/* A plain link: another host is a full page load, never a client-side route. */}
            <a class={buttonClass('primary')} href={link().href} data-testid="open-primary-admin">
              {link().label}
            </a>
          </p>
        )}
      </Show>
    </div>
  );
}

type DomainsTableProps = {
  domains: Domain[];
  canAct: boolean;
  checking: string | null;
  onCheck: (domain: Domain) => void;
  onPromote: (domain: Domain) => void;
  onRemove: (domain: Domain) => void;
};

function details(domain: Domain): JSX.Element {
  if (domain.kind === 'subdomain') return 'The platform’s address for your school. Always active.';
  if (domain.reason) return domain.reason;
  if (domain.status === 'active' && domain.verifiedAt) return <>Verified on {local(domain.verifiedAt)}.</>;
  if (domain.status === 'pending') return 'Waiting for its TXT record.';
  return '';
}

function DomainsTable(props: DomainsTableProps): JSX.Element {
  return (
    <ActionsTable name="domains" caption="The school's addresses" columns={['Address', 'Kind', 'Status', 'Primary', 'Last checked', 'Details']}>
      <For each={props.domains}>
        {(domain) => (
          <tr data-testid="domain-row" data-hostname={domain.hostname}>
            <th scope="row">
              {/* Only a serving host is worth a link; the others do not answer yet (or any more). */}
              <Show when={domain.status === 'active'} fallback={<span class="domain-name">{domain.hostname}</span>}>
                <a class="domain-name" href={`${originOf(domain.hostname)}/`}>
                  {domain.hostname}
                </a>
              </Show>
            </th>
            <td>{domain.kind === 'subdomain' ? 'Platform address' : 'Your domain'}</td>
            <td>
              <Badge tone={statusBadge(domain).tone} data-testid="domain-status">
                {statusBadge(domain).label}
              </Badge>
            </td>
            <td>
              <Show when={domain.isPrimary} fallback={<span class="domains-muted">No</span>}>
                <Badge tone="brand" data-testid="domain-primary">
                  Primary
                </Badge>
              </Show>
            </td>
            <td>
              <Show when={domain.kind === 'custom'} fallback={<span class="domains-muted">Not needed</span>}>
                <Show when={domain.checkedAt} fallback={<span class="domains-muted">Not yet</span>}>
                  {(at) => local(at())}
                </Show>
              </Show>
            </td>
            <td class="domains-details" data-testid="domain-details">
              {details(domain)}
              <Show when={domain.edge}>
                {(edge) => (
                  <span class="table__sub">
                    Cloudflare: hostname {edge().hostnameStatus?.replace(/_/g, ' ') ?? 'unknown'}, certificate {edge().sslStatus?.replace(/_/g, ' ') ?? 'unknown'}
                  </span>
                )}
              </Show>
            </td>
            <td class="table__actions">
              <Show when={props.canAct}>
                <div class="row-actions">
                  <Show when={domain.kind === 'custom' && !needsAttention(domain)}>
                    <Button
                      variant="secondary"
                      class="button--small"
                      aria-disabled={props.checking === domain.hostname}
                      aria-busy={props.checking === domain.hostname}
                      onClick={() => props.checking !== domain.hostname && props.onCheck(domain)}
                    >
                      {props.checking === domain.hostname ? 'Checking…' : 'Check now'}
                      <span class="visually-hidden"> {domain.hostname}</span>
                    </Button>
                  </Show>
                  <Show when={domain.status === 'active' && !domain.isPrimary}>
                    <Button variant="secondary" class="button--small" onClick={() => props.onPromote(domain)}>
                      Make primary<span class="visually-hidden"> {domain.hostname}</span>
                    </Button>
                  </Show>
                  <Show when={domain.kind === 'custom'}>
                    <Button variant="danger" class="button--small" onClick={() => props.onRemove(domain)}>
                      Remove<span class="visually-hidden"> {domain.hostname}</span>
                    </Button>
                  </Show>
                </div>
              </Show>
            </td>
          </tr>
        )}
      </For>
    </ActionsTable>
  );
}
