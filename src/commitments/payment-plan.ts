import {
  addDays,
  addMonths,
  compareDates,
  parseCalendarDate,
  type CalendarDate,
} from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { allocateEvenly, formatAmount, parseAmount, sumMinor } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';

/**
 * Payment plans: the open balance of some invoices, negotiated into a schedule of installments
 * (optionally a down payment first). What has been paid is not booked against installments: it
 * is the ledger's applications to the covered invoices since the plan started, poured into the
 * installments in order. So a plan never disagrees with the ledger, whatever is reversed later.
 */
export type PlanStatus = 'active' | 'completed' | 'broken' | 'cancelled';
export const planStatuses: readonly PlanStatus[] = ['active', 'completed', 'broken', 'cancelled'];

/** Days after an installment's due date before it counts as missed and breaks the plan. */
export const planGraceDays = 3;
export const everyDaysMax = 366;

export interface Installment {
  readonly position: number;
  readonly dueOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly isDownPayment: boolean;
}

// ---------------------------------------------------------------------------------------------
// Schedules

export type Interval =
  { readonly kind: 'days'; readonly days: number } | { readonly kind: 'monthly' };

export interface EvenSchedule {
  readonly totalMinor: bigint;
  /** Zero for none; due on `startsOn`. */
  readonly downPaymentMinor: bigint;
  readonly startsOn: CalendarDate;
  readonly count: number;
  readonly firstDueOn: CalendarDate;
  readonly interval: Interval;
}

/** Each date counts from the first, not from the one before, so the 31st does not drift to the 28th. */
function installmentDate(first: CalendarDate, index: number, interval: Interval): CalendarDate {
  return interval.kind === 'monthly'
    ? addMonths(first, index)
    : addDays(first, index * interval.days);
}

function checkEvenSchedule(input: EvenSchedule): Result<bigint> {
  const downPayment = input.downPaymentMinor > 0n ? 1 : 0;
  if (
    !Number.isInteger(input.count) ||
    input.count < 1 ||
    input.count + downPayment > limits.planInstallmentsMax
  ) {
    return fail(
      'installment_count_invalid',
      `A plan has 1 to ${limits.planInstallmentsMax} installments, the down payment included.`,
      'installment_count',
    );
  }
  if (
    input.interval.kind === 'days' &&
    (!Number.isInteger(input.interval.days) ||
      input.interval.days < 1 ||
      input.interval.days > everyDaysMax)
  ) {
    return fail(
      'every_days_invalid',
      `Installments are 1 to ${everyDaysMax} days apart.`,
      'every_days',
    );
  }
  if (input.downPaymentMinor < 0n)
    return fail('amount_negative', 'The down payment must not be negative.', 'down_payment');
  if (input.downPaymentMinor >= input.totalMinor) {
    return fail(
      'down_payment_too_large',
      'The down payment must leave something for the installments.',
      'down_payment',
    );
  }
  const rest = input.totalMinor - input.downPaymentMinor;
  if (rest < BigInt(input.count)) {
    return fail(
      'installment_count_invalid',
      `${input.count} installments of ${rest} minor units would leave some at zero.`,
      'installment_count',
    );
  }
  const earliest = downPayment ? addDays(input.startsOn, 1) : input.startsOn;
  if (compareDates(input.firstDueOn, earliest) < 0) {
    return fail(
      'first_due_on_too_early',
      `The first installment falls due on or after ${earliest}.`,
      'first_due_on',
    );
  }
  return ok(rest);
}

/**
 * An even schedule: the down payment on the start day, then `count` installments from
 * firstDueOn at the interval, splitting the rest with allocateEvenly so that the parts differ
 * by at most one minor unit, the earlier ones larger, and sum exactly to the rest.
 */
export function evenSchedule(input: EvenSchedule): Result<Installment[]> {
  const checked = checkEvenSchedule(input);
  if (!checked.ok) return checked;
  const parts = allocateEvenly(checked.value, input.count);
  const down: Installment[] =
    input.downPaymentMinor > 0n
      ? [
          {
            position: 1,
            dueOn: input.startsOn,
            amountMinor: input.downPaymentMinor,
            isDownPayment: true,
          },
        ]
      : [];
  const rest = parts.map((amountMinor, index) => ({
    position: down.length + index + 1,
    dueOn: installmentDate(input.firstDueOn, index, input.interval),
    amountMinor,
    isDownPayment: false,
  }));
  return ok([...down, ...rest]);
}

export interface InstallmentInput {
  readonly dueOn: string;
  readonly amount: string;
  readonly downPayment?: boolean | undefined;
}

function parseInstallment(
  item: InstallmentInput,
  index: number,
  currency: string,
  earliest: CalendarDate,
): Result<Installment> {
  const field = `installments[${index}]`;
  const dueOn = parseCalendarDate(item.dueOn, `${field}.due_on`);
  if (!dueOn.ok) return dueOn;
  if (compareDates(dueOn.value, earliest) < 0) {
    return fail(
      index === 0 ? 'first_due_on_too_early' : 'installment_dates_out_of_order',
      `Installment ${index + 1} falls due on or after ${earliest}.`,
      `${field}.due_on`,
    );
  }
  const amount = parseAmount(item.amount, currency, `${field}.amount`);
  if (!amount.ok) return amount;
  if (amount.value <= 0n)
    return fail('amount_not_positive', 'An installment is for more than zero.', `${field}.amount`);
  if (item.downPayment && index > 0)
    return fail(
      'down_payment_not_first',
      'Only the first installment can be the down payment.',
      `${field}.down_payment`,
    );
  return ok({
    position: index + 1,
    dueOn: dueOn.value,
    amountMinor: amount.value,
    isDownPayment: item.downPayment === true,
  });
}

/**
 * A schedule given item by item: dates strictly in order from the start day, amounts positive,
 * and summing exactly to the total; one that does not sum is refused, never adjusted.
 */
export function explicitSchedule(
  items: readonly InstallmentInput[],
  currency: string,
  totalMinor: bigint,
  startsOn: CalendarDate,
): Result<Installment[]> {
  if (items.length < 1 || items.length > limits.planInstallmentsMax) {
    return fail(
      'installment_count_invalid',
      `A plan has 1 to ${limits.planInstallmentsMax} installments, the down payment included.`,
      'installments',
    );
  }
  const installments: Installment[] = [];
  for (const [index, item] of items.entries()) {
    const earliest = index === 0 ? startsOn : addDays(installments[index - 1]!.dueOn, 1);
    const parsed = parseInstallment(item, index, currency, earliest);
    if (!parsed.ok) return parsed;
    installments.push(parsed.value);
  }
  const sum = sumMinor(installments.map((installment) => installment.amountMinor));
  if (sum !== totalMinor) {
    return fail(
      'installments_sum_mismatch',
      `The installments sum to ${formatAmount(sum, currency)}; the plan covers ${formatAmount(totalMinor, currency)} ${currency}.`,
      'installments',
    );
  }
  return ok(installments);
}

/** The schedule as the API and the CLI give it: a list, or an even split. */
export interface ScheduleInput {
  readonly installments?: readonly InstallmentInput[] | undefined;
  readonly installmentCount?: number | undefined;
  readonly firstDueOn?: string | undefined;
  readonly everyDays?: number | undefined;
  readonly monthly?: boolean | undefined;
  readonly downPayment?: string | undefined;
}

function parseEvenInput(
  input: ScheduleInput,
  currency: string,
  totalMinor: bigint,
  startsOn: CalendarDate,
): Result<EvenSchedule> {
  if (input.firstDueOn === undefined)
    return fail(
      'first_due_on_required',
      'Give the first due date of an even schedule.',
      'first_due_on',
    );
  const firstDueOn = parseCalendarDate(input.firstDueOn, 'first_due_on');
  if (!firstDueOn.ok) return firstDueOn;
  if (input.everyDays !== undefined && input.monthly)
    return fail('interval_conflict', 'Give every_days or monthly, not both.', 'every_days');
  const downPayment =
    input.downPayment === undefined
      ? ok(0n)
      : parseAmount(input.downPayment, currency, 'down_payment');
  if (!downPayment.ok) return downPayment;
  if (input.downPayment !== undefined && downPayment.value === 0n)
    return fail('amount_not_positive', 'A down payment is for more than zero.', 'down_payment');
  const interval: Interval =
    input.everyDays === undefined ? { kind: 'monthly' } : { kind: 'days', days: input.everyDays };
  return ok({
    totalMinor,
    downPaymentMinor: downPayment.value,
    startsOn,
    count: input.installmentCount!,
    firstDueOn: firstDueOn.value,
    interval,
  });
}

/** Either form, checked; giving both, or neither, is refused naming the field. */
export function parseSchedule(
  input: ScheduleInput,
  currency: string,
  totalMinor: bigint,
  startsOn: CalendarDate,
): Result<Installment[]> {
  const explicit = input.installments !== undefined;
  const even = input.installmentCount !== undefined;
  if (explicit && even)
    return fail(
      'schedule_conflict',
      'Give the installments, or a count to split evenly, not both.',
      'installments',
    );
  if (explicit) {
    const stray =
      input.firstDueOn !== undefined ||
      input.everyDays !== undefined ||
      input.monthly !== undefined ||
      input.downPayment !== undefined;
    if (stray)
      return fail(
        'schedule_conflict',
        'An explicit list carries its own dates and down payment.',
        'installments',
      );
    return explicitSchedule(input.installments!, currency, totalMinor, startsOn);
  }
  if (!even)
    return fail(
      'installments_required',
      'Give the installments, or a count to split evenly.',
      'installment_count',
    );
  const parsed = parseEvenInput(input, currency, totalMinor, startsOn);
  return parsed.ok ? evenSchedule(parsed.value) : parsed;
}

// ---------------------------------------------------------------------------------------------
// Progress

export type InstallmentState = 'paid' | 'missed' | 'due' | 'upcoming';

export interface InstallmentProgress extends Installment {
  readonly paidMinor: bigint;
  /** What is still to pay on it. */
  readonly remainingMinor: bigint;
  readonly state: InstallmentState;
}

/** The last day of an installment's grace: after it, an unpaid installment is missed. */
export function installmentGraceEnd(dueOn: CalendarDate): CalendarDate {
  return addDays(dueOn, planGraceDays);
}

function stateOf(
  installment: Installment,
  remainingMinor: bigint,
  today: CalendarDate,
): InstallmentState {
  if (remainingMinor === 0n) return 'paid';
  if (compareDates(today, installmentGraceEnd(installment.dueOn)) > 0) return 'missed';
  return compareDates(today, installment.dueOn) >= 0 ? 'due' : 'upcoming';
}

/**
 * Pours what was paid into the installments in order: each is filled before the next gets
 * anything, and anything beyond the total stays outside (the plan is then complete).
 */
export function installmentProgress(
  installments: readonly Installment[],
  paidMinor: bigint,
  today: CalendarDate,
): InstallmentProgress[] {
  let left = paidMinor > 0n ? paidMinor : 0n;
  return installments.map((installment) => {
    const paid = left < installment.amountMinor ? left : installment.amountMinor;
    left -= paid;
    const remainingMinor = installment.amountMinor - paid;
    return {
      ...installment,
      paidMinor: paid,
      remainingMinor,
      state: stateOf(installment, remainingMinor, today),
    };
  });
}

export type PlanDecision =
  | { readonly status: 'completed' }
  | { readonly status: 'broken'; readonly missed: InstallmentProgress }
  | { readonly status: 'active' };

/** Completed once everything is paid; broken once an installment is missed; active otherwise. */
export function decidePlan(
  installments: readonly Installment[],
  paidMinor: bigint,
  today: CalendarDate,
): PlanDecision {
  const progress = installmentProgress(installments, paidMinor, today);
  if (progress.every((installment) => installment.state === 'paid')) return { status: 'completed' };
  const missed = progress.find((installment) => installment.state === 'missed');
  return missed ? { status: 'broken', missed } : { status: 'active' };
}
