import '../courses/courses.css';
import './commerce.css';
import { createResource, createSignal, Show, type JSX } from 'solid-js';
import { usePageTitle } from '../../../lib/page-title';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { focusElement } from '../../../ui/error-summary';
import { signedInOnly } from '../../access/require-sign-in';
import { settled } from '../../course/resource-value';
import { messageOf } from '../../offers/external-redirect';
import { AdminLayout } from '../admin-layout';
import { CouponForm } from './coupon-form';
import { deleteCoupon, fetchCoupons, updateCoupon, type Coupon } from './coupons-api';
import { CouponsTable } from './coupons-table';
import { Loaded } from './loaded';
import { fetchOffers, type Offer } from './offers-api';
import { createStatusReport } from './status-report';

/** /admin/coupons: discount codes, their use, and making new ones. */
export function CouponsPage(): JSX.Element {
  usePageTitle('Coupons');
  return <AdminLayout title="Coupons">{() => <Coupons />}</AdminLayout>;
}

type Data = { coupons: Coupon[]; offers: Offer[] };

async function loadData(): Promise<Data> {
  const [coupons, offers] = await Promise.all([fetchCoupons(), fetchOffers()]);
  return { coupons, offers };
}

function Coupons(): JSX.Element {
  const [data, { refetch }] = createResource(signedInOnly(loadData));
  const [creating, setCreating] = createSignal(false);
  const [deleting, setDeleting] = createSignal<Coupon | null>(null);
  const status = createStatusReport('coupons-status');

  const openForm = () => {
    status.clear();
    setCreating(true);
    focusElement('new-coupon-title');
  };
  const toggle = async (coupon: Coupon) => {
    const next = coupon.status === 'active' ? 'disabled' : 'active';
    try {
      await updateCoupon(coupon.id, { status: next });
      status.report({ tone: 'success', text: next === 'active' ? `${coupon.code} is enabled again.` : `${coupon.code} is disabled: it can no longer be used.` });
      await refetch();
    } catch (error) {
      status.report({ tone: 'error', text: messageOf(error, 'The coupon could not be changed. Please try again.') });
    }
  };
  let deleteMessage = '';

  return (
    <>
      <section class="card admin-card" aria-labelledby="coupons-title" aria-busy={data.loading}>
        <div class="commerce-card-heading">
          <div>
            <h2 id="coupons-title">Coupons</h2>
            <p class="section__intro">"Used" counts completed purchases plus checkouts still open, which hold a use until they expire.</p>
          </div>
          <Button onClick={openForm} disabled={creating()} data-testid="new-coupon">
            New coupon
          </Button>
        </div>
        <status.View />
        <Loaded resource={data} what="the coupons" role="admin" onRetry={() => void refetch()}>
          {(loaded) => (
            <Show
              when={loaded.coupons.length > 0}
              fallback={
                <EmptyState title="No coupons yet" data-testid="coupons-empty">
                  <p>Create a coupon to give a discount, or a 100 % coupon to give an offer away.</p>
                </EmptyState>
              }
            >
              <CouponsTable coupons={loaded.coupons} offers={loaded.offers} onToggle={toggle} onDelete={setDeleting} />
            </Show>
          )}
        </Loaded>
      </section>
      <Show when={creating() && settled(data)}>
        {(loaded) => (
          <section class="card admin-card" aria-labelledby="new-coupon-title" data-testid="new-coupon-panel">
            <h2 id="new-coupon-title" tabindex="-1">
              New coupon
            </h2>
            <CouponForm
              offers={loaded().offers}
              onCreated={(coupon) => {
                setCreating(false);
                status.report({ tone: 'success', text: `Coupon ${coupon.code} created.` });
                void refetch();
              }}
              onCancel={() => setCreating(false)}
            />
          </section>
        )}
      </Show>
      <Show when={deleting()}>
        {(coupon) => (
          <ConfirmDialog
            title={`Delete coupon ${coupon().code}?`}
            confirmLabel="Delete coupon"
            busyLabel="Deleting…"
            onConfirm={async () => {
              const { deleted } = await deleteCoupon(coupon().id);
              deleteMessage = deleted ? `Coupon ${coupon().code} was deleted.` : `Coupon ${coupon().code} has been used, so it was disabled instead.`;
            }}
            onClose={(confirmed) => {
              setDeleting(null);
              if (!confirmed) return;
              status.report({ tone: 'success', text: deleteMessage });
              void refetch();
            }}
          >
            <p>Nobody has used it yet, so it is removed for good. Anyone who has the code can no longer use it.</p>
          </ConfirmDialog>
        )}
      </Show>
    </>
  );
}
