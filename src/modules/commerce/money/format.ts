/** Minor units as people read them: 1250 usd → "$12.50", 500 jpy → "¥500". */
export function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${minor} ${currency.toUpperCase()} (minor units)`;
  }
}
