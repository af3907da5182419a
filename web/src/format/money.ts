/**
 * Amounts as people read them: grouped and with the currency's own decimals, in the reader's
 * locale. The API gives amounts as exact decimal strings ("1234567.89"); they are formatted as
 * strings, never through a JavaScript number, so an amount of any size stays exact to the cent.
 */

type DecimalString = `${number}`;

const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string, style: 'currency' | 'decimal', locale: string | undefined) {
  const key = `${locale ?? ''}|${currency}|${style}`;
  let format = formats.get(key);
  if (!format) {
    // The currency's decimals (JPY 0, EUR 2, KWD 3) come from its currency format; a table's
    // cells use them without repeating the symbol, which the table's caption already names.
    const { minimumFractionDigits, maximumFractionDigits } = new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
    }).resolvedOptions();
    format = new Intl.NumberFormat(locale, {
      style,
      ...(style === 'currency' ? { currency } : {}),
      minimumFractionDigits,
      maximumFractionDigits,
    });
    formats.set(key, format);
  }
  return format;
}

function isDecimal(amount: string): amount is DecimalString {
  return /^-?\d+(\.\d+)?$/.test(amount);
}

/** "1234567.5" in EUR → "1,234,567.50" (en-US) or "1.234.567,50" (de-DE); anything else as given. */
export function formatAmount(amount: string, currency: string, locale?: string): string {
  return isDecimal(amount) ? formatFor(currency, 'decimal', locale).format(amount) : amount;
}

/** The same with the currency: "€1,234,567.50" (en-US), "1.234.567,50 €" (de-DE). */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  return isDecimal(amount) ? formatFor(currency, 'currency', locale).format(amount) : amount;
}
