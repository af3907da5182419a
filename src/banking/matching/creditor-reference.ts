/**
 * Structured creditor references: the numbers a creditor prints on an invoice so that the payment
 * names the invoice by itself. Each scheme carries check digits, and that is the whole point for
 * the matcher: a reference whose check digits hold was copied without a typing error, so it can
 * be trusted as evidence; one whose check digits fail is not a creditor reference at all (the
 * matcher then reads its text as plain text, with the weaker evidence that gives).
 *
 * Where each algorithm is defined (the standards themselves are not all free to read; these are
 * the published guides and the widely used implementations checked against their examples):
 * - ISO 11649 (RF): ISO 11649:2009; as summarised by the EPC and python-stdnum's `iso11649`
 *   ("move RF and the check digits to the end, ISO 7064 MOD 97-10 must give 1").
 * - Belgian OGM-VCS: Febelfin's banking standards; python-stdnum `be/ogm_vcs` ("first ten digits
 *   mod 97, 97 when the remainder is 0").
 * - Finnish reference (viitenumero): Finance Finland (FKL), "Kotimaisen viitteen rakenneohje"
 *   (weights 7, 3, 1 from the right; 4 to 20 digits with the check digit).
 * - Swiss QR reference and ESR/ISR: SIX, "Swiss Implementation Guidelines for the QR-bill"
 *   (modulo 10 recursive; the QR reference is 27 digits) and PostFinance's ESR manual (27 or 16).
 */

import { mod97 } from '../../core/rf-reference.js';

export { makeRfReference, printRfReference, rfPayloadOf } from '../../core/rf-reference.js';

export type CreditorReferenceScheme =
  /** ISO 11649 "RF" creditor reference. */
  | 'iso11649'
  /** Belgian structured communication (OGM/VCS). */
  | 'be-ogm'
  /** Finnish national reference (viitenumero). */
  | 'fi'
  /** Swiss QR reference (QRR) of a QR-bill. */
  | 'ch-qrr'
  /** Swiss ESR/ISR reference of the orange inpayment slip (27 or 16 digits). */
  | 'ch-esr';

export interface CreditorReference {
  readonly scheme: CreditorReferenceScheme;
  /** The reference in its electronic form: no spaces, no delimiters, upper case. */
  readonly reference: string;
  /**
   * What the creditor put in, without the check digits: the RF reference's characters after
   * "RFnn"; for the numeric schemes the digits without their check digit(s) and without the
   * leading zeros they are filled with (an invoice number 123456 in a 27-digit QR reference is
   * "000…0123456" plus a check digit, and the matcher looks up "123456").
   */
  readonly payload: string;
}

/**
 * What is known about where a reference came from. Plain digits are ambiguous (a random 4-digit
 * number passes the Finnish check one time in ten), so they are read as a national reference
 * only when the context names the scheme: the structured reference's type, or the country of the
 * account the money was paid into.
 */
export interface ReferenceContext {
  /** The file's type for the reference (camt `CdtrRefInf/Tp`): "SCOR", "QRR", "ISR Reference". */
  readonly type?: string | null | undefined;
  /** ISO 3166 country of the receiving account (its IBAN's first two letters). */
  readonly country?: string | null | undefined;
}

/** An RF reference as printed ("RF18 5390 0754 7034") in its electronic form. */
function parseRf(compact: string): CreditorReference | null {
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(compact)) return null;
  if (mod97(compact.slice(4) + compact.slice(0, 4)) !== 1) return null;
  return { scheme: 'iso11649', reference: compact, payload: compact.slice(4) };
}

/** The 12 digits of a Belgian structured communication. */
function parseOgmDigits(digits: string): CreditorReference | null {
  if (!/^\d{12}$/.test(digits)) return null;
  const base = digits.slice(0, 10);
  const check = Number(BigInt(base) % 97n) || 97;
  if (String(check).padStart(2, '0') !== digits.slice(10)) return null;
  return { scheme: 'be-ogm', reference: digits, payload: withoutFillZeros(base) };
}

function withoutFillZeros(digits: string): string {
  return digits.replace(/^0+(?=.)/, '');
}

/** The check digit of a Finnish reference: weights 7, 3, 1 repeating from the right. */
export function finnishCheckDigit(base: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < base.length; i++) {
    sum += Number(base[base.length - 1 - i]) * weights[i % 3]!;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A Finnish reference in any of its printed forms: groups of five ("12 34561") or the machine
 * form filled with zeros to 20 digits. Its length is counted without the fill.
 */
export function parseFinnishReference(text: string): CreditorReference | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^\d{4,20}$/.test(compact)) return null;
  const digits = withoutFillZeros(compact);
  if (digits.length < 4) return null;
  if (finnishCheckDigit(digits.slice(0, -1)) !== Number(digits.slice(-1))) return null;
  return { scheme: 'fi', reference: digits, payload: digits.slice(0, -1) };
}

/** True when the digits are a Finnish reference: the matcher asks this of an RF's payload. */
export function isFinnishReference(digits: string): boolean {
  return parseFinnishReference(digits) !== null;
}

const recursiveMod10Table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5] as const;

/** The Swiss "modulo 10 recursive" check digit of the QR reference and the ESR reference. */
export function swissCheckDigit(base: string): number {
  let carry = 0;
  for (const char of base) carry = recursiveMod10Table[(carry + Number(char)) % 10]!;
  return (10 - carry) % 10;
}

function parseSwiss(digits: string, scheme: 'ch-qrr' | 'ch-esr'): CreditorReference | null {
  const lengths = scheme === 'ch-qrr' ? [27] : [27, 16];
  if (!/^\d+$/.test(digits) || !lengths.includes(digits.length)) return null;
  if (swissCheckDigit(digits.slice(0, -1)) !== Number(digits.slice(-1))) return null;
  return { scheme, reference: digits, payload: withoutFillZeros(digits.slice(0, -1)) };
}

const ogmPattern = /^(\+{3}|\*{3})\s*(\d{3})\s*\/\s*(\d{4})\s*\/\s*(\d{5})\s*\1$/;

/**
 * Reads one reference as a file or a person wrote it, with the check digits verified; null when
 * it is not a creditor reference of a known scheme, or when its check digits fail.
 *
 * Self-identifying forms are read in any context: "RF…" (ISO 11649 only: an RF reference that
 * fails is not tried as anything else) and "+++123/4567/89002+++" or "***…***" (OGM). Plain
 * digits are read by the scheme the context names: QRR for the type "QRR"; ESR for "ISR"/"ESR";
 * otherwise by the account's country (BE: 12 digits OGM; FI: Finnish; CH and LI: 27 digits QRR,
 * 16 ESR).
 */
export function parseCreditorReference(
  text: string,
  context: ReferenceContext = {},
): CreditorReference | null {
  const trimmed = text.trim().toUpperCase();
  const ogm = ogmPattern.exec(trimmed);
  if (ogm) return parseOgmDigits(ogm[2]! + ogm[3]! + ogm[4]!);
  const compact = trimmed.replace(/\s+/g, '');
  if (compact.startsWith('RF')) return parseRf(compact);
  if (!/^\d+$/.test(compact)) return null;

  const type = (context.type ?? '').trim().toUpperCase();
  if (type === 'QRR') return parseSwiss(compact, 'ch-qrr');
  if (/\b(ISR|ESR)\b/.test(type)) return parseSwiss(compact, 'ch-esr');
  switch ((context.country ?? '').trim().toUpperCase()) {
    case 'BE':
      return parseOgmDigits(compact);
    case 'FI':
      return parseFinnishReference(compact);
    case 'CH':
    case 'LI':
      return compact.length === 27 ? parseSwiss(compact, 'ch-qrr') : parseSwiss(compact, 'ch-esr');
    default:
      return null;
  }
}

export interface ReferenceInText {
  readonly reference: CreditorReference;
  /** Where the reference stands in the text: [start, end) in UTF-16 code units. */
  readonly start: number;
  readonly end: number;
  /**
   * Another reading of the same printed reference, shorter or longer by a group, validates too
   * ("RF18 5390 0754 7034 DANK U" reads as RF18539007547034 and as RF18539007547034DANKU).
   */
  readonly ambiguous: boolean;
}

/**
 * The self-identifying references written in free text: RF references ("RF18 5390 0754 7034",
 * "RF18539007547034") and Belgian "+++…+++"/"***…***" communications, each verified. Printed RF
 * references come in groups of four, so a group is taken into the reference only while the
 * groups are four characters long, and the reading is the length that validates (the words
 * after a reference are not part of it); when two lengths validate, both are given, marked
 * ambiguous. Plain digits are never read as references here: in free text they are document
 * numbers, amounts or dates.
 */
export function findCreditorReferencesInText(text: string): ReferenceInText[] {
  const found: ReferenceInText[] = [];
  const upper = text.toUpperCase();

  for (const match of upper.matchAll(/[+*]{3}\s*\d{3}\s*\/\s*\d{4}\s*\/\s*\d{5}\s*[+*]{3}/g)) {
    const reference = parseCreditorReference(match[0]);
    if (reference) {
      found.push({
        reference,
        start: match.index,
        end: match.index + match[0].length,
        ambiguous: false,
      });
    }
  }

  for (const match of upper.matchAll(/(?<![A-Z0-9])RF\d{2}/g)) {
    const start = match.index;
    // The printed form "RF18 5390 0754 7034": groups of four, the last one shorter or not.
    const groups: { text: string; end: number }[] = [];
    const groupPattern = /\s?([A-Z0-9]+)/y;
    groupPattern.lastIndex = start + 4;
    let first = true;
    for (;;) {
      const group = groupPattern.exec(upper);
      if (!group) break;
      const separated = group[0].length > group[1]!.length;
      // A compact reference continues without a space straight after "RFnn".
      if (first && !separated) {
        groups.push({ text: group[1]!, end: groupPattern.lastIndex });
        break;
      }
      first = false;
      if (!separated || group[1]!.length > 4) break;
      groups.push({ text: group[1]!, end: groupPattern.lastIndex });
      if (group[1]!.length < 4) break;
    }
    const readings: Omit<ReferenceInText, 'ambiguous'>[] = [];
    for (let count = groups.length; count > 0; count--) {
      const payload = groups
        .slice(0, count)
        .map((group) => group.text)
        .join('');
      const reference = parseRf(upper.slice(start, start + 4) + payload);
      if (reference) readings.push({ reference, start, end: groups[count - 1]!.end });
    }
    // Two lengths that both validate (one time in about 97 for each group a reference could end
    // after) cannot be told apart by their check digits: both are given, each marked, and only
    // the invoices they name can decide.
    for (const reading of readings) found.push({ ...reading, ambiguous: readings.length > 1 });
  }
  return found.sort((a, b) => a.start - b.start);
}
