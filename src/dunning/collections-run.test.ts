import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import {
  candidatesBySlice,
  planCustomers,
  policyReach,
  previewActions,
  type PlannedStep,
  type RunCandidate,
} from './collections-run.js';
import type { PolicyStep } from './policy.js';

const candidate = (number: string, isLateFee: boolean): RunCandidate => ({
  invoiceId: `id-${number}`,
  number,
  customerId: 'c1',
  customerRef: 'ACME',
  currency: 'EUR',
  issuedOn: '2026-01-01' as CalendarDate,
  dueOn: '2026-01-31' as CalendarDate,
  totalMinor: 10_000n,
  openMinor: 10_000n,
  isLateFee,
  policyId: 'p',
  customerTags: [],
  customerHasActivePromise: false,
  doneStepKeys: new Set(),
});
const fee: PolicyStep = {
  key: 'fee-15',
  offsetDays: 15,
  action: {
    type: 'late_fee',
    charge: { kind: 'monthly_interest', percentPerMonthScaled: 15_000n },
  },
};
const reminder: PolicyStep = {
  key: 'final-15',
  offsetDays: 15,
  action: { type: 'email', template: 'overdue_reminder' },
};

describe('a late-fee step on a late-fee invoice', () => {
  it('charges nothing, and so is neither planned nor listed, while the reminder on it is', () => {
    const planned: PlannedStep[] = [
      { candidate: candidate('INV-1', false), step: fee, skipped: [] },
      { candidate: candidate('FEE-1', true), step: fee, skipped: [] },
      { candidate: candidate('FEE-1', true), step: reminder, skipped: [] },
    ];
    expect(planCustomers(planned)[0]!.lateFees.map((step) => step.candidate.number)).toEqual([
      'INV-1',
    ]);
    expect(previewActions(planned)).toEqual([
      { customerRef: 'ACME', step: 'fee-15', action: 'late_fee', invoices: ['INV-1'] },
      { customerRef: 'ACME', step: 'final-15', action: 'email', invoices: ['FEE-1'] },
    ]);
  });
});

describe('policyReach', () => {
  it("gives each step the days from its offset to the policy's next larger one, steps on one offset alike", () => {
    const steps = [
      { policyId: 'p', key: 'before', offsetDays: -3 },
      { policyId: 'p', key: 'due', offsetDays: 0 },
      { policyId: 'p', key: 'call', offsetDays: 7 },
      { policyId: 'p', key: 'hold', offsetDays: 7 },
      { policyId: 'q', key: 'due', offsetDays: 2 },
    ];
    expect(policyReach(steps)).toEqual([
      { policy_id: 'p', step_key: 'before', from_days: -3, to_days: 0 },
      { policy_id: 'p', step_key: 'due', from_days: 0, to_days: 7 },
      { policy_id: 'p', step_key: 'call', from_days: 7, to_days: null },
      { policy_id: 'p', step_key: 'hold', from_days: 7, to_days: null },
      { policy_id: 'q', step_key: 'due', from_days: 2, to_days: null },
    ]);
  });
});

describe('candidatesBySlice', () => {
  const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const slices = [{ last: id(19) }, { last: id(39) }, { last: id(59) }];

  it('puts each candidate in the slice whose range holds its customer, and leaves a slice with none empty', () => {
    const candidates = [1, 1, 19, 60, 61].map((n) => ({ customerId: id(n) }));
    expect(candidatesBySlice(candidates.slice(0, 3), slices)).toEqual([
      candidates.slice(0, 3),
      [],
      [],
    ]);
    const spread = [5, 20, 39, 40, 59].map((n) => ({ customerId: id(n) }));
    expect(candidatesBySlice(spread, slices).map((slice) => slice.length)).toEqual([1, 2, 2]);
  });

  it('leaves a customer past the last slice, added since the slices were cut, to the next run', () => {
    const candidates = [10, 60, 61].map((n) => ({ customerId: id(n) }));
    expect(candidatesBySlice(candidates, slices)).toEqual([[candidates[0]], [], []]);
  });
});
