import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from '../core/calendar-date.js';
import {
  decideStep,
  firmPolicy,
  gentlePolicy,
  parsePolicy,
  standardPolicy,
  stepDate,
  type InvoiceFollowUp,
  type Policy,
} from './policy.js';

const due = '2026-03-31' as CalendarDate;

function invoice(
  done: readonly string[] = [],
  overrides: Partial<InvoiceFollowUp> = {},
): InvoiceFollowUp {
  return {
    dueOn: due,
    currency: 'EUR',
    openMinor: 10_000n,
    customerTags: [],
    customerHasActivePromise: false,
    doneStepKeys: new Set(done),
    ...overrides,
  };
}

function fired(policy: Policy, followUp: InvoiceFollowUp, today: string): string | null {
  const decision = decideStep(policy, followUp, today as CalendarDate);
  return decision.kind === 'fire' ? decision.step.key : null;
}

describe('decideStep', () => {
  it('takes each step on its day, counted from the due date, before and after it', () => {
    expect(fired(standardPolicy, invoice(), '2026-03-27')).toBeNull();
    expect(fired(standardPolicy, invoice(), '2026-03-28')).toBe('before-due');
    expect(fired(standardPolicy, invoice(['before-due']), '2026-03-30')).toBeNull();
    expect(fired(standardPolicy, invoice(['before-due']), '2026-03-31')).toBe('due');
    expect(fired(standardPolicy, invoice(['before-due', 'due']), '2026-04-07')).toBe('overdue-7');
    expect(stepDate(due, standardPolicy.steps[0]!)).toBe('2026-03-28');
  });

  it('after days without a run takes only the latest step reached, and skips the ones it missed', () => {
    const decision = decideStep(
      standardPolicy,
      invoice(['before-due']),
      '2026-04-16' as CalendarDate,
    );
    expect(decision).toMatchObject({ kind: 'fire', step: { key: 'overdue-14' } });
    expect(decision.kind === 'fire' && decision.skipped.map((s) => s.key)).toEqual([
      'due',
      'overdue-7',
    ]);
  });

  it('never goes back to a step once a later one was done', () => {
    expect(fired(standardPolicy, invoice(['overdue-14']), '2026-04-20')).toBeNull();
  });

  it('does nothing for an invoice with nothing open', () => {
    expect(fired(standardPolicy, invoice([], { openMinor: 0n }), '2026-04-20')).toBeNull();
  });

  it('passes over a step whose conditions fail, taking the latest one that holds', () => {
    // The call waits while a promise to pay is active; the statement before it is still due.
    const promised = invoice(['before-due', 'due', 'overdue-7'], {
      customerHasActivePromise: true,
    });
    expect(fired(standardPolicy, promised, '2026-04-21')).toBe('overdue-14');
    const policy = parsePolicy('Tags', [
      {
        key: 'big',
        offsetDays: 1,
        action: { type: 'task', kind: 'call' },
        conditions: { overdueAtLeastScaled: 5_000_000n },
      },
      {
        key: 'key',
        offsetDays: 2,
        action: { type: 'task', kind: 'review' },
        conditions: { tagsAny: ['key'] },
      },
    ]);
    expect(policy.ok).toBe(true);
    if (!policy.ok) return;
    expect(fired(policy.value, invoice(), '2026-04-02')).toBeNull();
    expect(fired(policy.value, invoice([], { customerTags: ['key'] }), '2026-04-02')).toBe('key');
    expect(fired(policy.value, invoice([], { openMinor: 50_000n }), '2026-04-02')).toBe('big');
  });
});

describe('parsePolicy', () => {
  it('orders the steps by offset and refuses duplicate keys and offsets out of range, naming the step', () => {
    const parsed = parsePolicy('Mine', [
      { key: 'late', offsetDays: 10, action: { type: 'credit_hold' } },
      { key: 'early', offsetDays: -2, action: { type: 'statement' } },
    ]);
    expect(parsed.ok && parsed.value.steps.map((s) => s.key)).toEqual(['early', 'late']);
    expect(
      parsePolicy('Mine', [
        { key: 'a', offsetDays: 1, action: { type: 'statement' } },
        { key: 'a', offsetDays: 2, action: { type: 'statement' } },
      ]),
    ).toMatchObject({ ok: false, error: { code: 'policy_step_key_taken', field: 'steps[1].key' } });
    expect(
      parsePolicy('Mine', [{ key: 'a', offsetDays: 1000, action: { type: 'statement' } }]),
    ).toMatchObject({
      ok: false,
      error: { code: 'policy_step_offset_invalid', field: 'steps[0].offset_days' },
    });
    expect(parsePolicy(' ', [])).toMatchObject({
      ok: false,
      error: { code: 'policy_name_required' },
    });
  });

  it('accepts the policies Settle ships', () => {
    for (const policy of [standardPolicy, gentlePolicy, firmPolicy])
      expect(parsePolicy(policy.name, policy.steps).ok).toBe(true);
  });
});

describe('runs on any schedule', () => {
  it('take each step at most once, never before its day, and the latest reached one on each run', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(standardPolicy, gentlePolicy, firmPolicy),
        // Days on which the run happens, within 100 days around the due date.
        fc
          .uniqueArray(fc.integer({ min: -70, max: 100 }), { maxLength: 40 })
          .map((days) => days.sort((a, b) => a - b)),
        (policy, runDays): void => {
          const done = new Set<string>();
          for (const day of runDays) {
            const today = addDays(due, day);
            const decision = decideStep(policy, invoice([...done]), today);
            const reached = policy.steps.filter((step) => stepDate(due, step) <= today);
            if (decision.kind === 'nothing') {
              // Nothing left: every reached step is done or was skipped.
              expect(reached.every((step) => done.has(step.key))).toBe(true);
              continue;
            }
            expect(done.has(decision.step.key)).toBe(false);
            expect(stepDate(due, decision.step) <= today).toBe(true);
            expect(decision.step).toBe(reached[reached.length - 1]);
            for (const step of [decision.step, ...decision.skipped]) done.add(step.key);
          }
        },
      ),
    );
  });

  it('with a run every day, takes every step on its own day and skips none', () => {
    const done = new Set<string>();
    const taken: string[] = [];
    for (let day = -10; day <= 70; day++) {
      const decision = decideStep(standardPolicy, invoice([...done]), addDays(due, day));
      if (decision.kind === 'fire') {
        expect(decision.skipped).toEqual([]);
        expect(stepDate(due, decision.step)).toBe(addDays(due, day));
        taken.push(decision.step.key);
        done.add(decision.step.key);
      }
    }
    expect(taken).toEqual(standardPolicy.steps.map((step) => step.key));
  });
});
