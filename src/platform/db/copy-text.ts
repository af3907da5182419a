/**
 * Encodes rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, with backslash,
 * tab, newline and carriage return escaped. Arrays become `{...}` literals and objects JSON.
 */
export type CopyValue =
  string | number | bigint | boolean | null | undefined | Date | readonly string[] | object;

function escapeText(text: string): string {
  // One native pass per character that occurs, backslash first so that the escapes added after
  // it are not escaped again; a callback per match was a tenth of a collections run's CPU (its
  // message bodies are most of its COPY text, with a newline every few dozen characters).
  let escaped = text;
  if (escaped.includes('\\')) escaped = escaped.replaceAll('\\', '\\\\');
  if (escaped.includes('\t')) escaped = escaped.replaceAll('\t', '\\t');
  if (escaped.includes('\n')) escaped = escaped.replaceAll('\n', '\\n');
  if (escaped.includes('\r')) escaped = escaped.replaceAll('\r', '\\r');
  return escaped;
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeText(arrayLiteral(value as readonly string[]));
  return escapeText(JSON.stringify(value));
}

export function encodeCopyRow(row: readonly CopyValue[]): string {
  return row.map(encodeCopyValue).join('\t') + '\n';
}
