import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage, sendEmailMailer } from './mailer.ts';

const message = { from: 'no-reply@localhost', to: 'student@breslov.test', subject: 'Sign in to Breslov University', text: 'Open http://breslov.localhost:8787/x', html: '<p>Hi</p>' };
const meta = { messageId: '5b0c7e2a-0000-4000-8000-000000000001', date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) };
const fromBase64 = (lines: string) => new TextDecoder().decode(Uint8Array.from(atob(lines.replace(/\r\n/g, '')), (c) => c.charCodeAt(0)));

describe('MIME messages', () => {
  it('carry the headers the send_email binding checks, and both parts', () => {
    const raw = buildMimeMessage(message, meta);
    const [head, ...rest] = raw.split('\r\n\r\n');
    expect(head!.split('\r\n')).toEqual([
      'From: no-reply@localhost',
      'To: student@breslov.test',
      'Subject: Sign in to Breslov University',
      'Date: Fri, 02 Jan 2026 03:04:05 GMT',
      `Message-ID: <${meta.messageId}@localhost>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="lectern-${meta.messageId}"`,
    ]);
    const body = rest.join('\r\n\r\n');
    expect(body).toContain('Content-Type: text/plain; charset=utf-8');
    expect(body).toContain('Content-Type: text/html; charset=utf-8');
    expect(raw.trimEnd().endsWith(`--lectern-${meta.messageId}--`)).toBe(true);
  });

  it('keep any UTF-8 intact and lines short', () => {
    const text = `Grüße, ${'שלום '.repeat(40)}`;
    const raw = buildMimeMessage({ ...message, subject: 'Café ✓', text, html: null }, meta);
    expect(raw).toContain(`Subject: =?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode('Café ✓')))}?=`);
    expect(raw).not.toContain('multipart');
    const body = raw.split('\r\n\r\n')[1]!;
    expect(fromBase64(body)).toBe(text);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('refuse addresses that could smuggle headers, and flatten the subject', () => {
    expect(() => buildMimeMessage({ ...message, to: 'a@b.test\r\nBcc: x@evil.test' }, meta)).toThrow(/plain email address/);
    expect(() => buildMimeMessage({ ...message, from: 'Eve <eve@evil.test>' }, meta)).toThrow(/plain email address/);
    expect(buildMimeMessage({ ...message, subject: 'Hi\r\nBcc: x@evil.test' }, meta)).toContain('Subject: Hi Bcc: x@evil.test\r\n');
  });
});

describe('the send_email mailer', () => {
  it('is accepted by the local MAILER binding with the dev sender address', async () => {
    await expect(sendEmailMailer(env.MAILER).send(message)).resolves.toBeUndefined();
    await expect(sendEmailMailer(env.MAILER).send({ ...message, html: null, subject: 'Ünïcode ✓' })).resolves.toBeUndefined();
  });
});
