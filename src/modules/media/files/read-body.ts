import { AppError, Invalid, TooLarge } from '../../../platform/errors.ts';
import { formatBytes } from './limits.ts';

/**
 * Reads an upload body that must be exactly `expected` bytes (at most PART_SIZE, so holding it
 * in memory is bounded). Reading stops at the first byte too many, so an oversized body is
 * refused without being read to its end. A body cut short (a dropped connection) is a 400
 * that says to send it again; nothing has been stored at that point.
 */
export async function readExactly(body: ReadableStream<Uint8Array> | null, expected: number, what: string): Promise<Uint8Array> {
  if (!body) throw new Invalid(`The request had no body: send the bytes of ${what} (${formatBytes(expected)}).`);
  const bytes = await readAtMost(body, expected, {
    tooLarge: () => new TooLarge(`${capitalise(what)} is larger than the ${formatBytes(expected)} declared for it. Nothing was stored; start again with the file’s real size.`),
    broken: (received) => new Invalid(`${capitalise(what)} did not arrive completely (the connection broke after ${formatBytes(received)}). Nothing was stored; send it again.`),
  });
  if (bytes.byteLength < expected) {
    throw new Invalid(`${capitalise(what)} arrived incomplete: ${formatBytes(bytes.byteLength)} of ${formatBytes(expected)}. Nothing was stored; send it again.`);
  }
  return bytes;
}

/**
 * A request body held in memory, refused at the first byte over `max` (the stream is
 * cancelled, not read to its end). A stream that breaks is `broken`'s error; the bytes
 * received so far are never used.
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array>,
  max: number,
  fail: { tooLarge: () => AppError; broken: (received: number) => AppError },
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        throw fail.tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fail.broken(total);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
