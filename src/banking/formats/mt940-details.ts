import { normalIban, type StructuredRemittance } from './bank-statement.js';

/**
 * What an MT940 `:86:` field (information to the account owner) says about one `:61:` line. Its
 * layout is the bank's choice: slash-delimited keys (Rabobank, ABN AMRO, ING's SEPA format), the
 * German `?xx` subfields (DFÜ-Abkommen, used by Volksbanken, Sparkassen, …), or free text.
 */
export interface Mt940Details {
  /** The other party, by direction: the ordering party of a credit, the beneficiary of a debit. */
  payerName: string | null;
  payerAccount: string | null;
  payerBic: string | null;
  references: Record<string, string>;
  structured: StructuredRemittance[];
  unstructured: string[];
  /** The German business transaction code (GVC, "166"), when the field has one. */
  gvc: string | null;
  additionalInfo: string[];
}

/**
 * The keys of the Dutch slash format. Only these split a value: a name or a remittance text may
 * itself contain a slash ("Hr A B Huibers en/of Mw …", "t/m"), which a split on every slash would
 * cut into pieces.
 */
const slashKeys = [
  'TRTP',
  'CNTP',
  'ORDP',
  'BENM',
  'ULTD',
  'ULTC',
  'ULTB',
  'ULTO',
  'REMI',
  'EREF',
  'MARF',
  'CSID',
  'ISDT',
  'IBAN',
  'BIC',
  'NAME',
  'ID',
  'ADDR',
  'ACCW',
  'PREF',
  'RTRN',
  'PURP',
  'IREF',
  'BUSP',
  'SVCL',
  'CDTRREF',
  'CDTRREFTP',
  'CODE',
  'ISSR',
  'FX',
  'EXCH',
  'CHGS',
  'OAMT',
  'ORIG',
] as const;
const slashKeyPattern = new RegExp(`/(${slashKeys.join('|')})/`, 'g');
const startsWithSlashKey = new RegExp(`^\\s*/(${slashKeys.join('|')})/`);
const partyKeys = new Set(['ORDP', 'BENM', 'ULTD', 'ULTC', 'ULTB', 'ULTO']);
const partySubKeys = new Set(['NAME', 'ID', 'ADDR']);

/** SEPA purpose-text prefixes inside German `?20`–`?29`/`?60`–`?63` subfields. */
const sepaPrefixPattern = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|PURP|COAM|OAMT)\+/g;

function emptyDetails(): Mt940Details {
  return {
    payerName: null,
    payerAccount: null,
    payerBic: null,
    references: {},
    structured: [],
    unstructured: [],
    gvc: null,
    additionalInfo: [],
  };
}

/** A creditor reference when the text is nothing but one (ISO 11649 "RF…", mod-97 checked). */
export function creditorReference(text: string): StructuredRemittance | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(compact)) return null;
  const digits = (compact.slice(4) + compact.slice(0, 4))
    .split('')
    .map((char) => (/\d/.test(char) ? char : String(char.charCodeAt(0) - 55)))
    .join('');
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1 ? { type: 'SCOR', issuer: null, reference: compact } : null;
}

function addRemittanceText(details: Mt940Details, text: string): void {
  const trimmed = text.trim();
  if (trimmed === '') return;
  const reference = creditorReference(trimmed);
  if (reference) details.structured.push(reference);
  else details.unstructured.push(trimmed);
}

/**
 * Reads a `:86:` value given as its physical lines. `direction` decides which party is "the
 * payer": the ordering party of a credit, the beneficiary of a debit.
 */
export function readDetails(
  lines: readonly string[],
  untrimmedLines: readonly string[],
  direction: 'credit' | 'debit',
): Mt940Details {
  // Banks wrap at a fixed width in the middle of words ("Nede" / "rland B.V."), so keyed layouts
  // are read from the lines joined with nothing between them.
  const joined = lines.join('');
  if (/^\s*\d{3}\?/.test(joined) || /^\s*\?\d{2}/.test(joined)) {
    return readGermanSubfields(untrimmedLines.join('').trim());
  }
  if (startsWithSlashKey.test(joined)) return readSlashKeys(joined.trim(), direction);
  // Free text: a piece per physical line, as the bank wrote it.
  const details = emptyDetails();
  for (const line of lines) addRemittanceText(details, line);
  return details;
}

function readSlashKeys(text: string, direction: 'credit' | 'debit'): Mt940Details {
  const details = emptyDetails();
  const pairs: { key: string; value: string }[] = [];
  const matches = [...text.matchAll(slashKeyPattern)];
  matches.forEach((match, index) => {
    const start = match.index + match[0].length;
    // "/ORDP//NAME/": ORDP's closing slash is NAME's opening one, so the next key may start
    // exactly where this one's value would.
    const end = index + 1 < matches.length ? matches[index + 1]!.index : text.length;
    pairs.push({ key: match[1]!, value: start <= end ? text.slice(start, end) : '' });
  });
  // A key's slash may be the next key's opening slash; a value ending in "/" keeps it out.
  const counterParty = direction === 'credit' ? 'ORDP' : 'BENM';
  let party: string | null = null;
  // ABN AMRO: /CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/1234567890123456/ — in any order.
  const creditorRef = { type: null as string | null, issuer: null as string | null, reference: '' };
  for (const { key, value: rawValue } of pairs) {
    const value = rawValue.replace(/\/$/, '').trim();
    if (partyKeys.has(key)) {
      party = key;
      continue;
    }
    if (partySubKeys.has(key)) {
      const ours = party === null || party === counterParty;
      if (ours && key === 'NAME' && value !== '' && details.payerName === null) {
        details.payerName = value;
      } else if (value !== '') {
        details.additionalInfo.push(`${party ?? ''}${party ? '/' : ''}${key}: ${value}`);
      }
      continue;
    }
    party = null;
    switch (key) {
      case 'EREF':
        if (value !== '' && value !== 'NOTPROVIDED') details.references.EndToEndId = value;
        break;
      case 'MARF':
        if (value !== '') details.references.MndtId = value;
        break;
      case 'CSID':
        if (value !== '') details.references.CSID = value;
        break;
      case 'PREF':
        if (value !== '') details.references.PmtInfId = value;
        break;
      case 'IREF':
        if (value !== '') details.references.InstrId = value;
        break;
      case 'IBAN':
        if (value !== '') details.payerAccount = normalIban(value) ?? value;
        break;
      case 'BIC':
        if (value !== '') details.payerBic = value;
        break;
      case 'CNTP': {
        // ING: /CNTP/account/BIC/name/city/
        const [account = '', bic = '', name = '', city = ''] = value.split('/');
        if (account.trim()) details.payerAccount = normalIban(account) ?? account.trim();
        if (bic.trim()) details.payerBic = bic.trim();
        if (name.trim()) details.payerName = name.trim();
        if (city.trim()) details.additionalInfo.push(`CNTP city: ${city.trim()}`);
        break;
      }
      case 'ACCW': {
        // Rabobank: /ACCW/account,BIC/ — the account the money came from or went to.
        const [account = '', bic = ''] = value.split(',');
        if (account.trim() && details.payerAccount === null)
          details.payerAccount = normalIban(account) ?? account.trim();
        if (bic.trim() && details.payerBic === null) details.payerBic = bic.trim();
        break;
      }
      case 'REMI': {
        // ING: /REMI/USTD//text/ or /REMI/STRD/CUR/reference/ (CUR: Currence, the issuer of
        // the Dutch "betalingskenmerk").
        const structured = /^STRD\/([^/]*)\/(.+)$/.exec(value);
        if (structured) {
          details.structured.push({
            type: 'SCOR',
            issuer: structured[1]!.trim() || null,
            reference: structured[2]!.replace(/\/$/, '').replace(/\s+/g, ''),
          });
        } else {
          addRemittanceText(details, value.replace(/^USTD\/\//, '').replace(/\/$/, ''));
        }
        break;
      }
      case 'CDTRREFTP':
        creditorRef.type = value.replace(/^\/?CD\//, '').trim() || null;
        break;
      case 'ISSR':
        creditorRef.issuer = value || null;
        break;
      case 'CDTRREF':
        creditorRef.reference = value.replace(/\s+/g, '');
        break;
      default:
        if (value !== '') details.additionalInfo.push(`${key}: ${value}`);
    }
  }
  if (creditorRef.reference !== '') details.structured.push(creditorRef);
  return details;
}

function readGermanSubfields(text: string): Mt940Details {
  const details = emptyDetails();
  const gvc = /^(\d{3})/.exec(text);
  details.gvc = gvc ? gvc[1]! : null;
  const subfields = new Map<string, string>();
  // The marker can straddle a line break ("?2" / "1…"); the lines were joined before this.
  for (const match of text.matchAll(/\?(\d{2})([^?]*)/g)) {
    subfields.set(match[1]!, (subfields.get(match[1]!) ?? '') + match[2]!);
  }
  const get = (code: string) => subfields.get(code)?.trim() || null;
  const bookingText = get('00');
  if (bookingText) details.additionalInfo.push(bookingText);
  const primaNota = get('10');
  if (primaNota) details.references.primaNota = primaNota;
  const purposeCodes = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 60, 61, 62, 63].map(String);
  // 27-character pieces cut in the middle of words and even of IBANs: joined with nothing.
  const purpose = purposeCodes.map((code) => subfields.get(code) ?? '').join('');
  const prefixes = [...purpose.matchAll(sepaPrefixPattern)];
  if (prefixes.length === 0) {
    addRemittanceText(details, purpose);
  } else {
    addRemittanceText(details, purpose.slice(0, prefixes[0]!.index));
    prefixes.forEach((match, index) => {
      const end = index + 1 < prefixes.length ? prefixes[index + 1]!.index : purpose.length;
      const value = purpose.slice(match.index + match[0].length, end).trim();
      if (value === '') return;
      switch (match[1]) {
        case 'SVWZ':
          addRemittanceText(details, value);
          break;
        case 'EREF':
          if (value !== 'NOTPROVIDED') details.references.EndToEndId = value;
          break;
        case 'KREF':
          details.references.KREF = value;
          break;
        case 'MREF':
          details.references.MndtId = value;
          break;
        case 'CRED':
          details.references.CRED = value;
          break;
        default:
          details.additionalInfo.push(`${match[1]}+${value}`);
      }
    });
  }
  details.payerBic = get('30');
  const account = get('31');
  details.payerAccount = account ? (normalIban(account) ?? account) : null;
  const name = (subfields.get('32') ?? '') + (subfields.get('33') ?? '');
  details.payerName = name.trim() || null;
  return details;
}
