import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import { Amount, CalendarDateSchema, Currency, Id, ref } from '../platform/http/schemas.js';
import type { BankMatchRow, ListedBankLine } from './bank-lines.sql.js';
import type { BankAccountRow } from './bank.sql.js';
import type { Labels } from './bank-line.view.js';
import type { BankLine } from './formats/bank-statement.js';

/** The API's shapes of bank accounts, lines and matches (the review queue and its decisions). */

export const lineStates = ['unmatched', 'review', 'applied', 'ignored'] as const;

export const EvidenceSchema = Type.Object(
  {
    kind: Type.String({
      description:
        'creditor_reference, invoice_number, customer_ref, payer_account, payer_name, amount, returned_payment, original_reference, or person',
    }),
    detail: Type.String(),
    weight: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { $id: 'BankMatchEvidence' },
);

export const BankAllocationSchema = Type.Object(
  {
    invoice_id: ref(Id),
    invoice_number: Type.Union([Type.String(), Type.Null()]),
    amount: ref(Amount),
    take_discount: Type.Boolean(),
  },
  { $id: 'BankAllocation' },
);

export const BankMatchSchema = Type.Object(
  {
    id: ref(Id),
    rank: Type.Integer(),
    state: Type.String({ enum: ['proposed', 'applied', 'undone'] }),
    customer_id: ref(Id),
    customer_ref: Type.Union([Type.String(), Type.Null()]),
    customer_name: Type.Union([Type.String(), Type.Null()]),
    allocations: Type.Array(ref(BankAllocationSchema)),
    unapplied: ref(Amount),
    confidence: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'How often a proposal like this one is right, as measured',
    }),
    basis: Type.String({
      enum: ['reference', 'payer', 'weak', 'person'],
      description: 'What the proposal rests on',
    }),
    flags: Type.Array(Type.String()),
    evidence: Type.Array(ref(EvidenceSchema)),
    engine_version: Type.String(),
    applied_by: Type.Union([Type.String(), Type.Null()], {
      description: '"bank matcher" when the matcher applied it, else the person who did',
    }),
    payment_id: Type.Union([ref(Id), Type.Null()], {
      description:
        'The payment posted when applied; on a proposal flagged reverse_payment, the payment it would reverse',
    }),
    created_at: Type.String({ format: 'date-time' }),
    undone_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    undone_by: Type.Union([Type.String(), Type.Null()]),
    undo_reason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'BankMatch' },
);

export const BankLineSchema = Type.Object(
  {
    id: ref(Id),
    bank_account_id: ref(Id),
    account_name: Type.String(),
    file_id: ref(Id),
    file_name: Type.Union([Type.String(), Type.Null()]),
    file_format: Type.String(),
    position: Type.Integer(),
    booking_date: Type.Union([ref(CalendarDateSchema), Type.Null()]),
    value_date: Type.Union([ref(CalendarDateSchema), Type.Null()]),
    amount: ref(Amount),
    currency: ref(Currency),
    direction: Type.String({ enum: ['credit', 'debit'] }),
    status: Type.String({ enum: ['booked', 'pending', 'info'] }),
    reversal: Type.Boolean(),
    payer_name: Type.Union([Type.String(), Type.Null()]),
    payer_account: Type.Union([Type.String(), Type.Null()]),
    payer_bic: Type.Union([Type.String(), Type.Null()]),
    ref: Type.String({
      description: 'The bank’s reference for the line (the payment’s reference)',
    }),
    references: Type.Record(Type.String(), Type.String()),
    creditor_references: Type.Array(
      Type.Object({
        type: Type.Union([Type.String(), Type.Null()]),
        reference: Type.String(),
      }),
    ),
    remittance_text: Type.Array(Type.String()),
    transaction_code: Type.Union([Type.String(), Type.Null()]),
    additional_info: Type.Union([Type.String(), Type.Null()]),
    state: Type.String({ enum: [...lineStates] }),
    payment_id: Type.Union([ref(Id), Type.Null()]),
    aside_reason: Type.Union([Type.String(), Type.Null()], {
      description: 'Why a person set the line aside',
    }),
    imported_at: Type.String({ format: 'date-time' }),
    matches: Type.Array(ref(BankMatchSchema), {
      description:
        'The applied match, then the proposals best first; on one line’s page also the undone ones',
    }),
  },
  { $id: 'BankLine' },
);

export const BankAccountSchema = Type.Object(
  {
    id: ref(Id),
    name: Type.String(),
    iban: Type.Union([Type.String(), Type.Null()]),
    account_number: Type.Union([Type.String(), Type.Null()]),
    bic: Type.Union([Type.String(), Type.Null()]),
    currency: Type.Union([ref(Currency), Type.Null()]),
    csv_mapping: Type.Union([
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'How this bank’s CSV export is laid out (see the README)',
      }),
      Type.Null(),
    ]),
  },
  { $id: 'BankAccount' },
);

/** The customers and invoices the matches name, to be labelled for a person. */
export function labelIdsOf(matches: readonly BankMatchRow[]) {
  return {
    customerIds: matches.map((match) => match.customer_id),
    invoiceIds: matches.flatMap((match) =>
      (match.allocations as StoredAllocation[]).map((allocation) => allocation.invoice_id),
    ),
  };
}

interface StoredAllocation {
  invoice_id: string;
  amount_minor: string;
  take_discount: boolean;
}

export function bankMatchView(match: BankMatchRow, currency: string, labels: Labels) {
  const customer = labels.customers.get(match.customer_id);
  return {
    id: match.id,
    rank: match.rank,
    state: match.state,
    customer_id: match.customer_id,
    customer_ref: customer?.ref ?? null,
    customer_name: customer?.name ?? null,
    allocations: (match.allocations as StoredAllocation[]).map((allocation) => ({
      invoice_id: allocation.invoice_id,
      invoice_number: labels.invoices.get(allocation.invoice_id) ?? null,
      amount: formatAmount(BigInt(allocation.amount_minor), currency),
      take_discount: allocation.take_discount,
    })),
    unapplied: formatAmount(match.unapplied_minor, currency),
    confidence: Number(match.confidence),
    basis: match.basis,
    flags: match.flags as string[],
    evidence: match.evidence as { kind: string; detail: string; weight: number }[],
    engine_version: match.engine_version,
    applied_by: match.applied_by,
    payment_id: match.payment_id,
    created_at: match.created_at.toISOString(),
    undone_at: match.undone_at?.toISOString() ?? null,
    undone_by: match.undone_by,
    undo_reason: match.undo_reason,
  };
}

export function bankLineView(
  line: ListedBankLine,
  matches: readonly BankMatchRow[],
  labels: Labels,
) {
  const remittance = line.remittance as BankLine['remittance'];
  return {
    id: line.id,
    bank_account_id: line.bank_account_id,
    account_name: line.account_name,
    file_id: line.file_id,
    file_name: line.file_name,
    file_format: line.file_format,
    position: line.position,
    booking_date: line.booking_date,
    value_date: line.value_date,
    amount: formatAmount(line.amount_minor, line.currency),
    currency: line.currency,
    direction: line.direction,
    status: line.status,
    reversal: line.reversal,
    payer_name: line.payer_name,
    payer_account: line.payer_account,
    payer_bic: line.payer_bic,
    ref: line.ref,
    references: line.refs as Record<string, string>,
    creditor_references: remittance.structured.map((item) => ({
      type: item.type,
      reference: item.reference,
    })),
    remittance_text: [...remittance.unstructured],
    transaction_code: line.transaction_code,
    additional_info: line.additional_info,
    state: line.state,
    payment_id: line.payment_id,
    aside_reason: line.aside_reason,
    imported_at: line.created_at.toISOString(),
    matches: matches
      .filter((match) => match.bank_line_id === line.id)
      .map((match) => bankMatchView(match, line.currency, labels)),
  };
}

export function bankAccountView(account: BankAccountRow) {
  return {
    id: account.id,
    name: account.name,
    iban: account.iban,
    account_number: account.account_number,
    bic: account.bic,
    currency: account.currency,
    csv_mapping: (account.csv_mapping as Record<string, unknown> | null) ?? null,
  };
}

export const BankProposalSchema = Type.Object(
  {
    customer_id: ref(Id),
    customer_ref: Type.Union([Type.String(), Type.Null()]),
    customer_name: Type.Union([Type.String(), Type.Null()]),
    allocations: Type.Array(ref(BankAllocationSchema)),
    unapplied: ref(Amount),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    basis: Type.String(),
    flags: Type.Array(Type.String()),
    evidence: Type.Array(ref(EvidenceSchema)),
  },
  { $id: 'BankProposal' },
);

export const BankLineOutcomeSchema = Type.Object(
  {
    id: ref(Id),
    position: Type.Integer(),
    ref: Type.String(),
    booking_date: Type.Union([ref(CalendarDateSchema), Type.Null()]),
    value_date: Type.Union([ref(CalendarDateSchema), Type.Null()]),
    amount: ref(Amount),
    currency: ref(Currency),
    direction: Type.String({ enum: ['credit', 'debit'] }),
    status: Type.String(),
    payer_name: Type.Union([Type.String(), Type.Null()]),
    payer_account: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String({
      enum: ['applied', 'review', 'ignored', 'duplicate'],
      description:
        'applied: a payment was posted; review: a person decides; ignored: money out, pending or informational; duplicate: an earlier file brought it',
    }),
    reason: Type.String(),
    payment_id: Type.Union([ref(Id), Type.Null()]),
    proposals: Type.Array(ref(BankProposalSchema)),
  },
  { $id: 'BankLineOutcome' },
);

export const BankImportResultSchema = Type.Object(
  {
    file: Type.Object({
      id: ref(Id),
      name: Type.Union([Type.String(), Type.Null()]),
      format: Type.String(),
      version: Type.Union([Type.String(), Type.Null()]),
      sha256: Type.String(),
      statements: Type.Integer(),
      lines: Type.Integer(),
      lines_added: Type.Integer(),
      warnings: Type.Array(Type.String(), {
        description: 'e.g. a statement whose lines do not add up to its closing balance',
      }),
    }),
    already_imported: Type.Boolean(),
    dry_run: Type.Boolean(),
    counts: Type.Object({
      applied: Type.Integer(),
      review: Type.Integer(),
      ignored: Type.Integer(),
      duplicate: Type.Integer(),
    }),
    lines: Type.Array(ref(BankLineOutcomeSchema)),
  },
  { $id: 'BankImportResult' },
);

export const bankQueueSchemas = [
  EvidenceSchema,
  BankAllocationSchema,
  BankMatchSchema,
  BankLineSchema,
  BankAccountSchema,
  BankProposalSchema,
  BankLineOutcomeSchema,
  BankImportResultSchema,
];
