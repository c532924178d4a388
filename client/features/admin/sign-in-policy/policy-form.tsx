import { createSignal, For, Show, type JSX } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { CheckboxField } from '../../../ui/field';
import { Notice } from '../../../ui/notice';
import { DomainRoleMapEditor } from './domain-role-map-editor';
import { ListFieldset } from './list-fieldset';
import { PROVIDER_LABELS, saveSignInPolicy, type PolicyView, type SignInPolicy } from './policy-api';
import { StringListEditor } from './string-list-editor';

// Where each field of the API lands in the form, so the server's 400 issues sit beside them.
const FIELDS = {
  allowedProviders: 'policy-providers',
  allowedDomains: 'policy-domains',
  requireDomainMatch: 'policy-require-match',
  requireDomainVerification: 'policy-require-verification',
  autoProvision: 'policy-auto-provision',
  domainRoleMap: 'policy-role-map',
  entraTenantIds: 'policy-tenants',
} satisfies Record<keyof SignInPolicy, string>;

const domainOf = (value: string) => value.trim().toLowerCase().replace(/^@/, '');

export function PolicyForm(props: { view: PolicyView; onSaved: () => Promise<unknown> }): JSX.Element {
  const [draft, setDraft] = createStore<SignInPolicy>(structuredClone(props.view.policy));
  const [saving, setSaving] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [saved, setSaved] = createSignal(false);
  const error = (field: keyof SignInPolicy) => problemFor(problems(), FIELDS[field]);
  // Offer every configured provider, plus any the policy names that is no longer configured,
  // so saving never silently drops one.
  const providers = () => {
    const known = props.view.availableProviders;
    const extra = draft.allowedProviders.filter((id) => !known.some((p) => p.id === id)).map((id) => ({ id, label: `${PROVIDER_LABELS[id] ?? id} (not set up on this server)` }));
    return [...known, ...extra];
  };
  const toggleProvider = (id: string, on: boolean) =>
    setDraft('allowedProviders', (list) => (on ? [...list, id] : list.filter((p) => p !== id)));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    setSaving(true);
    try {
      await saveSignInPolicy(structuredClone(unwrap(draft)));
      await props.onSaved();
      // Show what the Worker stored, which may be tidier than what was typed.
      setDraft(reconcile(structuredClone(props.view.policy)));
      setProblems([]);
      setSaved(true);
      focusElement('policy-saved');
    } catch (failure) {
      setProblems(problemsFrom(failure, FIELDS));
      focusElement('policy-errors');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="policy-form" onSubmit={(event) => void submit(event)} novalidate data-testid="policy-form">
      <ErrorSummary id="policy-errors" title="The settings were not saved" problems={problems()} />
      <Show when={saved()}>
        <Notice tone="success" id="policy-saved" live="status">
          <p>Sign-in settings saved. They apply to the next sign-in.</p>
        </Notice>
      </Show>
      <ListFieldset id="policy-providers-group" legend="Ways to sign in" hint="Only the ways this Lectern deployment is set up for can be offered." error={error('allowedProviders')}>
        <For each={providers()}>
          {(provider, index) => (
            <CheckboxField
              id={index() === 0 ? FIELDS.allowedProviders : `policy-provider-${provider.id}`}
              label={provider.label}
              checked={draft.allowedProviders.includes(provider.id)}
              onChange={(on) => toggleProvider(provider.id, on)}
            />
          )}
        </For>
      </ListFieldset>
      <StringListEditor
        id={FIELDS.allowedDomains}
        legend="Allowed email domains"
        hint="For example example.edu. Used by the two rules below."
        inputLabel="New allowed domain"
        addLabel="Add domain"
        placeholder="example.edu"
        items={draft.allowedDomains}
        onChange={(items) => setDraft('allowedDomains', items)}
        normalise={domainOf}
        error={error('allowedDomains')}
      />
      <ListFieldset id="policy-rules-group" legend="Who may join">
        <CheckboxField
          id={FIELDS.requireDomainMatch}
          label="Only allow addresses at the allowed domains"
          checked={draft.requireDomainMatch}
          onChange={(on) => setDraft('requireDomainMatch', on)}
          error={error('requireDomainMatch')}
        />
        <CheckboxField
          id={FIELDS.requireDomainVerification}
          label="Require the sign-in provider to confirm the domain belongs to the person’s organisation"
          checked={draft.requireDomainVerification}
          onChange={(on) => setDraft('requireDomainVerification', on)}
          error={error('requireDomainVerification')}
        />
        <CheckboxField
          id={FIELDS.autoProvision}
          label="Let new people join by signing in"
          hint="When this is off, only existing members and people with an invitation can sign in."
          checked={draft.autoProvision}
          onChange={(on) => setDraft('autoProvision', on)}
          error={error('autoProvision')}
        />
      </ListFieldset>
      <DomainRoleMapEditor
        id={FIELDS.domainRoleMap}
        map={draft.domainRoleMap}
        onChange={(map) => setDraft('domainRoleMap', reconcile(map))}
        normalise={domainOf}
        error={error('domainRoleMap')}
      />
      <StringListEditor
        id={FIELDS.entraTenantIds}
        legend="Microsoft organisations (Entra tenant ids)"
        hint="When any are listed, Microsoft sign-in only accepts accounts from these tenants. A tenant id looks like 00000000-0000-0000-0000-000000000000."
        inputLabel="New tenant id"
        addLabel="Add tenant"
        placeholder="00000000-0000-0000-0000-000000000000"
        items={draft.entraTenantIds}
        onChange={(items) => setDraft('entraTenantIds', items)}
        normalise={(value) => value.trim().toLowerCase()}
        error={error('entraTenantIds')}
      />
      <div class="form-actions">
        <Button type="submit" disabled={saving()} aria-busy={saving()}>
          {saving() ? 'Saving…' : 'Save sign-in settings'}
        </Button>
      </div>
    </form>
  );
}
