/**
 * The ISO 11649 structured creditor reference ("RF"), which every invoice carries: a payer who
 * quotes it lets the bank and Settle's matcher name the invoice by itself, and its check digits
 * tell a typing error from a reference. Defined in ISO 11649:2009, as the EPC summarises it:
 * move "RF" and the check digits to the end, and ISO 7064 MOD 97-10 must give 1.
 */
const rfPayloadMax = 21;

/** ISO 7064 MOD 97-10 of a string of digits and capital letters (A = 10 … Z = 35). */
export function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else {
      remainder = (remainder * 100 + (code - 55)) % 97;
    }
  }
  return remainder;
}

/**
 * The characters of a document number that an RF reference can carry: ISO 11649 allows only
 * A-Z and 0-9, so separators and anything else are left out and letters are upper-cased. The
 * matcher indexes invoices by this form, because the reference a customer pays with carries no
 * more than this ("INV-1" and "INV1" give the same reference).
 */
export function rfPayloadOf(documentNumber: string): string {
  return documentNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * The RF creditor reference for a document number, as the invoice prints it: "RF" + two check
 * digits + the number's letters and digits. Throws when the number has no letter or digit, or
 * more than the 21 that fit.
 */
export function makeRfReference(documentNumber: string): string {
  const payload = rfPayloadOf(documentNumber);
  if (payload.length === 0 || payload.length > rfPayloadMax) {
    throw new Error(
      `"${documentNumber}" has ${payload.length} letters and digits; an RF reference carries 1 to ${rfPayloadMax}.`,
    );
  }
  const check = 98 - mod97(`${payload}RF00`);
  return `RF${String(check).padStart(2, '0')}${payload}`;
}

/**
 * An RF reference as an invoice prints it, in groups of four ("RF18 5390 0754 7034"), the form
 * `findCreditorReferencesInText` reads back from a payment's free text.
 */
export function printRfReference(reference: string): string {
  return reference.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
