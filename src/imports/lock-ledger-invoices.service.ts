import type { CalendarDate } from '../core/calendar-date.js';
import { lockOpenInvoices } from '../ledger/post-to-ledger.service.js';
import type { Db } from '../platform/db/database.js';
import type { LedgerInvoice } from './application-checks.js';
import { invoicesByNumber } from './import.sql.js';

/**
 * The invoices a file applies money to, by number, locked until the import commits: a payment
 * recorded meanwhile cannot spend the same open balance (PostgreSQL; PGlite runs one
 * transaction at a time anyway). `earliest` gives, per invoice number, the first date the file
 * applies to it; the open balance returned is the least the invoice had from that date on, so
 * that back-dated rows can never take it below zero at any date (see lockOpenInvoices).
 */
export async function lockLedgerInvoices(
  db: Db,
  orgId: string,
  earliest: ReadonlyMap<string, CalendarDate>,
): Promise<Map<string, LedgerInvoice>> {
  const found = await invoicesByNumber(db, orgId, [...earliest.keys()]);
  const refById = new Map([...found.values()].map((invoice) => [invoice.id, invoice.customerRef]));
  const fromById = new Map(
    [...found].map(([number, invoice]) => [invoice.id, earliest.get(number)!]),
  );
  const locked = await lockOpenInvoices(db, orgId, [...refById.keys()], fromById);
  return new Map(
    locked.map((row) => [
      row.number!,
      {
        id: row.id,
        number: row.number!,
        customerId: row.customer_id,
        customerRef: refById.get(row.id)!,
        currency: row.currency,
        status: row.status,
        issuedOn: row.issued_on as CalendarDate,
        openMinor: row.applicable_minor,
      },
    ]),
  );
}

/** The first date each invoice number is applied to by a file's rows. */
export function earliestApplications(
  rows: Iterable<{ invoiceNumber: string | null; on: CalendarDate }>,
): Map<string, CalendarDate> {
  const earliest = new Map<string, CalendarDate>();
  for (const { invoiceNumber, on } of rows) {
    if (invoiceNumber === null) continue;
    const seen = earliest.get(invoiceNumber);
    if (seen === undefined || on < seen) earliest.set(invoiceNumber, on);
  }
  return earliest;
}
