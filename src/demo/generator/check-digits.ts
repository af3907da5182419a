/**
 * Check digits for the identifiers the demo makes up, so that a generated IBAN or Belgian company
 * number passes the same checks a bank or a Peppol access point applies to a real one.
 */

/** The remainder modulo 97 of a decimal digit string of any length. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

/** Letters as ISO 13616 reads them in an IBAN (A = 10 … Z = 35), digits as they are. */
function ibanDigits(text: string): string {
  return [...text]
    .map((character) =>
      /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character,
    )
    .join('');
}

/** An IBAN from its country and national account number (BBAN), with the check digits computed. */
export function ibanOf(country: string, bban: string): string {
  const check = 98 - mod97(ibanDigits(`${bban}${country}00`));
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** A Belgian company number (KBO/BCE): "0" and 7 digits, then 97 minus their remainder modulo 97. */
export function belgianCompanyNumber(sevenDigits: string): string {
  const base = `0${sevenDigits}`;
  return `${base}${String(97 - mod97(base)).padStart(2, '0')}`;
}

/**
 * A Belgian BBAN: a 3-digit bank code and a 7-digit account, then the remainder modulo 97 of
 * those 10 digits (97 when it is 0).
 */
export function belgianBban(bankCode: string, account: string): string {
  const base = `${bankCode}${account}`;
  const check = mod97(base) || 97;
  return `${base}${String(check).padStart(2, '0')}`;
}
