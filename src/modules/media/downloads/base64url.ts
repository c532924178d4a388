/** base64url without padding (RFC 4648 §5), as tokens carry it in a URL path. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64url; null if it is not. `canonical` (the default) also refuses spellings that
 * decode to the same bytes as another string (the unused low bits of the last character), so
 * a token has exactly one valid spelling and no character of it can change unnoticed.
 */
export function fromBase64Url(text: string, { canonical = true } = {}): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  let bytes: Uint8Array;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  if (canonical && toBase64Url(bytes) !== text) return null;
  return bytes;
}
