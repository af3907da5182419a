import type { PolicyStep, PolicyStepAction } from '../../../api/types';

/**
 * The steps of a policy as the editor holds them while they are changed: the API's own shape, so
 * that what is saved is exactly what the user sees, conditions included (the editor keeps them
 * untouched). Pure, so the rules of editing are tested without a browser.
 */
export type StepDraft = {
  -readonly [Field in keyof PolicyStep]: PolicyStep[Field];
};

export type ActionType = PolicyStepAction['type'];
export type ChargeKind = NonNullable<PolicyStepAction['charge']>['kind'];

export const actionTypes: readonly { value: ActionType; label: string }[] = [
  { value: 'email', label: 'E-mail reminder' },
  { value: 'statement', label: 'Statement' },
  { value: 'task', label: 'Task for the collector' },
  { value: 'letter', label: 'Dunning letter' },
  { value: 'late_fee', label: 'Late fee' },
  { value: 'credit_hold', label: 'Credit hold' },
  { value: 'handover', label: 'Hand over' },
];

export const taskKinds = ['call', 'review', 'email', 'escalate'] as const;
export const handoverTargets = ['agency', 'legal'] as const;

export const chargeKinds: readonly { value: ChargeKind; label: string; needs: ChargeField }[] = [
  { value: 'fixed', label: 'Fixed amount', needs: 'amount' },
  { value: 'percentage', label: 'Percentage of the open balance', needs: 'percent' },
  { value: 'monthly_interest', label: 'Interest per month', needs: 'percent' },
  { value: 'statutory_uk', label: 'Statutory (UK)', needs: 'reference_rate' },
  { value: 'statutory_eu', label: 'Statutory (EU)', needs: 'reference_rate' },
];
export type ChargeField = 'amount' | 'percent' | 'reference_rate';

/** The same bounds as the API's (src/dunning/policy.ts), so a day out of range is caught as typed. */
export const offsetDaysMin = -60;
export const offsetDaysMax = 730;

/** The field a charge kind needs: a fixed fee an amount, the statutory ones a reference rate. */
export function chargeFieldOf(kind: ChargeKind): ChargeField {
  return chargeKinds.find((charge) => charge.value === kind)?.needs ?? 'amount';
}

/** "−3 days", "due date", "+14 days": a step's place against the due date, as people say it. */
export function offsetLabel(days: number): string {
  if (days === 0) return 'on the due date';
  const count = Math.abs(days);
  const unit = count === 1 ? 'day' : 'days';
  return days < 0 ? `${count} ${unit} before due` : `${count} ${unit} after due`;
}

/** What a step does, in a few words: "E-mail reminder_overdue", "Task: call", "Late fee 40.00". */
export function actionSummary(action: PolicyStepAction): string {
  switch (action.type) {
    case 'email':
      return `E-mail (${action.template ?? 'reminder_overdue'})`;
    case 'letter':
      return `Letter (${action.template ?? 'dunning_letter'})`;
    case 'task':
      return `Task: ${action.kind ?? 'call'}`;
    case 'handover':
      return `Hand over to ${action.to ?? 'agency'}`;
    case 'late_fee': {
      const charge = action.charge;
      if (!charge) return 'Late fee';
      const field = chargeFieldOf(charge.kind);
      const value = charge[field] ?? '';
      const kind = chargeKinds.find((known) => known.value === charge.kind)?.label ?? charge.kind;
      const unit = field === 'amount' ? '' : ' %';
      return value ? `Late fee: ${kind} ${value}${unit}` : `Late fee: ${kind}`;
    }
    case 'statement':
      return 'Statement';
    case 'credit_hold':
      return 'Credit hold';
  }
}

/** An action of a new type, with the defaults the API would take, so the step is valid at once. */
export function actionOfType(type: ActionType, previous?: PolicyStepAction): PolicyStepAction {
  switch (type) {
    case 'email':
      return {
        type,
        template:
          previous?.type === 'email'
            ? (previous.template ?? 'reminder_overdue')
            : 'reminder_overdue',
      };
    case 'letter':
      return { type, template: 'dunning_letter' };
    case 'task':
      return { type, kind: 'call' };
    case 'handover':
      return { type, to: 'agency' };
    case 'late_fee':
      return { type, charge: { kind: 'fixed', amount: '40.00' } };
    default:
      return { type };
  }
}

/**
 * A key no other step has. Keys are what the run records a step's work against, so an existing
 * step keeps its key when it moves; only a new step gets one, named after its action and day.
 */
export function newStepKey(
  steps: readonly StepDraft[],
  type: ActionType,
  offsetDays: number,
): string {
  const taken = new Set(steps.map((step) => step.key));
  const day = offsetDays < 0 ? `before-${-offsetDays}` : `day-${offsetDays}`;
  const base = `${type.replace('_', '-')}-${day}`;
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A new e-mail step on the given day, its key unique in the policy. */
export function addStep(steps: readonly StepDraft[], offsetDays: number): StepDraft[] {
  const step: StepDraft = {
    key: newStepKey(steps, 'email', offsetDays),
    offset_days: offsetDays,
    action: actionOfType('email'),
  };
  return inTimeOrder([...steps, step]);
}

/**
 * The steps in the order of their days, as the API keeps them; steps on the same day keep the
 * order they had (the sort is stable), so a step does not jump while the user types its day.
 */
export function inTimeOrder(steps: readonly StepDraft[]): StepDraft[] {
  return [...steps].sort((a, b) => a.offset_days - b.offset_days);
}

/** Whether a typed day is one the API takes: a whole number within the policy's bounds. */
export function parseOffset(text: string): number | null {
  if (!/^[+-]?\d{1,4}$/.test(text.trim())) return null;
  const days = Number(text.trim());
  return days >= offsetDaysMin && days <= offsetDaysMax ? days : null;
}

/** The steps as the API takes them: a copy of each, so that the draft is never shared. */
export function stepsForApi(steps: readonly StepDraft[]): PolicyStep[] {
  return inTimeOrder(steps).map((step) => ({ ...step, action: { ...step.action } }));
}

/** A draft of the steps from what the API answered. */
export function draftOf(steps: readonly PolicyStep[]): StepDraft[] {
  return steps.map((step) => ({ ...step, action: { ...step.action } }));
}
