import { Writable } from 'node:stream';
import type { CalendarDate } from '../core/calendar-date.js';
import { formatAmount } from '../core/money.js';
import { writeCsv } from '../exports/csv-output.js';
import { daysOverdue, type Debtor, type PlaceableInvoice } from './agency.js';

/**
 * The file handed to the agency with a placement: one CSV (RFC 4180, UTF-8, header row) that any
 * spreadsheet or import tool reads as one table. The first column, `record`, says what a row is:
 *
 * - `invoice`: one row per placed invoice, with the invoice columns filled in (amounts in major
 *   units of `currency`, `open` as it stands when the file is made, `days_overdue` counted to the
 *   file's date, 0 once the invoice is settled);
 * - `history`: one row per contact with the debtor, oldest first (e-mail sent, collection tasks
 *   completed with their outcome and notes, notes on the account), with the history columns filled
 *   in; at most `agencyHistoryRowsMax`, the latest.
 *
 * Every row repeats the placement and the debtor (reference, names, tax id, billing address, and
 * the contact reminders go to), so that a row read alone still says whose it is.
 */
export const agencyFileHeader = [
  'record',
  'placement_id',
  'agency',
  'channel',
  'placed_on',
  'debtor_ref',
  'debtor_name',
  'legal_name',
  'tax_id',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'region',
  'country',
  'contact_name',
  'contact_email',
  'contact_phone',
  'invoice_number',
  'issue_date',
  'due_date',
  'currency',
  'total',
  'open',
  'days_overdue',
  'history_date',
  'history_type',
  'history_summary',
] as const;

/** History rows in one file: the latest are kept, as the agency works from the recent past. */
export const agencyHistoryRowsMax = 1000;

export interface AgencyFile {
  /** The day the file is made: days overdue are counted to it. */
  readonly asOf: CalendarDate;
  readonly placement: {
    readonly id: string;
    readonly agency: string;
    readonly channel: string;
    readonly placedOn: CalendarDate;
  };
  readonly debtor: Debtor;
  readonly invoices: readonly PlaceableInvoice[];
  readonly history: readonly {
    readonly on: CalendarDate;
    readonly type: string;
    readonly summary: string;
  }[];
}

const invoiceBlank = ['', '', '', '', '', '', ''];
const historyBlank = ['', '', ''];

function commonCells(file: AgencyFile): string[] {
  const { placement, debtor } = file;
  const address = debtor.address ?? {};
  return [
    placement.id,
    placement.agency,
    placement.channel,
    placement.placedOn,
    debtor.ref,
    debtor.name,
    debtor.legalName ?? '',
    debtor.taxId ?? '',
    address.line1 ?? '',
    address.line2 ?? '',
    address.postalCode ?? '',
    address.city ?? '',
    address.region ?? '',
    address.country ?? '',
    debtor.contact?.name ?? '',
    debtor.contact?.email ?? '',
    debtor.contact?.phone ?? '',
  ];
}

/** The rows under the header: the invoices, then the history. */
export function agencyFileRows(file: AgencyFile): string[][] {
  const common = commonCells(file);
  const invoices = file.invoices.map((invoice) => [
    'invoice',
    ...common,
    invoice.number ?? '',
    invoice.issuedOn ?? '',
    invoice.dueOn ?? '',
    invoice.currency,
    formatAmount(invoice.totalMinor, invoice.currency),
    formatAmount(invoice.openMinor, invoice.currency),
    // A settled invoice is no longer overdue, however late it was paid.
    String(invoice.openMinor > 0n ? daysOverdue(invoice.dueOn, file.asOf) : 0),
    ...historyBlank,
  ]);
  const history = file.history.map((event) => [
    'history',
    ...common,
    ...invoiceBlank,
    event.on,
    event.type,
    event.summary,
  ]);
  return [...invoices, ...history];
}

/** Writes the file as CSV with the project's writer; returns the number of rows under the header. */
export async function writeAgencyFile(output: Writable, file: AgencyFile): Promise<number> {
  async function* batches() {
    yield agencyFileRows(file);
  }
  return writeCsv(output, agencyFileHeader, batches());
}

/** The whole file as text, for an HTTP response: one placement's file is small. */
export async function agencyFileCsv(file: AgencyFile): Promise<string> {
  const chunks: string[] = [];
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  await writeAgencyFile(output, file);
  return chunks.join('');
}

export function agencyFileName(file: AgencyFile): string {
  return `agency-${file.debtor.ref.replace(/[^A-Za-z0-9._-]/g, '_')}-${file.placement.placedOn}.csv`;
}
