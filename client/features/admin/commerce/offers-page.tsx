import '../courses/courses.css';
import './commerce.css';
import { createResource, createSignal, Show, type JSX } from 'solid-js';
import { usePageTitle } from '../../../lib/page-title';
import { hasRole } from '../../../lib/roles';
import { Link } from '../../../lib/router';
import type { Me } from '../../../lib/session';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { focusElement } from '../../../ui/error-summary';
import { BookIcon } from '../../../ui/icons';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { fetchCourses } from '../courses/courses-api';
import { Loaded } from './loaded';
import { OfferForm } from './offer-form';
import { deleteOffer, fetchOffers, updateOffer, type Offer } from './offers-api';
import { OffersTable, type OfferAction } from './offers-table';
import { PriceRequestForm } from './price-request-form';
import { createStatusReport } from './status-report';

/** /admin/offers: what the school sells. Admins manage offers; instructors propose prices. */
export function OffersPage(): JSX.Element {
  usePageTitle('Offers');
  return (
    <AdminLayout title="Offers" minimumRole="instructor">
      {(me) => <Offers me={me()} />}
    </AdminLayout>
  );
}

type Panel = { kind: 'new' } | { kind: 'edit' | 'propose'; offer: Offer };
type Pending = { offer: Offer; action: 'publish' | 'archive' | 'delete' };

function Offers(props: { me: Me }): JSX.Element {
  const admin = () => hasRole(props.me.role, 'admin');
  const [offers, { refetch }] = createResource(signedInOnly(fetchOffers));
  const [panel, setPanel] = createSignal<Panel | null>(null);
  const [pending, setPending] = createSignal<Pending | null>(null);
  const status = createStatusReport('offers-status');

  const open = (next: Panel) => {
    status.clear();
    setPanel(next);
    focusElement('offer-panel-title');
  };
  const onAction = (offer: Offer, action: OfferAction) => {
    if (action === 'edit' || action === 'propose') open({ kind: action, offer });
    else setPending({ offer, action });
  };
  const done = (text: string) => {
    setPanel(null);
    status.report({ tone: 'success', text });
    void refetch();
  };

  return (
    <>
      <section class="card admin-card" aria-labelledby="offers-title" aria-busy={offers.loading}>
        <div class="commerce-card-heading">
          <div>
            <h2 id="offers-title">Offers</h2>
            <p class="section__intro">
              {admin()
                ? 'What learners can buy. New offers start as drafts; publish one to put it on sale.'
                : 'What learners can buy. To change the price of an offer on sale, propose a new price for the owner to approve.'}
            </p>
          </div>
          <Show when={admin()}>
            <Button onClick={() => open({ kind: 'new' })} disabled={panel()?.kind === 'new'} data-testid="new-offer">
              New offer
            </Button>
          </Show>
        </div>
        <status.View />
        <Loaded resource={offers} what="the offers" role="instructor" onRetry={() => void refetch()}>
          {(list) => (
            <Show
              when={list.length > 0}
              fallback={
                <EmptyState title="No offers yet" icon={<BookIcon />} data-testid="offers-empty">
                  <p>{admin() ? 'Create an offer to sell a course, a bundle of courses or a subscription.' : 'Admins create offers; they will be listed here.'}</p>
                </EmptyState>
              }
            >
              <OffersTable offers={list} admin={admin()} onAction={onAction} />
            </Show>
          )}
        </Loaded>
      </section>
      {/* Keyed: choosing another offer starts a fresh form rather than keeping the last one's text. */}
      <Show when={panel()} keyed>
        {(current) => (
          <section class="card admin-card" aria-labelledby="offer-panel-title" data-testid="offer-panel">
            <h2 id="offer-panel-title" tabindex="-1">
              {panelTitle(current)}
            </h2>
            <Show
              when={current.kind === 'propose' && current.offer}
              fallback={
                <OfferFormWithCourses
                  offer={current.kind === 'edit' ? current.offer : undefined}
                  onSaved={(offer, created) => done(created ? `Draft offer ${offer.title} created. Publish it to put it on sale.` : `${offer.title} saved.`)}
                  onCancel={() => setPanel(null)}
                />
              }
            >
              {(offer) => (
                <PriceRequestForm
                  offer={offer()}
                  onSent={() => {
                    setPanel(null);
                    status.report({ tone: 'success', text: `Price request for ${offer().title} sent. The owner decides under Price requests.` });
                  }}
                  onCancel={() => setPanel(null)}
                />
              )}
            </Show>
          </section>
        )}
      </Show>
      <Show when={pending()}>{(p) => <OfferStatusDialog pending={p()} onDone={done} onClose={() => setPending(null)} />}</Show>
      <p class="commerce-aside">
        <Link href="/admin/pricing-requests">Price requests</Link> lists every proposed price change and what the owner decided.
      </p>
    </>
  );
}

function panelTitle(panel: Panel): string {
  if (panel.kind === 'new') return 'New offer';
  return panel.kind === 'edit' ? `Edit ${panel.offer.title}` : `Propose a new price for ${panel.offer.title}`;
}

/** The offer form once the school's courses are loaded (its course checklist needs them). */
function OfferFormWithCourses(props: { offer?: Offer; onSaved: (offer: Offer, created: boolean) => void; onCancel: () => void }): JSX.Element {
  const [courses, { refetch }] = createResource(signedInOnly(fetchCourses));
  return (
    <Loaded resource={courses} what="the courses" role="admin" onRetry={() => void refetch()}>
      {(list) => <OfferForm offer={props.offer} courses={list} onSaved={props.onSaved} onCancel={props.onCancel} />}
    </Loaded>
  );
}

const DIALOG: Record<Pending['action'], { title: (t: string) => string; confirm: string; busy: string; tone: 'danger' | 'primary'; body: string; done: (t: string) => string }> = {
  publish: {
    title: (t) => `Publish ${t}?`,
    confirm: 'Publish offer',
    busy: 'Publishing…',
    tone: 'primary',
    body: 'Learners can buy it right away, from its own page and from the pages of its paid courses. After this the price changes only through an approved price request.',
    done: (t) => `${t} is on sale.`,
  },
  archive: {
    title: (t) => `Archive ${t}?`,
    confirm: 'Archive offer',
    busy: 'Archiving…',
    tone: 'danger',
    body: 'Nobody can buy it any more, and an archived offer cannot go back on sale. People who already bought it keep what they paid for.',
    done: (t) => `${t} was archived.`,
  },
  delete: {
    title: (t) => `Delete ${t}?`,
    confirm: 'Delete draft',
    busy: 'Deleting…',
    tone: 'danger',
    body: 'The draft is removed for good. This cannot be undone.',
    done: (t) => `${t} was deleted.`,
  },
};

function OfferStatusDialog(props: { pending: Pending; onDone: (text: string) => void; onClose: () => void }): JSX.Element {
  const { offer, action } = props.pending;
  const words = DIALOG[action];
  let message = words.done(offer.title);
  return (
    <ConfirmDialog
      title={words.title(offer.title)}
      confirmLabel={words.confirm}
      busyLabel={words.busy}
      tone={words.tone}
      onConfirm={async () => {
        if (action === 'delete') {
          // The Worker archives instead when someone bought the draft or started a checkout for it.
          if (!(await deleteOffer(offer.id)).deleted) message = `${offer.title} has sales or started checkouts, so it was archived instead of deleted.`;
        } else {
          await updateOffer(offer.id, { status: action === 'archive' ? 'archived' : 'active' });
        }
      }}
      onClose={(confirmed) => {
        props.onClose();
        if (confirmed) props.onDone(message);
      }}
    >
      <p>{words.body}</p>
    </ConfirmDialog>
  );
}
