import { createSignal, For, type JSX } from 'solid-js';
import { Button } from '../../../ui/button';
import type { DnsRecord } from './domains-api';

type DnsRecordBlockProps = {
  /** Unique on the page: prefixes the ids of the copyable values. */
  id: string;
  /** The domain the record is for, so every Copy button says which record it copies from. */
  hostname: string;
  record: DnsRecord;
  /** The third field's name: "Value" for TXT, "Target" for CNAME. */
  valueLabel?: string;
};

/** Puts the text of `element` into the clipboard, or selects it so the person can copy it. */
async function copyText(text: string, element: HTMLElement): Promise<'copied' | 'selected'> {
  try {
    // Only in a secure context (https, localhost); a custom domain on plain http has none.
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return 'selected';
  }
}

/**
 * A DNS record as the admin types it into their DNS provider: Type, Name and Value, each in
 * a code block with its own Copy button. What happened is announced in a polite live region
 * that is always on the page (so assistive tech hears the change).
 */
export function DnsRecordBlock(props: DnsRecordBlockProps): JSX.Element {
  const [announcement, setAnnouncement] = createSignal('');
  const fields = () => [
    { key: 'type', label: 'Type', text: props.record.type },
    { key: 'name', label: 'Name', text: props.record.name },
    { key: 'value', label: props.valueLabel ?? 'Value', text: props.record.value },
  ];
  const copy = async (label: string, text: string, element: HTMLElement) => {
    // Cleared first, so the same announcement twice in a row is still heard.
    setAnnouncement('');
    const outcome = await copyText(text, element);
    const what = `The ${label.toLowerCase()} of the ${props.record.type} record for ${props.hostname}`;
    setAnnouncement(outcome === 'copied' ? `${what} was copied.` : `${what} is selected: press Ctrl+C (⌘C on a Mac) to copy it.`);
  };
  return (
    <div class="dns-record" data-testid="dns-record" data-record-type={props.record.type}>
      <dl class="dns-record__fields">
        <For each={fields()}>
          {(field) => {
            let code!: HTMLElement;
            const codeId = `${props.id}-${field.key}`;
            return (
              <div class="dns-record__field">
                <dt id={`${codeId}-label`}>{field.label}</dt>
                <dd>
                  <code ref={code} id={codeId} class="dns-record__value" data-testid={`dns-record-${field.key}`}>
                    {field.text}
                  </code>
                  <Button variant="secondary" class="button--small" onClick={() => void copy(field.label, field.text, code)}>
                    Copy<span class="visually-hidden"> the {field.label.toLowerCase()} of the {props.record.type} record for {props.hostname}</span>
                  </Button>
                </dd>
              </div>
            );
          }}
        </For>
      </dl>
      <p class="dns-record__announcement" role="status" aria-live="polite" data-testid="dns-record-announcement">
        {announcement()}
      </p>
    </div>
  );
}
