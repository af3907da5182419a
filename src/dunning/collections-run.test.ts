import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import {
  planCustomers,
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
