import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { fail, ok, type Result } from '../core/result.js';
import {
  priceLines,
  totalsOf,
  type DocumentLine,
  type DocumentTotals,
  type LineInput,
} from '../ledger/document-math.js';
import { parsePaymentTerms, scheduleFor, type PaymentTerms } from '../customers/payment-terms.js';

/** What a draft invoice says, as given: the lines are priced here, the number comes at issue. */
export interface DraftInput {
  readonly lines: readonly LineInput[];
  readonly issuedOn?: string | null | undefined;
  readonly dueOn?: string | null | undefined;
  readonly terms?: string | null | undefined;
  readonly poNumber?: string | null | undefined;
  readonly memo?: string | null | undefined;
}

export interface Draft {
  readonly lines: DocumentLine[];
  readonly totals: DocumentTotals;
  readonly issuedOn: CalendarDate | null;
  readonly dueOn: CalendarDate | null;
  readonly terms: PaymentTerms;
  readonly poNumber: string | null;
  readonly memo: string | null;
}

function optionalDate(
  value: string | null | undefined,
  field: string,
): Result<CalendarDate | null> {
  if (value === undefined || value === null || value === '') return ok(null);
  return parseCalendarDate(value, field);
}

function optionalText(
  value: string | null | undefined,
  field: string,
  max: number,
): Result<string | null> {
  if (value === undefined || value === null || value.trim() === '') return ok(null);
  if (value.length > max) return fail('text_too_long', `At most ${max} characters.`, field);
  return ok(value.trim());
}

export function parseDraft(
  input: DraftInput,
  currency: string,
  customerTerms: string,
): Result<Draft> {
  const lines = priceLines(input.lines, currency);
  if (!lines.ok) return lines;
  const issuedOn = optionalDate(input.issuedOn, 'issued_on');
  if (!issuedOn.ok) return issuedOn;
  const dueOn = optionalDate(input.dueOn, 'due_on');
  if (!dueOn.ok) return dueOn;
  const terms = parsePaymentTerms(input.terms ?? customerTerms, 'terms');
  if (!terms.ok) return terms;
  if (issuedOn.value && dueOn.value && dueOn.value < issuedOn.value) {
    return fail('due_before_issue', 'The due date cannot be before the issue date.', 'due_on');
  }
  const poNumber = optionalText(input.poNumber, 'po_number', 100);
  if (!poNumber.ok) return poNumber;
  const memo = optionalText(input.memo, 'memo', limits.textLengthMax);
  if (!memo.ok) return memo;
  return ok({
    lines: lines.value,
    totals: totalsOf(lines.value),
    issuedOn: issuedOn.value,
    dueOn: dueOn.value,
    terms: terms.value,
    poNumber: poNumber.value,
    memo: memo.value,
  });
}

export interface IssueSchedule {
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly discountOn: CalendarDate | null;
  readonly discountMinor: bigint;
}

/**
 * The dates an invoice is issued with: the due date given on the draft wins, otherwise the
 * terms decide it. The early-payment discount always comes from the terms.
 */
export function issueSchedule(
  terms: PaymentTerms,
  issuedOn: CalendarDate,
  explicitDueOn: CalendarDate | null,
  totalMinor: bigint,
): Result<IssueSchedule> {
  const schedule = scheduleFor(terms, issuedOn, totalMinor);
  const dueOn = explicitDueOn ?? schedule.dueOn;
  if (dueOn < issuedOn)
    return fail('due_before_issue', 'The due date cannot be before the issue date.', 'due_on');
  return ok({
    issuedOn,
    dueOn,
    discountOn: schedule.discountOn,
    discountMinor: schedule.discountMinor,
  });
}
