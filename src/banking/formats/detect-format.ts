import type { StatementFormat } from './bank-statement.js';

/**
 * Which parser a statement file needs, from its first bytes, so that a user can upload a file
 * without saying what it is. Each test looks where the format puts its mark (the root element's
 * namespace, the first line), never anywhere in the text: the Finnish camt.054 sample names
 * "camt.053" in a comment before its root. CSV is never guessed: it needs the user's mapping.
 */
export function detectStatementFormat(text: string): Exclude<StatementFormat, 'csv'> | null {
  // Long comment blocks precede the root in real files; 64 KiB covers them without reading a
  // 50 MiB file whole.
  const head = text.slice(0, 65_536).replace(/^\ufeff/, '');
  const start = head.replace(/^\s+/, '');

  if (start.startsWith('<')) return detectXml(start);
  if (/^OFXHEADER\s*:/i.test(start)) return 'ofx';
  if (isMt940(head)) return 'mt940';
  // BAI2's file header: 01,sender,receiver,YYMMDD creation date,...
  if (/^01,[^,\r\n]*,[^,\r\n]*,\d{6},/.test(start)) return 'bai2';
  return null;
}

function detectXml(start: string): 'camt.053' | 'camt.054' | 'ofx' | null {
  let rest = start;
  // Skip the prolog: the XML declaration, comments and processing instructions (noting <?OFX?>).
  for (;;) {
    if (rest.startsWith('<?')) {
      if (/^<\?OFX[\s?]/i.test(rest)) return 'ofx';
      const end = rest.indexOf('?>');
      if (end < 0) return null;
      rest = rest.slice(end + 2).replace(/^\s+/, '');
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return null;
      rest = rest.slice(end + 3).replace(/^\s+/, '');
    } else break;
  }
  const root = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)([^>]*)>/.exec(rest);
  if (!root) return null;
  const [, name, attributes] = root as unknown as [string, string, string];
  if (name === 'OFX') return 'ofx';
  // The namespace the root element is in: the default one, or the one its prefix is bound to.
  const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : null;
  const declaration = new RegExp(
    `\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`,
  ).exec(attributes);
  const namespace = declaration ? (declaration[1] ?? declaration[2] ?? '') : '';
  const camt = /^urn:iso:std:iso:20022:tech:xsd:camt\.(053|054)\.\d{3}\.\d{2}$/.exec(
    namespace.trim(),
  );
  if (!camt) return null;
  return camt[1] === '053' ? 'camt.053' : 'camt.054';
}

function isMt940(head: string): boolean {
  // The SWIFT FIN envelope, after the SOH byte some banks frame each message with.
  const envelope = /^[\s\x01]*\{1:[^}]*\}\{2:([IO])(\d{3})/.exec(head);
  if (envelope) return envelope[2] === '940';
  const lines = head
    .split(/\r\n|\r|\n/, 8)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const first = lines[0] ?? '';
  if (first.startsWith(':20:') || first === ':940:') return true;
  // Dutch banks' preambles: ABN AMRO's "ABNANL2A / 940 / ABNANL2A", ING's "0000 01INGBNL2A…".
  if (/^(ABNANL2A|0000 01INGBNL2A)/.test(first)) {
    return lines.slice(0, 5).some((line) => line.startsWith(':20:'));
  }
  return false;
}
