import { formatScaledDecimal, parseScaledDecimal } from '../core/decimal.js';
import { formatPercent, parsePercent } from '../core/percent.js';
import { fail, ok, type Result } from '../core/result.js';
import {
  parsePolicy,
  policyAmountScale,
  type Policy,
  type PolicyCharge,
  type PolicyStep,
  type StepAction,
  type StepConditions,
} from './policy.js';

/**
 * A policy's steps as the API takes and returns them and as collection_policies.steps stores
 * them: snake_case, amounts and rates as decimal strings. Parsing checks every field and names the
 * one that is wrong (`steps[2].action.charge.percent`).
 */
export interface StepJson {
  key: string;
  offset_days: number;
  action: ActionJson;
  conditions?: ConditionsJson | undefined;
}

export interface ActionJson {
  type: string;
  template?: string | undefined;
  kind?: string | undefined;
  to?: string | undefined;
  charge?: ChargeJson | undefined;
}

export interface ChargeJson {
  kind: string;
  amount?: string | undefined;
  percent?: string | undefined;
  reference_rate?: string | undefined;
}

export interface ConditionsJson {
  overdue_at_least?: string | undefined;
  tags_any?: string[] | undefined;
  no_active_promise?: boolean | undefined;
}

const taskKinds = ['call', 'review', 'email', 'escalate'] as const;
const templatePattern = /^[a-z0-9_]{1,40}$/;

function required(value: string | undefined, field: string, what: string): Result<string> {
  return value === undefined || value === ''
    ? fail('policy_step_action_invalid', `${what} is required.`, field)
    : ok(value);
}

function parseCharge(json: ChargeJson | undefined, field: string): Result<PolicyCharge> {
  if (!json)
    return fail('policy_step_action_invalid', 'A late_fee step says what to charge.', field);
  switch (json.kind) {
    case 'fixed': {
      const amount = required(json.amount, `${field}.amount`, 'A fixed fee amount');
      if (!amount.ok) return amount;
      const scaled = parseScaledDecimal(amount.value, policyAmountScale, `${field}.amount`);
      if (!scaled.ok) return scaled;
      if (scaled.value <= 0n)
        return fail(
          'policy_step_action_invalid',
          'A fixed fee is more than zero.',
          `${field}.amount`,
        );
      return ok({ kind: 'fixed', amountScaled: scaled.value });
    }
    case 'percentage':
    case 'monthly_interest': {
      const text = required(json.percent, `${field}.percent`, 'A rate');
      if (!text.ok) return text;
      const percent = parsePercent(text.value, `${field}.percent`);
      if (!percent.ok) return percent;
      if (percent.value <= 0n)
        return fail('policy_step_action_invalid', 'A rate is more than zero.', `${field}.percent`);
      return ok(
        json.kind === 'percentage'
          ? { kind: 'percentage', percentScaled: percent.value }
          : { kind: 'monthly_interest', percentPerMonthScaled: percent.value },
      );
    }
    case 'statutory_uk':
    case 'statutory_eu': {
      const text = required(
        json.reference_rate,
        `${field}.reference_rate`,
        'The reference rate (Bank of England base rate or ECB rate)',
      );
      if (!text.ok) return text;
      const rate = parsePercent(text.value, `${field}.reference_rate`);
      if (!rate.ok) return rate;
      return ok({ kind: json.kind, referencePercentScaled: rate.value });
    }
    default:
      return fail(
        'policy_step_action_invalid',
        'A charge is fixed, percentage, monthly_interest, statutory_uk or statutory_eu.',
        `${field}.kind`,
      );
  }
}

function parseAction(json: ActionJson | undefined, field: string): Result<StepAction> {
  if (!json || typeof json !== 'object')
    return fail('policy_step_action_invalid', 'Every step has an action.', field);
  const template = (fallback: string): Result<string> => {
    const key = json.template ?? fallback;
    return templatePattern.test(key)
      ? ok(key)
      : fail(
          'policy_step_action_invalid',
          'A template key is lower-case letters, digits and _.',
          `${field}.template`,
        );
  };
  switch (json.type) {
    case 'email': {
      const key = template('reminder_overdue');
      return key.ok ? ok({ type: 'email', template: key.value }) : key;
    }
    case 'letter': {
      const key = template('dunning_letter');
      return key.ok ? ok({ type: 'letter', template: key.value }) : key;
    }
    case 'statement':
      return ok({ type: 'statement' });
    case 'task': {
      const kind = json.kind ?? 'call';
      if (!(taskKinds as readonly string[]).includes(kind)) {
        return fail(
          'policy_step_action_invalid',
          `A task is one of ${taskKinds.join(', ')}.`,
          `${field}.kind`,
        );
      }
      return ok({ type: 'task', kind: kind as (typeof taskKinds)[number] });
    }
    case 'late_fee': {
      const charge = parseCharge(json.charge, `${field}.charge`);
      return charge.ok ? ok({ type: 'late_fee', charge: charge.value }) : charge;
    }
    case 'credit_hold':
      return ok({ type: 'credit_hold' });
    case 'handover': {
      const to = json.to ?? 'agency';
      if (to !== 'agency' && to !== 'legal')
        return fail(
          'policy_step_action_invalid',
          'A hand-over goes to agency or legal.',
          `${field}.to`,
        );
      return ok({ type: 'handover', to });
    }
    default:
      return fail(
        'policy_step_action_invalid',
        'An action is email, statement, task, letter, late_fee, credit_hold or handover.',
        `${field}.type`,
      );
  }
}

function parseConditions(
  json: ConditionsJson | undefined,
  field: string,
): Result<StepConditions | undefined> {
  if (json === undefined) return ok(undefined);
  let overdueAtLeastScaled: bigint | undefined;
  if (json.overdue_at_least !== undefined) {
    const parsed = parseScaledDecimal(
      json.overdue_at_least,
      policyAmountScale,
      `${field}.overdue_at_least`,
    );
    if (!parsed.ok) return parsed;
    overdueAtLeastScaled = parsed.value;
  }
  const tags = json.tags_any?.map((tag) => tag.trim()).filter(Boolean);
  return ok({
    overdueAtLeastScaled,
    tagsAny: tags && tags.length > 0 ? tags : undefined,
    noActivePromise: json.no_active_promise ?? undefined,
  });
}

/** Reads and checks a policy given as JSON. Codes: those of parsePolicy, policy_step_action_invalid, decimal_invalid, percent_invalid. */
export function policyFromJson(name: string, steps: readonly StepJson[]): Result<Policy> {
  if (!Array.isArray(steps)) return fail('policy_steps_invalid', 'steps is a list.', 'steps');
  const parsed: PolicyStep[] = [];
  for (const [index, step] of steps.entries()) {
    const field = `steps[${index}]`;
    if (typeof step !== 'object' || step === null)
      return fail('policy_steps_invalid', 'A step is an object.', field);
    const action = parseAction(step.action, `${field}.action`);
    if (!action.ok) return action;
    const conditions = parseConditions(step.conditions, `${field}.conditions`);
    if (!conditions.ok) return conditions;
    parsed.push({
      key: String(step.key ?? ''),
      offsetDays: Number(step.offset_days),
      action: action.value,
      conditions: conditions.value,
    });
  }
  return parsePolicy(name, parsed);
}

function chargeToJson(charge: PolicyCharge): ChargeJson {
  switch (charge.kind) {
    case 'fixed':
      return { kind: 'fixed', amount: formatScaledDecimal(charge.amountScaled, policyAmountScale) };
    case 'percentage':
      return { kind: 'percentage', percent: formatPercent(charge.percentScaled) };
    case 'monthly_interest':
      return { kind: 'monthly_interest', percent: formatPercent(charge.percentPerMonthScaled) };
    default:
      return { kind: charge.kind, reference_rate: formatPercent(charge.referencePercentScaled) };
  }
}

function actionToJson(action: StepAction): ActionJson {
  switch (action.type) {
    case 'email':
    case 'letter':
      return { type: action.type, template: action.template };
    case 'task':
      return { type: 'task', kind: action.kind };
    case 'late_fee':
      return { type: 'late_fee', charge: chargeToJson(action.charge) };
    case 'handover':
      return { type: 'handover', to: action.to };
    default:
      return { type: action.type };
  }
}

function conditionsToJson(conditions: StepConditions | undefined): ConditionsJson | undefined {
  if (!conditions) return undefined;
  const json: ConditionsJson = {};
  if (conditions.overdueAtLeastScaled !== undefined)
    json.overdue_at_least = formatScaledDecimal(conditions.overdueAtLeastScaled, policyAmountScale);
  if (conditions.tagsAny) json.tags_any = [...conditions.tagsAny];
  if (conditions.noActivePromise) json.no_active_promise = true;
  return Object.keys(json).length > 0 ? json : undefined;
}

export function policyStepsToJson(policy: Policy): StepJson[] {
  return policy.steps.map((step) => {
    const json: StepJson = {
      key: step.key,
      offset_days: step.offsetDays,
      action: actionToJson(step.action),
    };
    const conditions = conditionsToJson(step.conditions);
    if (conditions) json.conditions = conditions;
    return json;
  });
}
