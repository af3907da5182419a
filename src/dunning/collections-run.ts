import { daysBetween, type CalendarDate } from '../core/calendar-date.js';
import { decideStep, type Policy, type PolicyStep, type StepAction } from './policy.js';

/**
 * The collections run without I/O: which step each unpaid invoice takes today, and how the steps
 * of one customer become that customer's actions for the run. One customer gets at most one
 * message (the firmest reminder reached, or a statement, listing every invoice that reached a
 * step), one task per kind, one letter, one late-fee invoice per currency and one credit hold.
 */
export interface RunCandidate {
  readonly invoiceId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerRef: string;
  readonly currency: string;
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly totalMinor: bigint;
  readonly openMinor: bigint;
  readonly isLateFee: boolean;
  readonly policyId: string;
  readonly customerTags: readonly string[];
  readonly customerHasActivePromise: boolean;
  readonly doneStepKeys: ReadonlySet<string>;
}

/**
 * Where each step's day is the latest its policy has reached: from its offset up to (not
 * including) the policy's next larger offset, one row per step. An invoice `d` days past its due
 * date has reached the steps of the row whose range holds `d`, so the run joins this table on the
 * policy and the range (a hash join) instead of taking, per invoice, the maximum offset reached.
 */
export function policyReach(
  steps: readonly {
    readonly policyId: string;
    readonly key: string;
    readonly offsetDays: number;
  }[],
): {
  policy_id: string;
  step_key: string;
  from_days: number;
  to_days: number | null;
}[] {
  return steps.map((step) => {
    const later = steps
      .filter((other) => other.policyId === step.policyId && other.offsetDays > step.offsetDays)
      .map((other) => other.offsetDays);
    return {
      policy_id: step.policyId,
      step_key: step.key,
      from_days: step.offsetDays,
      to_days: later.length === 0 ? null : Math.min(...later),
    };
  });
}

export interface PlannedStep {
  readonly candidate: RunCandidate;
  readonly step: PolicyStep;
  /** Earlier steps whose day passed without them: never sent late, and counted in the summary; not recorded, since the later step done keeps them from firing. */
  readonly skipped: readonly PolicyStep[];
}

/**
 * The candidates of each slice, for candidates and slices both in customer id order (uuids as
 * text sort as PostgreSQL sorts them). A customer past the last slice, added since the slices
 * were cut, is left to the next run, as a read by slice would leave it.
 */
export function candidatesBySlice<T extends { readonly customerId: string }>(
  candidates: readonly T[],
  slices: readonly { readonly last: string }[],
): T[][] {
  const bySlice: T[][] = slices.map(() => []);
  let index = 0;
  for (const candidate of candidates) {
    while (index < slices.length && candidate.customerId > slices[index]!.last) index++;
    if (index === slices.length) break;
    bySlice[index]!.push(candidate);
  }
  return bySlice;
}

/** Decides every candidate against its policy; a candidate whose policy is unknown is a bug upstream. */
export function planSteps(
  candidates: readonly RunCandidate[],
  policies: ReadonlyMap<string, Policy>,
  today: CalendarDate,
): PlannedStep[] {
  const planned: PlannedStep[] = [];
  for (const candidate of candidates) {
    const policy = policies.get(candidate.policyId);
    if (!policy) continue;
    const decision = decideStep(policy, candidate, today);
    if (decision.kind === 'fire')
      planned.push({ candidate, step: decision.step, skipped: decision.skipped });
  }
  return planned;
}

export type ActionKind = StepAction['type'];

export interface CustomerPlan {
  readonly customerId: string;
  readonly customerRef: string;
  readonly steps: readonly PlannedStep[];
  /** The message of the run: a statement if a statement step was reached, else the firmest reminder's template. */
  readonly message: {
    readonly kind: 'reminder' | 'statement';
    readonly templateKey: string;
    readonly step: PolicyStep;
  } | null;
  readonly taskKinds: readonly ('call' | 'review' | 'email' | 'escalate')[];
  readonly letter: { readonly templateKey: string; readonly step: PolicyStep } | null;
  readonly lateFees: readonly PlannedStep[];
  readonly creditHold: boolean;
  readonly handover: 'agency' | 'legal' | null;
}

function firmest(steps: readonly PlannedStep[]): PlannedStep | undefined {
  return steps.reduce<PlannedStep | undefined>(
    (best, planned) => (!best || planned.step.offsetDays > best.step.offsetDays ? planned : best),
    undefined,
  );
}

function planForCustomer(steps: readonly PlannedStep[]): CustomerPlan {
  const of = (type: ActionKind) => steps.filter((planned) => planned.step.action.type === type);
  const statement = firmest(of('statement'));
  const reminder = firmest(of('email'));
  const letter = firmest(of('letter'));
  const handovers = of('handover').map(
    (planned) => (planned.step.action as { to: 'agency' | 'legal' }).to,
  );
  const taskKinds = new Set(
    of('task').map(
      (planned) => (planned.step.action as { kind: 'call' | 'review' | 'email' | 'escalate' }).kind,
    ),
  );
  const first = steps[0]!.candidate;
  return {
    customerId: first.customerId,
    customerRef: first.customerRef,
    steps,
    message: statement
      ? { kind: 'statement', templateKey: 'statement', step: statement.step }
      : reminder
        ? {
            kind: 'reminder',
            templateKey: (reminder.step.action as { template: string }).template,
            step: reminder.step,
          }
        : null,
    taskKinds: [...taskKinds],
    letter: letter
      ? { templateKey: (letter.step.action as { template: string }).template, step: letter.step }
      : null,
    // A fee on a fee would compound: late-fee invoices are followed up but never charged.
    lateFees: of('late_fee').filter((planned) => !planned.candidate.isLateFee),
    creditHold: of('credit_hold').length > 0,
    handover: handovers.includes('legal') ? 'legal' : handovers.length > 0 ? 'agency' : null,
  };
}

/** The steps grouped by customer, in the order customers first appear. */
export function planCustomers(planned: readonly PlannedStep[]): CustomerPlan[] {
  const byCustomer = new Map<string, PlannedStep[]>();
  for (const step of planned) {
    const list = byCustomer.get(step.candidate.customerId) ?? [];
    list.push(step);
    byCustomer.set(step.candidate.customerId, list);
  }
  return [...byCustomer.values()].map(planForCustomer);
}

/** One line of a preview: a customer, a step and the invoices it fires for. */
export interface PreviewAction {
  readonly customerRef: string;
  readonly step: string;
  readonly action: ActionKind;
  readonly invoices: readonly string[];
}

/** A late-fee step on a late-fee invoice charges nothing (see planForCustomer), so it is no action. */
function actsOn({ candidate, step }: PlannedStep): boolean {
  return !(step.action.type === 'late_fee' && candidate.isLateFee);
}

export function previewActions(planned: readonly PlannedStep[]): PreviewAction[] {
  const byKey = new Map<
    string,
    { customerRef: string; step: string; action: ActionKind; invoices: string[] }
  >();
  for (const { candidate, step } of planned.filter(actsOn)) {
    const key = `${candidate.customerId}\u0000${step.key}`;
    const entry = byKey.get(key) ?? {
      customerRef: candidate.customerRef,
      step: step.key,
      action: step.action.type,
      invoices: [],
    };
    entry.invoices.push(candidate.number);
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .map((entry) => ({ ...entry, invoices: entry.invoices.sort() }))
    .sort((a, b) =>
      a.customerRef < b.customerRef
        ? -1
        : a.customerRef > b.customerRef
          ? 1
          : a.step < b.step
            ? -1
            : a.step > b.step
              ? 1
              : 0,
    );
}

/** What a run does, counted the way a person reads it: "14 reminders, 3 calls, 1 late fee". */
export interface RunSummary {
  customers: number;
  invoices: number;
  reminders: number;
  statements: number;
  calls: number;
  reviews: number;
  emailTasks: number;
  escalations: number;
  letters: number;
  lateFees: number;
  creditHolds: number;
  handovers: number;
  skippedSteps: number;
}

export function summarizeRun(plans: readonly CustomerPlan[]): RunSummary {
  const summary: RunSummary = {
    customers: plans.length,
    invoices: 0,
    reminders: 0,
    statements: 0,
    calls: 0,
    reviews: 0,
    emailTasks: 0,
    escalations: 0,
    letters: 0,
    lateFees: 0,
    creditHolds: 0,
    handovers: 0,
    skippedSteps: 0,
  };
  for (const plan of plans) {
    summary.invoices += plan.steps.length;
    summary.skippedSteps += plan.steps.reduce((sum, planned) => sum + planned.skipped.length, 0);
    if (plan.message?.kind === 'reminder') summary.reminders++;
    if (plan.message?.kind === 'statement') summary.statements++;
    for (const kind of plan.taskKinds) {
      if (kind === 'call') summary.calls++;
      if (kind === 'review') summary.reviews++;
      if (kind === 'email') summary.emailTasks++;
      if (kind === 'escalate') summary.escalations++;
    }
    if (plan.letter) summary.letters++;
    if (plan.lateFees.length > 0) summary.lateFees++;
    if (plan.creditHold) summary.creditHolds++;
    if (plan.handover) summary.handovers++;
  }
  return summary;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function describeSummary(summary: RunSummary): string {
  const parts = [
    summary.reminders && plural(summary.reminders, 'reminder', 'reminders'),
    summary.statements && plural(summary.statements, 'statement', 'statements'),
    summary.calls && plural(summary.calls, 'call', 'calls'),
    summary.reviews && plural(summary.reviews, 'review', 'reviews'),
    summary.emailTasks && plural(summary.emailTasks, 'e-mail task', 'e-mail tasks'),
    summary.escalations && plural(summary.escalations, 'escalation', 'escalations'),
    summary.letters && plural(summary.letters, 'letter', 'letters'),
    summary.lateFees && plural(summary.lateFees, 'late fee', 'late fees'),
    summary.creditHolds && plural(summary.creditHolds, 'credit hold', 'credit holds'),
    summary.handovers && plural(summary.handovers, 'hand-over', 'hand-overs'),
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}

/** Days past due on `today`; negative before the due date. */
export function daysOverdue(dueOn: CalendarDate, today: CalendarDate): number {
  return daysBetween(dueOn, today);
}
