/** The files Settle imports, in the order a book is brought in, with the columns of each. */
export const importKinds = [
  {
    kind: 'customers',
    label: 'Customers',
    columns: 'ref, name, email, currency, terms',
    notes:
      'terms is optional (NET30, DUE_ON_RECEIPT, NET30_EOM, 2/10_NET30; default NET30); a customer with an e-mail gets an accounts-payable contact who receives reminders.',
  },
  {
    kind: 'invoices',
    label: 'Invoices',
    columns: 'number, customer_ref, issue_date, due_date, currency, total, description, po_number',
    notes:
      'due_date, description and po_number are optional (the due date follows the customer’s terms); invoices keep their numbers.',
  },
  {
    kind: 'credit-notes',
    label: 'Credit notes',
    columns: 'number, customer_ref, issue_date, currency, total, invoice_number',
    notes: 'An empty invoice_number leaves the credit unapplied.',
  },
  {
    kind: 'payments',
    label: 'Payments',
    columns: 'ref, customer_ref, received_date, currency, amount, invoice_number',
    notes:
      'One row per application; rows sharing a ref are one payment (the sum of their amounts); an empty invoice_number leaves that part as unapplied credit.',
  },
] as const;

export type ImportKind = (typeof importKinds)[number]['kind'];

/** One bad row of a refused file, as the API lists it in the error's details. */
export interface BadRow {
  readonly line: number;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The bad rows among an error's details; anything not shaped as one is left out. */
export function badRowsOf(details: readonly unknown[]): BadRow[] {
  return details.filter((detail): detail is BadRow => {
    const row = detail as Partial<BadRow> | null;
    return (
      typeof row?.line === 'number' &&
      typeof row.field === 'string' &&
      typeof row.code === 'string' &&
      typeof row.message === 'string'
    );
  });
}

/** "42 %" of an upload, whole percents, never 100 before the last byte. */
export function uploadPercent(sent: number, total: number): number {
  if (total <= 0) return 0;
  if (sent >= total) return 100;
  return Math.min(99, Math.floor((sent / total) * 100));
}
