import type { Actor } from '../core/actor.js';
import { formatAmount } from '../core/money.js';
import type { Database } from '../platform/db/database.js';
import { exportBatchRows, writeCsv, type ExportInput, type ExportOptions } from './csv-output.js';
import { paymentApplications, paymentsBatch } from './export.sql.js';

export const paymentExportHeader = [
  'ref',
  'customer_ref',
  'received_date',
  'currency',
  'amount',
  'invoice_number',
] as const;

type PaymentBatch = Awaited<ReturnType<typeof paymentsBatch>>;

async function rowsOf(
  database: Database,
  orgId: string,
  payments: PaymentBatch,
): Promise<string[][]> {
  const applications = await paymentApplications(
    database.db,
    orgId,
    payments.map((payment) => payment.id),
  );
  const byPayment = new Map<string, typeof applications>();
  for (const application of applications) {
    const list = byPayment.get(application.source_id) ?? [];
    list.push(application);
    byPayment.set(application.source_id, list);
  }
  const rows: string[][] = [];
  for (const payment of payments) {
    const row = (amountMinor: bigint, invoiceNumber: string) => [
      payment.ref,
      payment.customer_ref,
      payment.received_on,
      payment.currency,
      formatAmount(amountMinor, payment.currency),
      invoiceNumber,
    ];
    let appliedMinor = 0n;
    for (const application of byPayment.get(payment.id) ?? []) {
      rows.push(row(application.amount_minor, application.invoice_number));
      appliedMinor += application.amount_minor;
    }
    // The remainder includes anything refunded: the format has no refunds, and the payment's
    // amount (the sum of its rows) must stay what was received.
    const unappliedMinor = payment.amount_minor - appliedMinor;
    if (unappliedMinor > 0n) rows.push(row(unappliedMinor, ''));
  }
  return rows;
}

/**
 * Writes every payment that was not reversed in the payments import format: one row per invoice
 * with what the payment applied to it (net of un-applications, without early-payment
 * discounts), then one row with an empty invoice number for what is left, so that the rows sum
 * to the payment's amount. Ordered by reference.
 */
export async function exportPayments(
  database: Database,
  actor: Actor,
  input: ExportInput,
  options: ExportOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? exportBatchRows;
  async function* batches() {
    let after: { ref: string; id: string } | null = null;
    for (;;) {
      const payments = await paymentsBatch(database.db, actor.orgId, after, batchSize);
      yield await rowsOf(database, actor.orgId, payments);
      if (payments.length < batchSize) return;
      const last = payments[payments.length - 1]!;
      after = { ref: last.ref, id: last.id };
    }
  }
  return writeCsv(input.output, paymentExportHeader, batches());
}
