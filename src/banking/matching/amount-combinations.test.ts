import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, type CalendarDate } from '../../core/calendar-date.js';
import {
  amountReadings,
  defaultSearchLimits,
  smallSetReadings,
  type AmountReadings,
  type OpenInvoice,
} from './amount-combinations.js';

const paid = calendarDate('2026-03-10');

function invoice(
  id: string,
  openMinor: bigint,
  dueDate: string,
  discount?: { minor: bigint; until: string },
): OpenInvoice {
  return {
    id,
    openMinor,
    dueDate: calendarDate(dueDate),
    discountMinor: discount?.minor,
    discountUntil: discount ? calendarDate(discount.until) : null,
  };
}

/** [kind, ids and discounts] of each reading. */
function summary(result: AmountReadings): [string, string][] {
  return result.readings.map((reading) => [
    reading.kind,
    reading.parts
      .map((part) =>
        part.discount === 'none' ? part.invoiceId : `${part.invoiceId}:${part.discount}`,
      )
      .join('+'),
  ]);
}

describe('readings of an amount', () => {
  const invoices = [
    invoice('A', 100_00n, '2026-01-31'),
    invoice('B', 250_00n, '2026-02-28', { minor: 5_00n, until: '2026-03-14' }),
    invoice('C', 150_00n, '2026-02-15'),
    invoice('D', 400_00n, '2026-03-31', { minor: 8_00n, until: '2026-03-05' }),
  ];

  it('reads one invoice paid in full as unique', () => {
    const result = amountReadings({ amountMinor: 100_00n, paymentDate: paid, invoices });
    expect(result.outcome).toBe('unique');
    expect(summary(result)).toEqual([['single', 'A']]);
    expect(result.searchedAll).toBe(true);
  });

  it('reads a sum of several invoices', () => {
    const result = amountReadings({ amountMinor: 550_00n, paymentDate: paid, invoices });
    expect(summary(result)).toEqual([['combination', 'C+D']]);
    expect(result.outcome).toBe('unique');
  });

  it('lists every reading when there are several, the fewest invoices first', () => {
    const several = amountReadings({ amountMinor: 650_00n, paymentDate: paid, invoices });
    expect(several.outcome).toBe('several');
    expect(summary(several)).toEqual([
      ['combination', 'B+D'],
      ['combination', 'A+C+D'],
    ]);
    const single = amountReadings({ amountMinor: 250_00n, paymentDate: paid, invoices });
    expect(summary(single)).toEqual([
      ['single', 'B'],
      ['combination', 'A+C'],
    ]);
  });

  it('reads an earned discount, and flags one taken late', () => {
    const earned = amountReadings({ amountMinor: 245_00n, paymentDate: paid, invoices });
    expect(summary(earned)).toEqual([['single-with-discount', 'B:earned']]);
    expect(earned.outcome).toBe('unique');
    expect(earned.readings[0]!.parts[0]).toEqual({
      invoiceId: 'B',
      paidMinor: 245_00n,
      discountMinor: 5_00n,
      discount: 'earned',
    });
    const late = amountReadings({ amountMinor: 392_00n, paymentDate: paid, invoices });
    expect(summary(late)).toEqual([['single-with-discount', 'D:late']]);
    expect(late.readings[0]!.lateDiscount).toBe(true);
    const mixed = amountReadings({ amountMinor: 345_00n, paymentDate: paid, invoices });
    expect(summary(mixed)).toEqual([['combination-with-discount', 'A+B:earned']]);
  });

  it('says "none" only when it looked everywhere', () => {
    const result = amountReadings({ amountMinor: 123_45n, paymentDate: paid, invoices });
    expect(result.outcome).toBe('none');
    expect(result.readings).toEqual([]);
    expect(amountReadings({ amountMinor: 0n, paymentDate: paid, invoices }).outcome).toBe('none');
  });

  it('finds two invoices of the same amount as two readings, not one', () => {
    const twins = [invoice('X', 99_00n, '2026-01-01'), invoice('Y', 99_00n, '2026-02-01')];
    const result = amountReadings({ amountMinor: 99_00n, paymentDate: paid, invoices: twins });
    expect(result.outcome).toBe('several');
    expect(summary(result)).toEqual([
      ['single', 'X'],
      ['single', 'Y'],
    ]);
  });

  it('prefers the reading of the oldest invoices', () => {
    const series = [
      invoice('new', 50_00n, '2026-03-01'),
      invoice('old', 50_00n, '2026-01-01'),
      invoice('mid', 50_00n, '2026-02-01'),
    ];
    const result = amountReadings({ amountMinor: 100_00n, paymentDate: paid, invoices: series });
    expect(summary(result)).toEqual([
      ['combination', 'old+mid'],
      ['combination', 'old+new'],
      ['combination', 'mid+new'],
    ]);
  });

  it('keeps at most 6 invoices in a reading', () => {
    const seven = Array.from({ length: 7 }, (_, i) =>
      invoice(`I${i}`, 10_00n * 2n ** BigInt(i), `2026-01-0${i + 1}`),
    );
    const all = amountReadings({ amountMinor: 1270_00n, paymentDate: paid, invoices: seven });
    expect(all.outcome).toBe('none');
    const six = amountReadings({ amountMinor: 630_00n, paymentDate: paid, invoices: seven });
    expect(six.outcome).toBe('unique');
  });

  it('says "incomplete" when invoices were left out, yet finds a single one among them', () => {
    const many = Array.from({ length: 45 }, (_, i) =>
      invoice(`I${i}`, 1_000_00n + BigInt(i), addDays(calendarDate('2025-01-01'), i)),
    );
    const single = amountReadings({ amountMinor: 1_000_44n, paymentDate: paid, invoices: many });
    expect(single.invoicesLeftOut).toBe(5);
    expect(summary(single)).toEqual([['single', 'I44']]);
    expect(single.outcome).toBe('incomplete');
    expect(single.stoppedBy).toBe('invoices');
  });

  it('says "incomplete", never "none", when the budget runs out', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      invoice(`I${i}`, 1_000_00n + BigInt(i * 37), addDays(calendarDate('2025-01-01'), i)),
    );
    // Six of them add up to 6,000.00 plus a multiple of 0.37: never 6,000.01, but only trying
    // every set of up to six of 40 shows it.
    const result = amountReadings({ amountMinor: 6_000_01n, paymentDate: paid, invoices: many });
    expect(result.outcome).toBe('incomplete');
    expect(result.stoppedBy).toBe('steps');
    expect(result.steps).toBe(defaultSearchLimits.stepsMax + 1);
  });

  it('knows at once that invoices adding up to less than the amount give no reading', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      invoice(`I${i}`, 1_000_00n, addDays(calendarDate('2025-01-01'), i)),
    );
    const result = amountReadings({ amountMinor: 40_000_01n, paymentDate: paid, invoices: many });
    expect(result.outcome).toBe('none');
    expect(result.steps).toBe(0);
  });

  it('knows at once that six invoices cannot make an amount that needs seven', () => {
    const same = Array.from({ length: 40 }, (_, i) =>
      invoice(`I${i}`, 1_000_00n, addDays(calendarDate('2025-01-01'), i)),
    );
    // 40 invoices add up to far more than 7,000.00, but no six of them do: the search need not
    // try every set of six to say "none".
    const result = amountReadings({ amountMinor: 7_000_00n, paymentDate: paid, invoices: same });
    expect(result.outcome).toBe('none');
    expect(result.steps).toBe(0);
    const six = amountReadings({ amountMinor: 6_000_00n, paymentDate: paid, invoices: same });
    expect(six.outcome).toBe('several');
  });

  it('searches amounts too large to add exactly for one invoice only, and says so', () => {
    const huge = 2n ** 52n;
    const invoices = [
      invoice('A', huge, '2026-01-01'),
      invoice('B', huge, '2026-01-02'),
      invoice('C', 5_00n, '2026-01-03'),
    ];
    const pair = amountReadings({ amountMinor: 2n * huge, paymentDate: paid, invoices });
    expect(pair.outcome).toBe('incomplete');
    expect(pair.stoppedBy).toBe('amounts');
    const single = amountReadings({ amountMinor: huge, paymentDate: paid, invoices });
    expect(summary(single)).toEqual([
      ['single', 'A'],
      ['single', 'B'],
    ]);
    expect(single.outcome).toBe('several');
  });

  it('stops at the readings cap and reports several', () => {
    const same = Array.from({ length: 12 }, (_, i) =>
      invoice(`I${String(i).padStart(2, '0')}`, 10_00n, '2026-01-01'),
    );
    const result = amountReadings({ amountMinor: 30_00n, paymentDate: paid, invoices: same });
    expect(result.outcome).toBe('several');
    expect(result.readings).toHaveLength(defaultSearchLimits.readingsMax);
    expect(result.stoppedBy).toBe('readings');
  });
});

/** Every reading there is, by trying every way to pay each invoice (skip, in full, discounted). */
function bruteForce(
  amount: bigint,
  paymentDate: CalendarDate,
  invoices: readonly OpenInvoice[],
  partsMax: number,
): string[] {
  const readings: string[] = [];
  const walk = (i: number, sum: bigint, parts: string[]) => {
    if (i === invoices.length) {
      if (parts.length > 0 && parts.length <= partsMax && sum === amount) {
        readings.push([...parts].sort().join('+'));
      }
      return;
    }
    const inv = invoices[i]!;
    walk(i + 1, sum, parts);
    walk(i + 1, sum + inv.openMinor, [...parts, `${inv.id}=${inv.openMinor}`]);
    const discount = inv.discountMinor ?? 0n;
    if (discount > 0n && discount < inv.openMinor && inv.discountUntil) {
      walk(i + 1, sum + inv.openMinor - discount, [
        ...parts,
        `${inv.id}=${inv.openMinor - discount}`,
      ]);
    }
  };
  walk(0, 0n, []);
  return readings.sort();
}

const anyInvoices = fc
  .array(
    fc.record({
      open: fc.bigInt({ min: 1n, max: 500n }),
      due: fc.integer({ min: 0, max: 90 }),
      discount: fc.option(
        fc.record({
          minor: fc.bigInt({ min: 1n, max: 40n }),
          until: fc.integer({ min: 0, max: 90 }),
        }),
        { nil: undefined },
      ),
    }),
    { minLength: 0, maxLength: 9 },
  )
  .map((list) =>
    list.map((raw, i) =>
      invoice(
        `I${i}`,
        raw.open,
        addDays(calendarDate('2026-01-01'), raw.due),
        raw.discount && {
          minor: raw.discount.minor,
          until: addDays(calendarDate('2026-01-01'), raw.discount.until),
        },
      ),
    ),
  );

const payment = fc
  .integer({ min: 0, max: 120 })
  .map((day) => addDays(calendarDate('2026-01-01'), day));

/** Each reading as "id=paid+id=paid", in the form bruteForce gives them. */
function setKeys(readings: AmountReadings['readings']): string[] {
  return readings
    .map((reading) =>
      reading.parts
        .map((part) => `${part.invoiceId}=${part.paidMinor}`)
        .sort()
        .join('+'),
    )
    .sort();
}

describe('readings, checked against every way to pay', () => {
  it('every reading adds up to the amount, and the outcome agrees with the full enumeration', () => {
    fc.assert(
      fc.property(
        anyInvoices,
        payment,
        fc.bigInt({ min: 1n, max: 1500n }),
        fc.integer({ min: 1, max: 6 }),
        (invoices, paymentDate, amount, partsMax) => {
          const limits = { ...defaultSearchLimits, partsMax, readingsMax: 1000 };
          const result = amountReadings({ amountMinor: amount, paymentDate, invoices }, limits);
          for (const reading of result.readings) {
            const sum = reading.parts.reduce((total, part) => total + part.paidMinor, 0n);
            expect(sum).toBe(amount);
            expect(reading.parts.length).toBeLessThanOrEqual(partsMax);
            expect(new Set(reading.parts.map((part) => part.invoiceId)).size).toBe(
              reading.parts.length,
            );
            for (const part of reading.parts) {
              const inv = invoices.find((candidate) => candidate.id === part.invoiceId)!;
              expect(part.paidMinor + part.discountMinor).toBe(inv.openMinor);
              if (part.discount !== 'none') {
                expect(part.discount).toBe(paymentDate <= inv.discountUntil! ? 'earned' : 'late');
              }
            }
          }
          const expected = bruteForce(amount, paymentDate, invoices, partsMax);
          const got = setKeys(result.readings);
          expect(got).toEqual(expected);
          expect(result.outcome).toBe(
            expected.length === 0 ? 'none' : expected.length === 1 ? 'unique' : 'several',
          );
        },
      ),
      { seed: 14_013, numRuns: 700 },
    );
  });

  it('reports a sum that only one set of invoices makes as unique, whichever set it is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.shuffledSubarray([...Array(12).keys()]),
        (count, picks, order) => {
          // Powers of two: no two sets of invoices have the same sum.
          const invoices = order
            .filter((i) => i < count)
            .map((i) =>
              invoice(`P${i}`, 100n * 2n ** BigInt(i), addDays(calendarDate('2026-01-01'), i)),
            );
          const chosen = invoices.filter((_, i) => picks[i]).slice(0, 6);
          fc.pre(chosen.length > 0);
          const amount = chosen.reduce((sum, inv) => sum + inv.openMinor, 0n);
          const result = amountReadings({ amountMinor: amount, paymentDate: paid, invoices });
          expect(result.outcome).toBe('unique');
          expect(result.readings[0]!.parts.map((part) => part.invoiceId).sort()).toEqual(
            chosen.map((inv) => inv.id).sort(),
          );
        },
      ),
      { seed: 14_014, numRuns: 500 },
    );
  });

  it('never says "none" or "unique" when the budget ran out before it knew', () => {
    fc.assert(
      fc.property(
        anyInvoices,
        payment,
        fc.bigInt({ min: 1n, max: 1500n }),
        fc.integer({ min: 1, max: 40 }),
        (invoices, paymentDate, amount, stepsMax) => {
          const limits = { ...defaultSearchLimits, stepsMax, readingsMax: 1000 };
          const result = amountReadings({ amountMinor: amount, paymentDate, invoices }, limits);
          const expected = bruteForce(amount, paymentDate, invoices, limits.partsMax);
          if (result.stoppedBy === 'steps') {
            expect(result.searchedAll).toBe(false);
            expect(['several', 'incomplete']).toContain(result.outcome);
          }
          if (result.outcome === 'none') expect(expected).toEqual([]);
          if (result.outcome === 'unique') expect(expected).toHaveLength(1);
          if (result.outcome === 'several') expect(expected.length).toBeGreaterThanOrEqual(2);
          expect(result.steps).toBeLessThanOrEqual(stepsMax + 1);
        },
      ),
      { seed: 14_015, numRuns: 700 },
    );
  });
});

describe('small sets, among all the open invoices', () => {
  it('finds every set of at most partsMax invoices there is, each once, as the full enumeration does', () => {
    fc.assert(
      fc.property(
        anyInvoices,
        payment,
        fc.bigInt({ min: 1n, max: 1500n }),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        (invoices, paymentDate, amount, partsMax) => {
          const result = smallSetReadings(
            { amountMinor: amount, paymentDate, invoices },
            { partsMax, invoicesMax: 400, readingsMax: 1000 },
          );
          const got = setKeys(result.readings);
          expect(got).toEqual(bruteForce(amount, paymentDate, invoices, partsMax));
          expect(result).toMatchObject({ searchedAll: true, completeUpTo: partsMax });
          // In the order amountReadings gives them.
          const general = amountReadings(
            { amountMinor: amount, paymentDate, invoices },
            { ...defaultSearchLimits, partsMax, readingsMax: 1000 },
          );
          expect(result.readings).toEqual(general.readings);
        },
      ),
      { seed: 14_016, numRuns: 700 },
    );
  });

  it('looks beyond the oldest 40 invoices and the step budget', () => {
    const invoices = Array.from({ length: 300 }, (_, i) =>
      invoice(`N${i}`, 1_000n + BigInt(i) * 7n, '2026-01-01'),
    );
    // The two newest invoices add up to this, and nothing else does: 2,000 + 7 × (298 + 299).
    const amount = 1_000n + 298n * 7n + 1_000n + 299n * 7n;
    const result = smallSetReadings({ amountMinor: amount, paymentDate: paid, invoices });
    expect(result.searchedAll).toBe(true);
    const pairs = result.readings.filter((reading) => reading.parts.length === 2);
    expect(pairs.map((r) => r.parts.map((part) => part.invoiceId).sort())).toContainEqual([
      'N298',
      'N299',
    ]);
    expect(amountReadings({ amountMinor: amount, paymentDate: paid, invoices }).outcome).not.toBe(
      'unique',
    );
  });

  it('finds the fewer invoices first, so the cap stops it among the larger sets only', () => {
    // Twenty invoices of 1 make 1,140 triples of 3; one invoice of 3 is the only single.
    const invoices = [
      ...Array.from({ length: 20 }, (_, i) => invoice(`U${i}`, 1n, '2026-01-01')),
      invoice('T', 3n, '2026-01-02'),
    ];
    const result = smallSetReadings(
      { amountMinor: 3n, paymentDate: paid, invoices },
      { partsMax: 3, invoicesMax: 400, readingsMax: 10 },
    );
    expect(result.readings).toHaveLength(10);
    expect(result.completeUpTo).toBe(2);
    expect(result.searchedAll).toBe(false);
    expect(result.readings[0]!.parts.map((part) => part.invoiceId)).toEqual(['T']);
  });

  it('says it did not search more invoices than its limit', () => {
    const invoices = Array.from({ length: 5 }, (_, i) => invoice(`L${i}`, 10n, '2026-01-01'));
    expect(
      smallSetReadings(
        { amountMinor: 10n, paymentDate: paid, invoices },
        { partsMax: 3, invoicesMax: 4, readingsMax: 10 },
      ),
    ).toEqual({ readings: [], searchedAll: false, completeUpTo: 0 });
  });
});
