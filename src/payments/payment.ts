import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { parseAmount, parseCurrency } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';

export const paymentMethods = [
  'bank_transfer',
  'card',
  'cheque',
  'cash',
  'direct_debit',
  'other',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export interface PaymentInput {
  readonly customerId: string;
  readonly receivedOn?: string | undefined;
  readonly amount: string;
  readonly currency?: string | undefined;
  readonly method?: string | undefined;
  readonly reference?: string | null | undefined;
  readonly payer?: string | null | undefined;
  readonly memo?: string | null | undefined;
}

export interface PaymentFields {
  readonly receivedOn: CalendarDate | null;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly method: PaymentMethod;
  readonly reference: string | null;
  readonly payer: string | null;
  readonly memo: string | null;
}

function text(value: string | null | undefined, field: string, max: number): Result<string | null> {
  if (value === undefined || value === null || value.trim() === '') return ok(null);
  if (value.length > max) return fail('text_too_long', `At most ${max} characters.`, field);
  return ok(value.trim());
}

export function parsePaymentInput(
  input: PaymentInput,
  customerCurrency: string,
): Result<PaymentFields> {
  const currency = parseCurrency(input.currency ?? customerCurrency);
  if (!currency.ok) return currency;
  const amount = parseAmount(input.amount, currency.value);
  if (!amount.ok) return amount;
  if (amount.value === 0n)
    return fail('amount_not_positive', 'A payment is more than zero.', 'amount');
  if (amount.value > limits.amountMinorMax)
    return fail('amount_too_large', 'The amount is too large.', 'amount');
  let receivedOn: CalendarDate | null = null;
  if (input.receivedOn) {
    const parsed = parseCalendarDate(input.receivedOn, 'received_on');
    if (!parsed.ok) return parsed;
    receivedOn = parsed.value;
  }
  const method = (input.method ?? 'bank_transfer') as PaymentMethod;
  if (!paymentMethods.includes(method)) {
    return fail(
      'payment_method_invalid',
      `"${input.method}" is not one of ${paymentMethods.join(', ')}.`,
      'method',
    );
  }
  const reference = text(input.reference, 'reference', 200);
  if (!reference.ok) return reference;
  const payer = text(input.payer, 'payer', 200);
  if (!payer.ok) return payer;
  const memo = text(input.memo, 'memo', limits.textLengthMax);
  if (!memo.ok) return memo;
  return ok({
    receivedOn,
    amountMinor: amount.value,
    currency: currency.value,
    method,
    reference: reference.value,
    payer: payer.value,
    memo: memo.value,
  });
}
