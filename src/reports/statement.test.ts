// Proves that a statement section lists its events in one fixed order whatever order they come in,
// that the running balance after the last line is the closing balance (and that a statement which
// does not add up is refused as a bug), and that the period, the line limit, the currencies and the
// descriptions follow their rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../core/assert.js';
import { calendarDate, type CalendarDate } from '../core/calendar-date.js';
import {
  addressLines,
  checkLineCount,
  describeEvent,
  statementCurrencies,
  statementLineTypes,
  statementPeriod,
  statementSection,
  type StatementEvent,
  type StatementFacts,
  type StatementLineType,
} from './statement.js';

function event(
  type: StatementLineType,
  on: string,
  amountMinor: bigint,
  number: string | null,
  eventId: string,
  facts: StatementFacts = {},
): StatementEvent {
  const documentType =
    type === 'credit_note'
      ? 'credit_note'
      : type === 'payment' || type === 'payment_reversal' || type === 'refund'
        ? 'payment'
        : 'invoice';
  return {
    type,
    on: calendarDate(on),
    currency: 'EUR',
    documentType,
    documentId: `doc-${eventId}`,
    eventId,
    number,
    amountMinor,
    facts,
  };
}

describe('statementSection', () => {
  const events = [
    event('payment', '2024-03-10', -15000n, 'P2', 'e5'),
    event('invoice', '2024-03-10', 30000n, 'INV-000005', 'e4'),
    event('discount', '2024-03-08', -1000n, 'INV-000003', 'e3'),
    event('payment', '2024-03-08', -49000n, 'P1', 'e2'),
    event('invoice', '2024-03-01', 50000n, 'INV-000003', 'e1'),
    event('invoice', '2024-03-10', 1000n, 'INV-000004', 'e6'),
  ];

  it('orders by date, then type, then number, and runs the balance from the opening one', () => {
    const section = statementSection('EUR', 23000n, events, 39000n);
    expect(
      section.lines.map((line) => [
        line.on,
        line.type,
        line.number,
        line.amountMinor,
        line.balanceMinor,
      ]),
    ).toEqual([
      ['2024-03-01', 'invoice', 'INV-000003', 50000n, 73000n],
      ['2024-03-08', 'payment', 'P1', -49000n, 24000n],
      ['2024-03-08', 'discount', 'INV-000003', -1000n, 23000n],
      ['2024-03-10', 'invoice', 'INV-000004', 1000n, 24000n],
      ['2024-03-10', 'invoice', 'INV-000005', 30000n, 54000n],
      ['2024-03-10', 'payment', 'P2', -15000n, 39000n],
    ]);
  });

  it('refuses lines that do not lead from the opening to the closing balance', () => {
    expect(() => statementSection('EUR', 23000n, events, 39001n)).toThrow(AssertionError);
    expect(() => statementSection('USD', 0n, events, 16000n)).toThrow(AssertionError);
  });

  it('gives an empty period its opening balance as the closing one', () => {
    expect(statementSection('EUR', 500n, [], 500n)).toEqual({
      currency: 'EUR',
      openingMinor: 500n,
      lines: [],
      closingMinor: 500n,
    });
  });

  it('opening plus the lines is the closing balance, and the order does not depend on the input order', () => {
    const arbitraryEvent = fc.record({
      type: fc.constantFrom(...statementLineTypes),
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
      number: fc.option(fc.constantFrom('A-1', 'A-2', 'B-1'), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
        fc.array(arbitraryEvent, { maxLength: 30 }),
        (opening, drawn) => {
          const list = drawn.map((d, index) =>
            event(
              d.type,
              `2024-03-${String(d.day).padStart(2, '0')}`,
              d.amount,
              d.number,
              `e${String(index).padStart(3, '0')}`,
            ),
          );
          const closing = list.reduce((sum, e) => sum + e.amountMinor, opening);
          const forward = statementSection('EUR', opening, list, closing);
          const backward = statementSection('EUR', opening, [...list].reverse(), closing);
          expect(backward).toEqual(forward);
          expect(forward.lines.at(-1)?.balanceMinor ?? opening).toBe(closing);
          for (let i = 1; i < forward.lines.length; i++)
            expect(forward.lines[i - 1]!.on <= forward.lines[i]!.on).toBe(true);
        },
      ),
    );
  });
});

describe('statementPeriod', () => {
  const to = calendarDate('2024-03-31');

  it('starts on the first day of the month of its end by default', () => {
    expect(statementPeriod(undefined, calendarDate('2024-02-29'))).toEqual({
      ok: true,
      value: { from: '2024-02-01', to: '2024-02-29' },
    });
    expect(statementPeriod(undefined, calendarDate('2024-03-01'))).toEqual({
      ok: true,
      value: { from: '2024-03-01', to: '2024-03-01' },
    });
  });

  it('takes one day, and refuses a start after the end naming from', () => {
    expect(statementPeriod(to, to)).toEqual({ ok: true, value: { from: to, to } });
    expect(statementPeriod(calendarDate('2024-04-01'), to)).toMatchObject({
      ok: false,
      error: { code: 'period_invalid', field: 'from' },
    });
  });
});

describe('checkLineCount', () => {
  it('accepts the limit and refuses one more', () => {
    expect(checkLineCount(3, 3)).toEqual({ ok: true, value: 3 });
    expect(checkLineCount(4, 3)).toMatchObject({
      ok: false,
      error: { code: 'statement_too_long', field: 'from' },
    });
  });
});

describe('statementCurrencies', () => {
  it('lists every currency with a balance or an event once, in order; the one asked for alone; else the customer’s', () => {
    expect(statementCurrencies(undefined, ['USD', 'EUR', 'USD'], 'GBP')).toEqual(['EUR', 'USD']);
    expect(statementCurrencies('CHF', ['USD'], 'GBP')).toEqual(['CHF']);
    expect(statementCurrencies(undefined, [], 'GBP')).toEqual(['GBP']);
  });
});

describe('describeEvent', () => {
  const on = '2024-03-05' as CalendarDate;
  const describe_ = (type: StatementLineType, number: string | null, facts: StatementFacts) =>
    describeEvent(event(type, on, 0n, number, 'x', facts));

  it('says what each line is', () => {
    expect(
      describe_('invoice', 'INV-1', { dueOn: calendarDate('2024-04-04'), poNumber: 'PO-7' }),
    ).toBe('Due 2024-04-04, PO PO-7');
    expect(
      describe_('invoice', 'INV-2', { dueOn: calendarDate('2024-04-04'), lateFee: true }),
    ).toBe('Late fee, due 2024-04-04');
    expect(describe_('invoice_void', 'INV-1', { reason: 'Duplicate' })).toBe('Voided: Duplicate');
    expect(describe_('credit_note', 'CN-1', { relatedNumber: 'INV-1', reason: 'Damaged' })).toBe(
      'Against INV-1; Damaged',
    );
    expect(describe_('credit_note', 'CN-2', {})).toBe('');
    expect(describe_('payment', 'P1', { appliedTo: ['INV-1', 'INV-2'] })).toBe(
      'Applied to INV-1, INV-2',
    );
    expect(describe_('payment', null, { appliedTo: [] })).toBe('Not applied to an invoice');
    expect(describe_('discount', 'INV-1', { relatedNumber: 'P1' })).toBe(
      'Early-payment discount with P1',
    );
    expect(describe_('write_off', 'INV-1', { reason: 'bad_debt' })).toBe('Written off: bad debt');
    expect(describe_('refund', 'P1', { reference: 'R-9' })).toBe('Refund of payment P1, ref R-9');
    expect(
      describe_('payment_reversal', 'P1', { reason: 'Cheque bounced', discountMinor: 1000n }),
    ).toBe('Reversed with discount 10.00: Cheque bounced');
    expect(describe_('payment_reversal', 'P1', { reason: 'Charge-back', discountMinor: 0n })).toBe(
      'Reversed: Charge-back',
    );
  });
});

describe('addressLines', () => {
  it('prints the address as envelope lines, leaving out what is missing', () => {
    expect(
      addressLines({ line1: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' }),
    ).toEqual(['Hauptstr. 1', '10115 Berlin', 'DE']);
    expect(addressLines(null)).toEqual([]);
  });
});
