/**
 * CSV files are opened in spreadsheets, which run a cell that starts with `=`, `+`, `-` or `@` (or
 * a tab or carriage return before one) as a formula: a customer named `=HYPERLINK(…)` would become
 * a live link in the accountant's copy of the aging. Every CSV Settle writes neutralises such a
 * cell with a leading apostrophe, which spreadsheets show as text; a number ("-12.50") is left as
 * it is, so amounts stay numbers. Settle's importers undo exactly that, and only that: the escape
 * is applied to any run of apostrophes before such a character too, so reading back what was
 * written gives the original value for every string.
 */
const formulaStart = /^'*[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

export function spreadsheetSafe(value: string): string {
  if (!formulaStart.test(value) || plainNumber.test(value)) return value;
  return `'${value}`;
}

/** The value a cell written by spreadsheetSafe stood for. */
export function fromSpreadsheetSafe(value: string): string {
  return value.startsWith("'") && formulaStart.test(value) ? value.slice(1) : value;
}
