/**
 * One CSV cell, RFC 4180 quoted, with spreadsheet formula injection neutralised: a cell a
 * spreadsheet would run as a formula (starting with = + - @, or a tab / carriage return that
 * some programs skip before looking) gets a leading apostrophe, so it shows as text.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends (RFC 4180). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
