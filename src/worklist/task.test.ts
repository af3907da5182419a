// Proves the rules of a task's own fields: kinds, default titles, the outcome a call cannot be done
// without, the limits on titles, notes and invoices (at the limit and one past it), and that a
// done or cancelled task changes no more.
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import {
  applyTaskChanges,
  parseCompletion,
  parseTaskInput,
  taskTitleLengthMax,
  type Task,
} from './task.js';

const task: Task = {
  id: '00000000-0000-7000-8000-000000000001',
  customerId: '00000000-0000-7000-8000-000000000002',
  kind: 'call',
  title: 'Call the customer',
  assigneeId: null,
  dueOn: '2026-03-01' as CalendarDate,
  status: 'open',
  outcome: null,
  notes: null,
  invoiceIds: [],
  source: 'manual',
  createdBy: null,
  createdAt: new Date('2026-02-01T09:00:00Z'),
  completedAt: null,
  completedBy: null,
};

const codeOf = (result: { ok: boolean; error?: { code: string; field?: string } }) =>
  result.ok ? 'ok' : `${result.error!.code}@${result.error!.field}`;

describe('parseTaskInput', () => {
  it('takes a default title from the kind and trims what is given', () => {
    const parsed = parseTaskInput({
      kind: 'review',
      dueOn: '2026-03-01',
      notes: '  check the PO  ',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'review',
        dueOn: '2026-03-01',
        title: 'Review the account',
        notes: 'check the PO',
        invoiceIds: [],
      },
    });
    const titled = parseTaskInput({
      kind: 'call',
      dueOn: '2026-03-01',
      title: ' Ask for Maria ',
      notes: ' ',
    });
    expect(titled.ok && [titled.value.title, titled.value.notes]).toEqual(['Ask for Maria', null]);
  });

  it('names the field of each bad input', () => {
    expect(codeOf(parseTaskInput({ kind: 'visit', dueOn: '2026-03-01' }))).toBe(
      'task_kind_invalid@kind',
    );
    expect(codeOf(parseTaskInput({ kind: 'call', dueOn: '2026-02-30' }))).toBe(
      'date_invalid@due_on',
    );
    expect(
      codeOf(
        parseTaskInput({
          kind: 'call',
          dueOn: '2026-03-01',
          title: 'x'.repeat(taskTitleLengthMax),
        }),
      ),
    ).toBe('ok');
    expect(
      codeOf(
        parseTaskInput({
          kind: 'call',
          dueOn: '2026-03-01',
          title: 'x'.repeat(taskTitleLengthMax + 1),
        }),
      ),
    ).toBe('task_title_too_long@title');
    expect(
      codeOf(
        parseTaskInput({
          kind: 'call',
          dueOn: '2026-03-01',
          notes: 'x'.repeat(limits.textLengthMax),
        }),
      ),
    ).toBe('ok');
    expect(
      codeOf(
        parseTaskInput({
          kind: 'call',
          dueOn: '2026-03-01',
          notes: 'x'.repeat(limits.textLengthMax + 1),
        }),
      ),
    ).toBe('notes_too_long@notes');
  });

  it('covers at most invoicesPerCommitmentMax invoices, counting each once', () => {
    const ids = (count: number) =>
      Array.from(
        { length: count },
        (_, index) => `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
      );
    expect(
      codeOf(
        parseTaskInput({
          kind: 'call',
          dueOn: '2026-03-01',
          invoiceIds: ids(limits.invoicesPerCommitmentMax),
        }),
      ),
    ).toBe('ok');
    expect(
      codeOf(
        parseTaskInput({
          kind: 'call',
          dueOn: '2026-03-01',
          invoiceIds: ids(limits.invoicesPerCommitmentMax + 1),
        }),
      ),
    ).toBe('task_invoices_too_many@invoice_ids');
    const repeated = parseTaskInput({
      kind: 'call',
      dueOn: '2026-03-01',
      invoiceIds: [...ids(2), ...ids(2)],
    });
    expect(repeated.ok && repeated.value.invoiceIds).toHaveLength(2);
  });
});

describe('parseCompletion', () => {
  it('requires an outcome for a call and checks it against the list', () => {
    expect(codeOf(parseCompletion(task, undefined, 'rang twice'))).toBe(
      'task_outcome_required@outcome',
    );
    expect(codeOf(parseCompletion(task, '  ', null))).toBe('task_outcome_required@outcome');
    expect(codeOf(parseCompletion(task, 'busy', null))).toBe('task_outcome_invalid@outcome');
    expect(parseCompletion(task, 'promised_to_pay', ' by Friday ')).toEqual({
      ok: true,
      value: { outcome: 'promised_to_pay', notes: 'by Friday' },
    });
  });

  it('lets other tasks be done without an outcome', () => {
    expect(parseCompletion({ kind: 'review', status: 'open' }, null, null)).toEqual({
      ok: true,
      value: { outcome: null, notes: null },
    });
    expect(codeOf(parseCompletion({ kind: 'email', status: 'open' }, 'nonsense', null))).toBe(
      'task_outcome_invalid@outcome',
    );
  });

  it('refuses to close a task twice', () => {
    expect(codeOf(parseCompletion({ kind: 'call', status: 'done' }, 'reached', null))).toBe(
      'task_not_open@id',
    );
    expect(codeOf(parseCompletion({ kind: 'review', status: 'cancelled' }, null, null))).toBe(
      'task_not_open@id',
    );
  });
});

describe('applyTaskChanges', () => {
  it('changes only what is given; null clears the assignee and the notes', () => {
    const assigned = { ...task, assigneeId: '00000000-0000-7000-8000-000000000009', notes: 'old' };
    const changed = applyTaskChanges(assigned, {
      dueOn: '2026-03-05',
      assigneeId: null,
      notes: null,
    });
    expect(changed.ok && changed.value).toMatchObject({
      dueOn: '2026-03-05',
      assigneeId: null,
      notes: null,
      title: 'Call the customer',
    });
    expect(applyTaskChanges(assigned, {})).toEqual({ ok: true, value: assigned });
  });

  it('refuses changes to a closed task and bad dates', () => {
    expect(codeOf(applyTaskChanges({ ...task, status: 'done' }, { title: 'x' }))).toBe(
      'task_not_open@id',
    );
    expect(codeOf(applyTaskChanges(task, { dueOn: 'soon' }))).toBe('date_invalid@due_on');
  });
});
