import type { CalendarDate } from '../core/calendar-date.js';
import { formatAmount } from '../core/money.js';
import { isOpenStatus, notOpenInvoice } from '../ledger/invoice-status.js';
import type { ImportErrors } from './import-errors.js';

/** One row of a file that applies money to an invoice already in the ledger. */
export interface ApplicationClaim {
  readonly line: number;
  readonly invoiceNumber: string;
  readonly customerId: string;
  readonly currency: string;
  readonly appliedOn: CalendarDate;
  readonly amountMinor: bigint;
}

/** An invoice as it stands in the ledger, locked for the import's transaction. */
export interface LedgerInvoice {
  readonly id: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerRef: string;
  readonly currency: string;
  readonly status: string;
  readonly issuedOn: CalendarDate;
  readonly openMinor: bigint;
}

const linesListedMax = 10;

function lineList(lines: readonly number[]): string {
  const listed = lines.slice(0, linesListedMax).join(', ');
  return lines.length > linesListedMax
    ? `${listed} and ${lines.length - linesListedMax} more`
    : listed;
}

/**
 * Checks every claim against its invoice: it must exist, belong to the same customer, be in the
 * same currency, be open (a paid or written-off invoice is refused as a void one is, rather than
 * as an over-application) and issued on or before the date of the application, and all the
 * claims on one invoice together must not exceed its open balance. The rows from the one that
 * crosses the balance on are errors, each naming all the lines that hit the invoice, because the
 * fix may be on any of them. Returns the claims that passed, with their invoice.
 */
export function checkApplications(
  claims: readonly ApplicationClaim[],
  invoices: ReadonlyMap<string, LedgerInvoice>,
  errors: ImportErrors,
  fields: { invoice: string; amount: string; exceedsCode: string },
): { claim: ApplicationClaim; invoice: LedgerInvoice }[] {
  const accepted: { claim: ApplicationClaim; invoice: LedgerInvoice }[] = [];
  const claimsByInvoice = new Map<string, ApplicationClaim[]>();
  for (const claim of claims) {
    const invoice = invoices.get(claim.invoiceNumber);
    const at = (code: string, message: string) =>
      errors.add(claim.line, fields.invoice, code, message);
    if (invoice === undefined) {
      at('invoice_not_found', `There is no issued invoice ${claim.invoiceNumber}.`);
    } else if (invoice.customerId !== claim.customerId) {
      at(
        'invoice_customer_mismatch',
        `Invoice ${invoice.number} belongs to customer ${invoice.customerRef}.`,
      );
    } else if (invoice.currency !== claim.currency) {
      at(
        'currency_mismatch',
        `Invoice ${invoice.number} is in ${invoice.currency}, not ${claim.currency}.`,
      );
    } else if (!isOpenStatus(invoice.status)) {
      errors.addDomain(claim.line, fields.invoice, notOpenInvoice(invoice));
    } else if (claim.appliedOn < invoice.issuedOn) {
      at(
        'application_before_issue',
        `Invoice ${invoice.number} was issued on ${invoice.issuedOn}, after ${claim.appliedOn}.`,
      );
    } else {
      const list = claimsByInvoice.get(invoice.number) ?? [];
      list.push(claim);
      claimsByInvoice.set(invoice.number, list);
    }
  }
  for (const [number, list] of claimsByInvoice) {
    const invoice = invoices.get(number)!;
    let appliedMinor = 0n;
    const total = list.reduce((sum, claim) => sum + claim.amountMinor, 0n);
    const lines = list.map((claim) => claim.line);
    for (const claim of list) {
      appliedMinor += claim.amountMinor;
      if (appliedMinor > invoice.openMinor) {
        const rows =
          list.length === 1 ? `this row applies` : `the rows on lines ${lineList(lines)} apply`;
        errors.add(
          claim.line,
          fields.amount,
          fields.exceedsCode,
          `Invoice ${number} has ${formatAmount(invoice.openMinor, invoice.currency)} open; ${rows} ${formatAmount(total, invoice.currency)}.`,
        );
      } else {
        accepted.push({ claim, invoice });
      }
    }
  }
  return accepted;
}
