// Proves that the work queue's score is the documented sum of its factors, worked out by hand for
// a few accounts, that amounts count in major units of their own currency (no conversion), that
// more debt or more age never lowers a score, and that the ranking puts paused customers last and
// breaks ties the same way every time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  moneyText,
  rankQueue,
  scoreAccount,
  type AccountFacts,
  type QueueCandidate,
} from './work-queue.js';

const quiet: AccountFacts = {
  currency: 'EUR',
  overdueMinor: 0n,
  oldestOverdueDays: 0,
  brokenPromises: 0,
  averageDaysLate: null,
  creditHold: false,
  openMinor: 0n,
  tasksDue: 0,
};

describe('scoreAccount: worked examples', () => {
  it('adds up every factor of a late payer with broken promises', () => {
    const result = scoreAccount({
      currency: 'EUR',
      overdueMinor: 1_240_000n,
      oldestOverdueDays: 64,
      brokenPromises: 2,
      averageDaysLate: 12,
      creditHold: false,
      openMinor: 2_000_000n,
      tasksDue: 1,
    });
    // 10 × log10(12,401) = 40.93; 64 × 0.3 = 19.2; 2 × 10; 12 × 0.5; 3 × log10(20,001) = 12.90; 1 × 5.
    expect(result.reasons).toEqual([
      { factor: 'amount_overdue', points: 40.9, text: 'EUR 12,400.00 overdue' },
      { factor: 'broken_promises', points: 20, text: '2 broken promises in the last year' },
      { factor: 'days_overdue', points: 19.2, text: 'oldest 64 days overdue' },
      { factor: 'account_size', points: 12.9, text: 'EUR 20,000.00 open in total' },
      { factor: 'risk', points: 6, text: 'pays 12 days late on average' },
      { factor: 'open_tasks_due', points: 5, text: '1 task due' },
    ]);
    expect(result.score).toBe(104);
  });

  it('caps age, promises, lateness and tasks, and adds a credit hold to the risk', () => {
    const result = scoreAccount({
      currency: 'JPY',
      overdueMinor: 1_000_000n,
      oldestOverdueDays: 400,
      brokenPromises: 5,
      averageDaysLate: 90,
      creditHold: true,
      openMinor: 1_000_000n,
      tasksDue: 7,
    });
    // JPY has no minor unit: ¥1,000,000 is 10 × log10(1,000,001) = 60 points and 3 × 6 = 18.
    expect(result.reasons).toEqual([
      { factor: 'amount_overdue', points: 60, text: 'JPY 1,000,000 overdue' },
      { factor: 'days_overdue', points: 36, text: 'oldest 400 days overdue' },
      { factor: 'broken_promises', points: 30, text: '5 broken promises in the last year' },
      { factor: 'risk', points: 30, text: 'pays 90 days late on average, on credit hold' },
      { factor: 'account_size', points: 18, text: 'JPY 1,000,000 open in total' },
      { factor: 'open_tasks_due', points: 15, text: '7 tasks due' },
    ]);
    expect(result.score).toBe(189);
  });

  it('scores a task due on an account with nothing overdue by the task alone, and ignores paying early', () => {
    const result = scoreAccount({ ...quiet, tasksDue: 1, averageDaysLate: -3 });
    expect(result).toEqual({
      score: 5,
      reasons: [{ factor: 'open_tasks_due', points: 5, text: '1 task due' }],
    });
    expect(scoreAccount(quiet)).toEqual({ score: 0, reasons: [] });
  });

  it('writes a day and a promise in the singular, rounds lateness to whole days and orders ties by factor', () => {
    const result = scoreAccount({
      ...quiet,
      overdueMinor: 5n,
      oldestOverdueDays: 1,
      brokenPromises: 1,
      averageDaysLate: 0.6,
      openMinor: 5n,
    });
    // 10 × log10(1.05) = 0.21; 1 × 0.3; 10; 0.6 × 0.5 = 0.3 (after days_overdue, in factor order); 3 × log10(1.05) = 0.06.
    expect(result.reasons).toEqual([
      { factor: 'broken_promises', points: 10, text: '1 broken promise in the last year' },
      { factor: 'days_overdue', points: 0.3, text: 'oldest 1 day overdue' },
      { factor: 'risk', points: 0.3, text: 'pays 1 day late on average' },
      { factor: 'amount_overdue', points: 0.2, text: 'EUR 0.05 overdue' },
      { factor: 'account_size', points: 0.1, text: 'EUR 0.05 open in total' },
    ]);
    expect(result.score).toBe(10.9);
  });
});

describe('moneyText', () => {
  it('groups thousands and keeps the currency exponent', () => {
    expect(moneyText(1_240_000n, 'EUR')).toBe('EUR 12,400.00');
    expect(moneyText(123_456_789n, 'JPY')).toBe('JPY 123,456,789');
    expect(moneyText(1_234_567n, 'KWD')).toBe('KWD 1,234.567');
    expect(moneyText(-100_000n, 'USD')).toBe('USD -1,000.00');
    expect(moneyText(99n, 'EUR')).toBe('EUR 0.99');
  });
});

const factsArbitrary = fc.record({
  currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
  overdueMinor: fc.bigInt({ min: 0n, max: 10n ** 15n }),
  oldestOverdueDays: fc.integer({ min: 0, max: 3000 }),
  brokenPromises: fc.integer({ min: 0, max: 20 }),
  averageDaysLate: fc.option(fc.double({ min: -100, max: 400, noNaN: true }), { nil: null }),
  creditHold: fc.boolean(),
  openMinor: fc.bigInt({ min: 0n, max: 10n ** 15n }),
  tasksDue: fc.integer({ min: 0, max: 50 }),
});

describe('scoreAccount: properties', () => {
  it('the score is the sum of its reasons, each worth points', () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const { score, reasons } = scoreAccount(facts);
        const sum =
          Math.round(reasons.reduce((total, reason) => total + reason.points * 10, 0)) / 10;
        expect(score).toBeCloseTo(sum, 9);
        expect(reasons.every((reason) => reason.points > 0)).toBe(true);
      }),
    );
  });

  it('more overdue money, older debt or more broken promises never lower the score', () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 5 }),
        (facts, more, days, promises) => {
          const worse = {
            ...facts,
            overdueMinor: facts.overdueMinor + more,
            oldestOverdueDays: facts.oldestOverdueDays + days,
            brokenPromises: facts.brokenPromises + promises,
          };
          expect(scoreAccount(worse).score).toBeGreaterThanOrEqual(scoreAccount(facts).score);
        },
      ),
    );
  });

  it('the same amount in major units scores the same in any currency, so no conversion is needed', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 0, max: 400 }),
        (major, days) => {
          const inEuro = scoreAccount({
            ...quiet,
            currency: 'EUR',
            overdueMinor: major * 100n,
            openMinor: major * 100n,
            oldestOverdueDays: days,
          });
          const inYen = scoreAccount({
            ...quiet,
            currency: 'JPY',
            overdueMinor: major,
            openMinor: major,
            oldestOverdueDays: days,
          });
          expect(inYen.score).toBe(inEuro.score);
        },
      ),
    );
  });
});

type Customer = { ref: string };
const candidate = (
  ref: string,
  facts: Partial<AccountFacts>,
  paused = false,
): QueueCandidate<Customer> => ({
  customer: { ref },
  facts: { ...quiet, ...facts },
  paused,
});

describe('rankQueue', () => {
  it('leaves out accounts with nothing overdue and no task due, and ranks paused customers last', () => {
    const ranked = rankQueue([
      candidate('SMALL', { overdueMinor: 10_000n, oldestOverdueDays: 5, openMinor: 10_000n }),
      candidate(
        'PAUSED',
        { overdueMinor: 99_000_000n, oldestOverdueDays: 300, openMinor: 99_000_000n },
        true,
      ),
      candidate('BIG', { overdueMinor: 5_000_000n, oldestOverdueDays: 40, openMinor: 5_000_000n }),
      candidate('NOT-DUE', { openMinor: 70_000_000n }),
      candidate('TASK', { tasksDue: 1 }),
    ]);
    expect(ranked.map((entry) => [entry.rank, entry.customer.ref])).toEqual([
      [1, 'BIG'],
      [2, 'SMALL'],
      [3, 'TASK'],
      [4, 'PAUSED'],
    ]);
  });

  it('breaks equal scores by the older debt, then the reference', () => {
    const same = { overdueMinor: 100_000n, openMinor: 100_000n };
    // Age counts up to 120 days, so 120 and 200 days score alike and only the tie-break tells them apart.
    const ranked = rankQueue([
      candidate('B', { ...same, oldestOverdueDays: 120 }),
      candidate('A', { ...same, oldestOverdueDays: 120 }),
      candidate('C', { ...same, oldestOverdueDays: 200 }),
    ]);
    expect(new Set(ranked.map((entry) => entry.score)).size).toBe(1);
    expect(ranked.map((entry) => entry.customer.ref)).toEqual(['C', 'A', 'B']);
  });

  it('ranks are 1 to n, every paused account after every other, scores descending within each', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(factsArbitrary, fc.boolean()), { maxLength: 30 }), (rows) => {
        const ranked = rankQueue(
          rows.map(([facts, paused], index) => ({ customer: { ref: `C${index}` }, facts, paused })),
        );
        expect(ranked.map((entry) => entry.rank)).toEqual(ranked.map((_, index) => index + 1));
        for (let index = 1; index < ranked.length; index++) {
          const [before, after] = [ranked[index - 1]!, ranked[index]!];
          expect(Number(before.paused)).toBeLessThanOrEqual(Number(after.paused));
          if (before.paused === after.paused)
            expect(before.score).toBeGreaterThanOrEqual(after.score);
        }
      }),
    );
  });
});
