import { describe, expect, it } from 'vitest';
import {
  actionOfType,
  actionSummary,
  addStep,
  inTimeOrder,
  newStepKey,
  offsetLabel,
  parseOffset,
  stepsForApi,
  type StepDraft,
} from './policy-steps';

const standard: StepDraft[] = [
  { key: 'before-due', offset_days: -3, action: { type: 'email', template: 'reminder_upcoming' } },
  { key: 'overdue-7', offset_days: 7, action: { type: 'email', template: 'reminder_overdue' } },
  { key: 'overdue-14', offset_days: 14, action: { type: 'statement' } },
];

describe('editing the steps of a policy', () => {
  it('adds a step in its place by day, with a key no other step has', () => {
    const steps = addStep(standard, 10);
    expect(steps.map((step) => step.offset_days)).toEqual([-3, 7, 10, 14]);
    expect(steps[2]).toEqual({
      key: 'email-day-10',
      offset_days: 10,
      action: { type: 'email', template: 'reminder_overdue' },
    });
    const twice = addStep(steps, 10);
    expect(twice.filter((step) => step.offset_days === 10).map((step) => step.key)).toEqual([
      'email-day-10',
      'email-day-10-2',
    ]);
    expect(newStepKey(standard, 'late_fee', -5)).toBe('late-fee-before-5');
  });

  it('keeps steps on the same day in the order they had', () => {
    const steps: StepDraft[] = [
      { key: 'b', offset_days: 5, action: { type: 'statement' } },
      { key: 'a', offset_days: 5, action: { type: 'credit_hold' } },
      { key: 'c', offset_days: -1, action: { type: 'statement' } },
    ];
    expect(inTimeOrder(steps).map((step) => step.key)).toEqual(['c', 'b', 'a']);
  });

  it('takes only whole days within the bounds the API takes', () => {
    expect(parseOffset('10')).toBe(10);
    expect(parseOffset('+10')).toBe(10);
    expect(parseOffset(' -3 ')).toBe(-3);
    expect(parseOffset('-60')).toBe(-60);
    expect(parseOffset('-61')).toBeNull();
    expect(parseOffset('730')).toBe(730);
    expect(parseOffset('731')).toBeNull();
    expect(parseOffset('1.5')).toBeNull();
    expect(parseOffset('')).toBeNull();
    expect(parseOffset('ten')).toBeNull();
  });

  it('gives a new action the defaults the API would take, and keeps a chosen template', () => {
    expect(actionOfType('task')).toEqual({ type: 'task', kind: 'call' });
    expect(actionOfType('late_fee')).toEqual({
      type: 'late_fee',
      charge: { kind: 'fixed', amount: '40.00' },
    });
    expect(actionOfType('email', { type: 'email', template: 'reminder_final' })).toEqual({
      type: 'email',
      template: 'reminder_final',
    });
    expect(actionOfType('credit_hold')).toEqual({ type: 'credit_hold' });
  });

  it('says when and what in words', () => {
    expect(offsetLabel(-3)).toBe('3 days before due');
    expect(offsetLabel(0)).toBe('on the due date');
    expect(offsetLabel(1)).toBe('1 day after due');
    expect(
      actionSummary({ type: 'late_fee', charge: { kind: 'monthly_interest', percent: '1.5' } }),
    ).toBe('Late fee: Interest per month 1.5 %');
    expect(actionSummary({ type: 'handover', to: 'legal' })).toBe('Hand over to legal');
  });

  it('sends the steps in time order, as copies the draft does not share', () => {
    const draft: StepDraft[] = [standard[2]!, standard[0]!];
    const sent = stepsForApi(draft);
    expect(sent.map((step) => step.key)).toEqual(['before-due', 'overdue-14']);
    expect(sent[0]!.action).not.toBe(standard[0]!.action);
  });
});
