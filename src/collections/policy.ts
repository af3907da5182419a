import { addDays, compareDates, type CalendarDate } from '../core/calendar-date.js';
import { fail, ok, type Result } from '../core/result.js';

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
  | { readonly type: 'late_fee' }
  | { readonly type: 'credit_hold' }
  | { readonly type: 'handover'; readonly to: 'agency' | 'legal' };

export interface StepConditions {
  /** Only when the invoice's overdue balance is at least this (minor units of its currency). */
  readonly overdueMinorAtLeast?: bigint | undefined;
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
      return fail('policy_step_key_invalid', 'A step key is 1 to 40 lower-case letters, digits, _ or -.', `steps[${index}].key`);
    }
    if (keys.has(step.key)) return fail('policy_step_key_taken', `Two steps have the key "${step.key}".`, `steps[${index}].key`);
    keys.add(step.key);
    if (!Number.isInteger(step.offsetDays) || step.offsetDays < offsetDaysMin || step.offsetDays > offsetDaysMax) {
      return fail('policy_step_offset_invalid', `An offset is a whole number of days from ${offsetDaysMin} to ${offsetDaysMax}.`, `steps[${index}].offset_days`);
    }
    const minimum = step.conditions?.overdueMinorAtLeast;
    if (minimum !== undefined && minimum < 0n) {
      return fail('policy_step_condition_invalid', 'A minimum overdue amount is not negative.', `steps[${index}].conditions.overdue_at_least`);
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
  if (conditions.overdueMinorAtLeast !== undefined && overdueMinor < conditions.overdueMinorAtLeast) return false;
  if (conditions.tagsAny && conditions.tagsAny.length > 0 && !conditions.tagsAny.some((tag) => invoice.customerTags.includes(tag))) return false;
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
export function decideStep(policy: Policy, invoice: InvoiceFollowUp, today: CalendarDate): StepDecision {
  if (invoice.openMinor <= 0n) return { kind: 'nothing' };
  const reached = policy.steps.filter((step) => compareDates(stepDate(invoice.dueOn, step), today) <= 0);
  const pending = reached.filter((step) => !invoice.doneStepKeys.has(step.key));
  for (let index = pending.length - 1; index >= 0; index--) {
    const step = pending[index]!;
    // A step after this one was done already: this one's moment has passed for good.
    const laterDone = reached.some((other) => other.offsetDays > step.offsetDays && invoice.doneStepKeys.has(other.key));
    if (laterDone) break;
    if (conditionsHold(step, invoice, today)) return { kind: 'fire', step, skipped: pending.slice(0, index) };
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
    { key: 'call-21', offsetDays: 21, action: { type: 'task', kind: 'call' }, conditions: { noActivePromise: true } },
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
    { key: 'call-10', offsetDays: 10, action: { type: 'task', kind: 'call' }, conditions: { noActivePromise: true } },
    { key: 'fee-15', offsetDays: 15, action: { type: 'late_fee' } },
    { key: 'letter-21', offsetDays: 21, action: { type: 'letter', template: 'dunning_letter' } },
    { key: 'hold-30', offsetDays: 30, action: { type: 'credit_hold' } },
    { key: 'agency-60', offsetDays: 60, action: { type: 'handover', to: 'agency' } },
  ],
};
