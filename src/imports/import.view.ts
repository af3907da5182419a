import { Type } from '@sinclair/typebox';

export const importKinds = ['customers', 'invoices', 'credit-notes', 'payments'] as const;
export type ImportKind = (typeof importKinds)[number];

export const ImportResultSchema = Type.Object(
  {
    kind: Type.String({ enum: [...importKinds] }),
    file_name: Type.Union([Type.String(), Type.Null()]),
    customers: Type.Integer({ description: 'Customers imported' }),
    contacts: Type.Integer({ description: 'Contacts made from the customers’ e-mails' }),
    invoices: Type.Integer(),
    credit_notes: Type.Integer(),
    payments: Type.Integer(),
    applications: Type.Integer({
      description: 'Credit notes and payments applied to invoices, one per invoice and document',
    }),
    summary: Type.String({ description: 'What was imported, in a sentence' }),
  },
  { $id: 'ImportResult' },
);

export interface ImportCounts {
  readonly customers?: number;
  readonly contacts?: number;
  readonly invoices?: number;
  readonly creditNotes?: number;
  readonly payments?: number;
  readonly applications?: number;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The sentence the CLI prints for the same import, so that both say the same thing. */
function summaryOf(kind: ImportKind, counts: ImportCounts): string {
  switch (kind) {
    case 'customers':
      return `${count(counts.customers ?? 0, 'customer')} (${count(counts.contacts ?? 0, 'contact')})`;
    case 'invoices':
      return count(counts.invoices ?? 0, 'invoice');
    case 'credit-notes':
      return `${count(counts.creditNotes ?? 0, 'credit note')} (${counts.applications ?? 0} applied to invoices)`;
    case 'payments':
      return `${count(counts.payments ?? 0, 'payment')} (${count(counts.applications ?? 0, 'application')} to invoices)`;
  }
}

export function importResultView(kind: ImportKind, fileName: string | null, counts: ImportCounts) {
  return {
    kind,
    file_name: fileName,
    customers: counts.customers ?? 0,
    contacts: counts.contacts ?? 0,
    invoices: counts.invoices ?? 0,
    credit_notes: counts.creditNotes ?? 0,
    payments: counts.payments ?? 0,
    applications: counts.applications ?? 0,
    summary: `Imported ${summaryOf(kind, counts)}.`,
  };
}
