import { currencyExponent, formatAmount } from '../core/money.js';

/**
 * The collector's work queue: which account to call first today. Each customer and currency with
 * something overdue or a task due gets a score, the sum of points from six factors, and the
 * factors are shown beside the rank so that a collector can see why. Pure: the facts are gathered
 * as of a date by the caller.
 *
 * Amounts count on a logarithmic scale of major units, so that a score needs no exchange rate
 * and a tenfold larger debt adds a fixed number of points rather than ten times as many.
 *
 * | factor          | points                                                                      |
 * |-----------------|-----------------------------------------------------------------------------|
 * | amount_overdue  | 10 per tenfold of the overdue amount: 10 × log10(1 + major units)           |
 * |                 | (EUR 100 → 20, EUR 10,000 → 40, EUR 1,000,000 → 60)                           |
 * | days_overdue    | 0.3 per day the oldest overdue invoice is past due, at most 36 (120 days)    |
 * | broken_promises | 10 per promise to pay broken in the last 365 days, at most 30                |
 * | risk            | 0.5 per day late on average (amount-weighted, payments of the last 365      |
 * |                 | days), at most 20 (40 days); 10 more when the customer is on credit hold     |
 * | account_size    | 3 per tenfold of the whole open balance (overdue or not): 3 × log10(1 + major)|
 * | open_tasks_due  | 5 per open task due on the date or earlier, at most 15                       |
 *
 * So the overdue amount leads, and age, a record of broken promises and late payment can each
 * outweigh a tenfold difference in amount. Points are rounded to tenths.
 */
export const scoreWeights = {
  amountOverduePerTenfold: 10,
  daysOverduePerDay: 0.3,
  daysOverduePointsMax: 36,
  brokenPromisePoints: 10,
  brokenPromisesPointsMax: 30,
  riskPerDayLate: 0.5,
  riskLatenessPointsMax: 20,
  riskCreditHoldPoints: 10,
  accountSizePerTenfold: 3,
  openTaskDuePoints: 5,
  openTasksDuePointsMax: 15,
} as const;

export const scoreFactors = [
  'amount_overdue',
  'days_overdue',
  'broken_promises',
  'risk',
  'account_size',
  'open_tasks_due',
] as const;
export type ScoreFactor = (typeof scoreFactors)[number];

/** What is known of one customer's account in one currency on the day the queue is for. */
export interface AccountFacts {
  readonly currency: string;
  /** Open balance of invoices past their due date, in minor units. */
  readonly overdueMinor: bigint;
  /** Days the oldest overdue invoice is past due; 0 when nothing is overdue. */
  readonly oldestOverdueDays: number;
  /** Promises to pay broken in the 365 days up to the date. */
  readonly brokenPromises: number;
  /** Amount-weighted days late of payments applied in the 365 days up to the date; null without any. */
  readonly averageDaysLate: number | null;
  readonly creditHold: boolean;
  /** Open balance of all its invoices, due or not, in minor units. */
  readonly openMinor: bigint;
  /** The customer's open tasks due on the date or earlier. */
  readonly tasksDue: number;
}

export interface ScoreReason {
  readonly factor: ScoreFactor;
  readonly points: number;
  readonly text: string;
}

export interface AccountScore {
  readonly score: number;
  /** The factors that gave points, most points first. */
  readonly reasons: readonly ScoreReason[];
}

const tenths = (value: number) => Math.round(value * 10) / 10;

/** log10(1 + amount in major units), from minor units, without losing the sign of tiny amounts. */
function tenfolds(minor: bigint, currency: string): number {
  if (minor <= 0n) return 0;
  return Math.log10(1 + Number(minor) / 10 ** currencyExponent(currency));
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "EUR 12,400.00": the amount with its currency and thousands separated, for people. */
export function moneyText(minor: bigint, currency: string): string {
  const [whole = '', fraction] = formatAmount(minor, currency).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

function riskReason(facts: AccountFacts): ScoreReason | undefined {
  const late =
    facts.averageDaysLate !== null && facts.averageDaysLate > 0 ? facts.averageDaysLate : 0;
  const latePoints = Math.min(
    late * scoreWeights.riskPerDayLate,
    scoreWeights.riskLatenessPointsMax,
  );
  const points = tenths(latePoints + (facts.creditHold ? scoreWeights.riskCreditHoldPoints : 0));
  if (points === 0) return undefined;
  const parts = [
    ...(late > 0 ? [`pays ${plural(Math.round(late), 'day', 'days')} late on average`] : []),
    ...(facts.creditHold ? ['on credit hold'] : []),
  ];
  return { factor: 'risk', points, text: parts.join(', ') };
}

function factorReasons(facts: AccountFacts): (ScoreReason | undefined)[] {
  const { currency } = facts;
  const w = scoreWeights;
  return [
    facts.overdueMinor > 0n
      ? {
          factor: 'amount_overdue',
          points: tenths(w.amountOverduePerTenfold * tenfolds(facts.overdueMinor, currency)),
          text: `${moneyText(facts.overdueMinor, currency)} overdue`,
        }
      : undefined,
    facts.oldestOverdueDays > 0
      ? {
          factor: 'days_overdue',
          points: tenths(
            Math.min(facts.oldestOverdueDays * w.daysOverduePerDay, w.daysOverduePointsMax),
          ),
          text: `oldest ${plural(facts.oldestOverdueDays, 'day', 'days')} overdue`,
        }
      : undefined,
    facts.brokenPromises > 0
      ? {
          factor: 'broken_promises',
          points: Math.min(facts.brokenPromises * w.brokenPromisePoints, w.brokenPromisesPointsMax),
          text: `${plural(facts.brokenPromises, 'broken promise', 'broken promises')} in the last year`,
        }
      : undefined,
    riskReason(facts),
    facts.openMinor > 0n
      ? {
          factor: 'account_size',
          points: tenths(w.accountSizePerTenfold * tenfolds(facts.openMinor, currency)),
          text: `${moneyText(facts.openMinor, currency)} open in total`,
        }
      : undefined,
    facts.tasksDue > 0
      ? {
          factor: 'open_tasks_due',
          points: Math.min(facts.tasksDue * w.openTaskDuePoints, w.openTasksDuePointsMax),
          text: `${plural(facts.tasksDue, 'task', 'tasks')} due`,
        }
      : undefined,
  ];
}

/** The score of one account and the factors behind it. */
export function scoreAccount(facts: AccountFacts): AccountScore {
  const reasons = factorReasons(facts)
    .filter((reason): reason is ScoreReason => reason !== undefined && reason.points > 0)
    .sort(
      (a, b) =>
        b.points - a.points || scoreFactors.indexOf(a.factor) - scoreFactors.indexOf(b.factor),
    );
  return { score: tenths(reasons.reduce((sum, reason) => sum + reason.points, 0)), reasons };
}

/** An account in the queue: who, and the facts as of the date. */
export interface QueueCandidate<Customer> {
  readonly customer: Customer & { readonly ref: string };
  readonly facts: AccountFacts;
  /** The customer's collections are paused: listed, but after everyone who may be chased. */
  readonly paused: boolean;
}

export interface QueueEntry<Customer> extends QueueCandidate<Customer>, AccountScore {
  readonly rank: number;
}

/** Whether an account belongs in the queue at all: something overdue, or a task due. */
export function needsWork(facts: AccountFacts): boolean {
  return facts.overdueMinor > 0n || facts.tasksDue > 0;
}

/** Code-point order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ranks accounts: those not paused first, then by score, the older debt and the customer's
 * reference breaking ties so that the order is the same on every call.
 */
export function rankQueue<Customer>(
  candidates: readonly QueueCandidate<Customer>[],
): QueueEntry<Customer>[] {
  return candidates
    .filter((candidate) => needsWork(candidate.facts))
    .map((candidate) => ({ ...candidate, ...scoreAccount(candidate.facts) }))
    .sort(
      (a, b) =>
        Number(a.paused) - Number(b.paused) ||
        b.score - a.score ||
        b.facts.oldestOverdueDays - a.facts.oldestOverdueDays ||
        compareText(a.customer.ref, b.customer.ref) ||
        compareText(a.facts.currency, b.facts.currency),
    )
    .map((entry, index) => ({ ...entry, rank: index + 1 }));
}
