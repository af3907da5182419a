import { addDays, compareDates, daysBetween, type CalendarDate } from '../core/calendar-date.js';
import { currencyExponent } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';
import type { LateChargeRule } from './late-charges.js';

/**
 * A collection policy: an ordered list of steps, each at an offset in days from an invoice's due
 * date (negative before it), with an action and conditions. The collections run asks, for every
 * unpaid invoice, which step is due today; this module answers without I/O, given what has already
 * been done.
 */
export type StepAction =
  | { readonly type: 'email'; readonly template: string }
  | { readonly type: 'statement' }
  | { readonly type: 'task'; readonly kind: 'call' | 'review' | 'email' | 'escalate' }
  | { readonly type: 'letter'; readonly template: string }
  | { readonly type: 'late_fee'; readonly charge: PolicyCharge }
  | { readonly type: 'credit_hold' }
  | { readonly type: 'handover'; readonly to: 'agency' | 'legal' };

/**
 * A late charge as a policy states it. A policy serves invoices in every currency, so a fixed fee
 * is an amount in major units of the invoice's own currency (scaled by 10^4), made minor units
 * when it is charged; the other rules are rates.
 */
export type PolicyCharge =
  | { readonly kind: 'fixed'; readonly amountScaled: bigint }
  | Exclude<LateChargeRule, { readonly kind: 'fixed' }>;

/** Scale of amounts written in policies: major units with up to four decimals. */
export const policyAmountScale = 4;

/** An amount of a policy in minor units of a currency, rounded half up. */
export function policyAmountMinor(amountScaled: bigint, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const shift = policyAmountScale - exponent;
  if (shift <= 0) return amountScaled * 10n ** BigInt(-shift);
  const divisor = 10n ** BigInt(shift);
  return (amountScaled + divisor / 2n) / divisor;
}

/** The charge for one invoice's currency. */
export function lateChargeRuleFor(charge: PolicyCharge, currency: string): LateChargeRule {
  return charge.kind === 'fixed'
    ? { kind: 'fixed', amountMinor: policyAmountMinor(charge.amountScaled, currency) }
    : charge;
}

export interface StepConditions {
  /** Only when the invoice's overdue balance is at least this, in major units of its currency scaled by 10^4. */
  readonly overdueAtLeastScaled?: bigint | undefined;
  /** Only for customers with one of these tags. */
  readonly tagsAny?: readonly string[] | undefined;
  /** Only when the customer has no promise to pay that is still active. */
  readonly noActivePromise?: boolean | undefined;
}

export interface PolicyStep {
  /** Stable within the policy: what has been done is recorded against it. */
  readonly key: string;
  readonly offsetDays: number;
  readonly action: StepAction;
  readonly conditions?: StepConditions | undefined;
}

export interface Policy {
  readonly name: string;
  readonly steps: readonly PolicyStep[];
}

export const offsetDaysMin = -60;
export const offsetDaysMax = 730;
export const policyStepsMax = 30;

/** Steps in order of offset; keys unique; offsets within bounds. */
export function parsePolicy(name: string, steps: readonly PolicyStep[]): Result<Policy> {
  if (!name.trim()) return fail('policy_name_required', 'The policy needs a name.', 'name');
  if (steps.length === 0 || steps.length > policyStepsMax) {
    return fail('policy_steps_invalid', `A policy has 1 to ${policyStepsMax} steps.`, 'steps');
  }
  const keys = new Set<string>();
  for (const [index, step] of steps.entries()) {
    if (!/^[a-z0-9_-]{1,40}$/.test(step.key)) {
      return fail(
        'policy_step_key_invalid',
        'A step key is 1 to 40 lower-case letters, digits, _ or -.',
        `steps[${index}].key`,
      );
    }
    if (keys.has(step.key))
      return fail(
        'policy_step_key_taken',
        `Two steps have the key "${step.key}".`,
        `steps[${index}].key`,
      );
    keys.add(step.key);
    if (
      !Number.isInteger(step.offsetDays) ||
      step.offsetDays < offsetDaysMin ||
      step.offsetDays > offsetDaysMax
    ) {
      return fail(
        'policy_step_offset_invalid',
        `An offset is a whole number of days from ${offsetDaysMin} to ${offsetDaysMax}.`,
        `steps[${index}].offset_days`,
      );
    }
    const minimum = step.conditions?.overdueAtLeastScaled;
    if (minimum !== undefined && minimum < 0n) {
      return fail(
        'policy_step_condition_invalid',
        'A minimum overdue amount is not negative.',
        `steps[${index}].conditions.overdue_at_least`,
      );
    }
  }
  const ordered = [...steps].sort((a, b) => a.offsetDays - b.offsetDays);
  return ok({ name: name.trim(), steps: ordered });
}

/** The day a step falls due for an invoice. */
export function stepDate(dueOn: CalendarDate, step: PolicyStep): CalendarDate {
  return addDays(dueOn, step.offsetDays);
}

export interface InvoiceFollowUp {
  readonly dueOn: CalendarDate;
  readonly currency: string;
  /** The invoice's open balance today. */
  readonly openMinor: bigint;
  readonly customerTags: readonly string[];
  readonly customerHasActivePromise: boolean;
  /** Keys of the steps already done (or skipped) for this invoice. */
  readonly doneStepKeys: ReadonlySet<string>;
}

export type StepDecision =
  | { readonly kind: 'fire'; readonly step: PolicyStep; readonly skipped: readonly PolicyStep[] }
  | { readonly kind: 'nothing' };

function conditionsHold(step: PolicyStep, invoice: InvoiceFollowUp, today: CalendarDate): boolean {
  const conditions = step.conditions;
  if (!conditions) return true;
  const overdueMinor = compareDates(invoice.dueOn, today) < 0 ? invoice.openMinor : 0n;
  const minimum = conditions.overdueAtLeastScaled;
  if (minimum !== undefined && overdueMinor < policyAmountMinor(minimum, invoice.currency))
    return false;
  if (
    conditions.tagsAny &&
    conditions.tagsAny.length > 0 &&
    !conditions.tagsAny.some((tag) => invoice.customerTags.includes(tag))
  )
    return false;
  if (conditions.noActivePromise && invoice.customerHasActivePromise) return false;
  return true;
}

/**
 * The step to take for an invoice today: the latest step whose day has come and that has not been
 * done. Earlier steps not done by then are skipped, never sent late in a burst: a server down for
 * three days sends the one reminder that is due now, not three. A step whose conditions do not
 * hold today is passed over (a later run may take it while it is still the latest). Nothing is
 * done for an invoice with nothing open.
 */
export function decideStep(
  policy: Policy,
  invoice: InvoiceFollowUp,
  today: CalendarDate,
): StepDecision {
  if (invoice.openMinor <= 0n) return { kind: 'nothing' };
  // A step's day has come when it is no later than the days since the due date: one date
  // subtraction per invoice rather than a date per step (the run decides 100,000 invoices).
  const daysSinceDue = daysBetween(invoice.dueOn, today);
  const reached = policy.steps.filter((step) => step.offsetDays <= daysSinceDue);
  const pending = reached.filter((step) => !invoice.doneStepKeys.has(step.key));
  for (let index = pending.length - 1; index >= 0; index--) {
    const step = pending[index]!;
    // A step after this one was done already: this one's moment has passed for good.
    const laterDone = reached.some(
      (other) => other.offsetDays > step.offsetDays && invoice.doneStepKeys.has(other.key),
    );
    if (laterDone) break;
    if (conditionsHold(step, invoice, today))
      return { kind: 'fire', step, skipped: pending.slice(0, index) };
  }
  return { kind: 'nothing' };
}

/** The policy Settle ships: a friendly note before due, firmer ones after, then a call and a hold. */
export const standardPolicy: Policy = {
  name: 'Standard',
  steps: [
    { key: 'before-due', offsetDays: -3, action: { type: 'email', template: 'reminder_upcoming' } },
    { key: 'due', offsetDays: 0, action: { type: 'email', template: 'reminder_due' } },
    { key: 'overdue-7', offsetDays: 7, action: { type: 'email', template: 'reminder_overdue' } },
    { key: 'overdue-14', offsetDays: 14, action: { type: 'statement' } },
    {
      key: 'call-21',
      offsetDays: 21,
      action: { type: 'task', kind: 'call' },
      conditions: { noActivePromise: true },
    },
    { key: 'final-30', offsetDays: 30, action: { type: 'email', template: 'reminder_final' } },
    { key: 'hold-45', offsetDays: 45, action: { type: 'credit_hold' } },
    { key: 'review-60', offsetDays: 60, action: { type: 'task', kind: 'review' } },
  ],
};

/** For key accounts: reminders only, a person decides the rest. */
export const gentlePolicy: Policy = {
  name: 'Gentle',
  steps: [
    { key: 'due', offsetDays: 0, action: { type: 'email', template: 'reminder_due' } },
    { key: 'overdue-14', offsetDays: 14, action: { type: 'email', template: 'reminder_overdue' } },
    { key: 'call-30', offsetDays: 30, action: { type: 'task', kind: 'call' } },
  ],
};

/** For habitual late payers: earlier steps, a late fee, a letter, then the agency. */
export const firmPolicy: Policy = {
  name: 'Firm',
  steps: [
    { key: 'before-due', offsetDays: -5, action: { type: 'email', template: 'reminder_upcoming' } },
    { key: 'due', offsetDays: 0, action: { type: 'email', template: 'reminder_due' } },
    { key: 'overdue-3', offsetDays: 3, action: { type: 'email', template: 'reminder_overdue' } },
    {
      key: 'call-10',
      offsetDays: 10,
      action: { type: 'task', kind: 'call' },
      conditions: { noActivePromise: true },
    },
    // 1.5 % a month, charged from the day after the due date.
    {
      key: 'fee-15',
      offsetDays: 15,
      action: {
        type: 'late_fee',
        charge: { kind: 'monthly_interest', percentPerMonthScaled: 15_000n },
      },
    },
    { key: 'letter-21', offsetDays: 21, action: { type: 'letter', template: 'dunning_letter' } },
    { key: 'hold-30', offsetDays: 30, action: { type: 'credit_hold' } },
    { key: 'agency-60', offsetDays: 60, action: { type: 'handover', to: 'agency' } },
  ],
};
