/**
 * How often a set of a customer's open invoices adds up to an amount by chance. Among many open
 * invoices some set of three adds up to almost any amount (400 invoices make ten million sets),
 * so a known payer's amount that equals one such set says little; among a few, a set that adds
 * up is rarely a coincidence. The matcher counts a set as a reading of a payment by amount alone
 * only when sets of its size would match an arbitrary amount (a part payment, a payment of
 * something else) rarely.
 *
 * The estimate: the expected number of sets of `size` invoices whose amounts add up to the amount
 * exactly, taking the amounts as independent draws from a normal distribution with the mean and
 * spread of the customer's open amounts: C(n, size) × options^size × the density of a sum of
 * `size` draws at the amount, per minor unit. The spread is at least a quarter of the mean, as a
 * few invoices say little about it, so a customer with one open invoice is not taken to invoice
 * that amount only.
 */

export interface ChanceSums {
  /** For each size from 1: the expected number of sets of that size adding up by chance. */
  readonly expected: readonly number[];
}

function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 0; i < k; i++) result = (result * (n - i)) / (i + 1);
  return result;
}

/**
 * @param amountMinor the payment
 * @param openMinor the open amounts of the customer's invoices (positive)
 * @param optionsPerInvoice how many amounts an invoice can be paid with on average (1 to 2: in
 *   full, or less an earned discount)
 * @param sizeMax the largest set size to estimate
 */
export function chanceSums(
  amountMinor: bigint,
  openMinor: readonly bigint[],
  optionsPerInvoice: number,
  sizeMax: number,
): ChanceSums {
  const n = openMinor.length;
  if (n === 0) return { expected: Array.from({ length: sizeMax }, () => 0) };
  const amounts = openMinor.map(Number);
  const mean = amounts.reduce((sum, amount) => sum + amount, 0) / n;
  const variance = amounts.reduce((sum, amount) => sum + (amount - mean) ** 2, 0) / n;
  const spread = Math.max(Math.sqrt(variance), mean / 4, 1);
  const amount = Number(amountMinor);
  const expected: number[] = [];
  for (let size = 1; size <= sizeMax; size++) {
    if (size > n) {
      expected.push(0);
      continue;
    }
    const sumVariance = size * spread * spread;
    const density =
      Math.exp(-((amount - size * mean) ** 2) / (2 * sumVariance)) /
      Math.sqrt(2 * Math.PI * sumVariance);
    expected.push(choose(n, size) * optionsPerInvoice ** size * density);
  }
  return { expected };
}
