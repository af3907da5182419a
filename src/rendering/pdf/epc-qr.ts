import { createRequire } from 'node:module';
import { ibanChecks } from '../../core/iban.js';
import { AppError } from '../../core/errors.js';
import { formatAmount } from '../../core/money.js';
import type { IssuedDocument } from '../../invoicing/issued-document.js';

/**
 * The European Payments Council's QR code for a SEPA credit transfer ("GiroCode", EPC069-12,
 * version 002): a banking app that scans it fills in the beneficiary, the IBAN, the amount and the
 * reference, so the customer pays the right amount with the reference Settle matches by.
 *
 * The payload is twelve lines separated by LF, and only what the spec allows:
 *   BCD / 002 / 1 (UTF-8) / SCT / BIC (optional in 002) / beneficiary name (≤ 70) / IBAN /
 *   "EUR" + amount (0.01 … 999999999.99) / purpose (empty) / structured remittance, the RF
 *   reference (≤ 35) / unstructured remittance (≤ 140, only when there is no structured one) /
 *   information to the originator (empty).
 * Trailing empty lines are left out, as the spec permits, and the whole is at most 331 bytes.
 */
export interface EpcTransfer {
  readonly bic: string | null;
  readonly beneficiaryName: string;
  readonly iban: string;
  /** Euro cents. */
  readonly amountMinor: bigint;
  /** ISO 11649 RF reference, electronic form. */
  readonly creditorReference: string | null;
  /** Free text to the beneficiary, used only when there is no creditor reference. */
  readonly remittanceText: string | null;
}

export const epcLimits = {
  nameLength: 70,
  structuredLength: 35,
  unstructuredLength: 140,
  amountMinorMin: 1n,
  amountMinorMax: 99_999_999_999n,
  payloadBytes: 331,
} as const;

const bicPattern = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const characters = (text: string) => [...text];
const cut = (text: string, length: number) => characters(text).slice(0, length).join('');

function invalid(code: string, message: string, field: string): AppError {
  return new AppError('invalid', code, message, field);
}

/** The payload text of the EPC QR code; throws when a field is outside the spec's limits. */
export function epcQrPayload(transfer: EpcTransfer): string {
  const iban = transfer.iban.replace(/\s+/g, '').toUpperCase();
  if (!ibanChecks(iban))
    throw invalid('epc_iban_invalid', `"${transfer.iban}" is not an IBAN.`, 'iban');
  const bic = (transfer.bic ?? '').replace(/\s+/g, '').toUpperCase();
  if (bic !== '' && !bicPattern.test(bic))
    throw invalid('epc_bic_invalid', `"${transfer.bic}" is not a BIC.`, 'bic');
  // Line breaks would shift every later field; the name is cut to the spec's 70 characters.
  let name = cut(transfer.beneficiaryName.replace(/\s+/g, ' ').trim(), epcLimits.nameLength);
  if (name === '')
    throw invalid('epc_name_missing', 'The beneficiary needs a name.', 'beneficiaryName');
  if (
    transfer.amountMinor < epcLimits.amountMinorMin ||
    transfer.amountMinor > epcLimits.amountMinorMax
  ) {
    throw invalid(
      'epc_amount_out_of_range',
      `An EPC QR code carries 0.01 to 999999999.99 EUR, not ${formatAmount(transfer.amountMinor, 'EUR')}.`,
      'amountMinor',
    );
  }
  const structured = (transfer.creditorReference ?? '').replace(/\s+/g, '');
  if (structured.length > epcLimits.structuredLength)
    throw invalid(
      'epc_reference_too_long',
      `"${structured}" is longer than ${epcLimits.structuredLength} characters.`,
      'creditorReference',
    );
  const unstructured =
    structured === ''
      ? cut(
          (transfer.remittanceText ?? '').replace(/\s+/g, ' ').trim(),
          epcLimits.unstructuredLength,
        )
      : '';
  const build = () =>
    [
      'BCD',
      '002',
      '1',
      'SCT',
      bic,
      name,
      iban,
      `EUR${formatAmount(transfer.amountMinor, 'EUR')}`,
      '',
      structured,
      unstructured,
    ]
      .join('\n')
      .replace(/\n+$/, '');
  let payload = build();
  // A name in a script of multi-byte characters can pass 331 bytes: shorten it until it fits.
  while (Buffer.byteLength(payload, 'utf8') > epcLimits.payloadBytes && name.length > 1) {
    name = characters(name).slice(0, -1).join('').trimEnd();
    payload = build();
  }
  return payload;
}

/**
 * The transfer an invoice asks for, when an EPC QR code can carry it: an invoice (a credit note is
 * paid by the seller, not to it) in EUR, with an amount in range, to a seller account with an
 * IBAN. Otherwise null, and the invoice prints no code.
 */
export function epcTransferOf(doc: IssuedDocument): EpcTransfer | null {
  if (doc.kind !== 'invoice' || doc.currency !== 'EUR') return null;
  if (doc.totalMinor < epcLimits.amountMinorMin || doc.totalMinor > epcLimits.amountMinorMax)
    return null;
  const account = doc.seller.paymentAccounts.find(
    (candidate) =>
      candidate.iban !== null && ibanChecks(candidate.iban.replace(/\s+/g, '').toUpperCase()),
  );
  if (!account?.iban) return null;
  // The BIC is optional in version 002: one that is not a BIC is left out rather than losing the code.
  const bic = account.bic?.replace(/\s+/g, '').toUpperCase() ?? '';
  return {
    bic: bicPattern.test(bic) ? bic : null,
    beneficiaryName: account.accountName ?? doc.seller.name,
    iban: account.iban,
    amountMinor: doc.totalMinor,
    creditorReference: doc.creditorReference,
    remittanceText: `Invoice ${doc.number}`,
  };
}

/** The invoice's EPC QR payload, or null when it gets no code: what the PDF draws. */
export function invoiceEpcQrPayload(doc: IssuedDocument): string | null {
  const transfer = epcTransferOf(doc);
  return transfer === null ? null : epcQrPayload(transfer);
}

/**
 * The QR encoder is loaded with the first code drawn, not with the server: this module comes with
 * every service that can render a PDF, and qrcode's 35 files took about 45 ms of every start.
 */
let qrEncoder: typeof import('qrcode') | undefined;
function qrcode(): typeof import('qrcode') {
  qrEncoder ??= createRequire(import.meta.url)('qrcode') as typeof import('qrcode');
  return qrEncoder;
}

/**
 * The QR code's modules, dark or light, row by row. Error correction level M is what EPC069-12
 * requires; the code is drawn as vector squares, so it stays sharp at any zoom.
 */
export function qrModules(payload: string): {
  readonly size: number;
  isDark(row: number, column: number): boolean;
} {
  const code = qrcode().create(payload, { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  return { size, isDark: (row, column) => data[row * size + column] === 1 };
}
