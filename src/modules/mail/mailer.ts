import { EmailMessage } from 'cloudflare:email';
import type { Env } from '../../platform/env.ts';

/** One message as the outbox holds it; `html` is an optional alternative to `text`. */
export type MailMessage = { from: string; to: string; subject: string; text: string; html?: string | null };

/**
 * What delivery needs from a mail service, and nothing more. Today it is the `MAILER`
 * send_email binding; an HTTP mail API can implement the same one method later without
 * the outbox, the consumer or any caller changing. `send` throws when the message was not
 * accepted; the caller records the error and retries.
 */
export type Mailer = { send(message: MailMessage): Promise<void> };

/** A Mailer over Cloudflare's send_email binding: a MIME message in an EmailMessage. */
export function sendEmailMailer(binding: SendEmail): Mailer {
  return {
    async send(message) {
      const raw = buildMimeMessage(message, { messageId: crypto.randomUUID(), date: new Date() });
      await binding.send(new EmailMessage(message.from, message.to, raw));
    },
  };
}

/** The deployment's mailer (MAILER is checked at start-up, see platform/env.ts). */
export function mailerFor(env: Pick<Env, 'MAILER'>): Mailer {
  return sendEmailMailer(env.MAILER);
}

// A plain address only: anything with spaces, angle brackets or line breaks could smuggle
// extra headers into the message.
const ADDRESS = /^[^\s<>@"(),;:\\]+@[A-Za-z0-9.-]+$/;

/**
 * RFC 5322 message with a text part and, when given, an HTML alternative. Bodies are base64
 * so any UTF-8 survives any mail hop; the subject is an encoded word when it is not ASCII.
 * The local send_email binding insists on a Message-ID and on From matching the envelope.
 */
export function buildMimeMessage(message: MailMessage, meta: { messageId: string; date: Date }): string {
  for (const [field, address] of [['from', message.from], ['to', message.to]] as const) {
    if (!ADDRESS.test(address)) throw new Error(`Cannot send mail: "${field}" is not a plain email address`);
  }
  const domain = message.from.slice(message.from.indexOf('@') + 1);
  const boundary = `lectern-${meta.messageId}`;
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeaderText(message.subject)}`,
    `Date: ${meta.date.toUTCString()}`,
    `Message-ID: <${meta.messageId}@${domain}>`,
    'MIME-Version: 1.0',
  ];
  const part = (type: string, body: string) =>
    [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join('\r\n');
  if (!message.html) return [...headers, part('text/plain', message.text)].join('\r\n');
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    part('text/plain', message.text),
    `--${boundary}`,
    part('text/html', message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function encodeHeaderText(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ').trim();
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${base64(flat)}?=`;
}

function base64(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Base64 wrapped at 76 characters, as MIME requires. */
function base64Lines(value: string): string {
  return base64(value).replace(/.{1,76}/g, '$&\r\n').trimEnd();
}
