import { formatAmount } from '../src/core/money.js';
import { Random } from '../src/demo/generator/random.js';

export interface PaymentRequest {
  readonly customerId: string;
  readonly amount: string;
  readonly reference: string;
}

export interface LoadResult {
  /** Milliseconds of each payment that succeeded, in the order they finished. */
  readonly latencies: number[];
  readonly failures: number;
  /** The first few failures' messages. */
  readonly errors: string[];
  readonly seconds: number;
}

/**
 * Records payments from `count` concurrent loops for `seconds`, each for a random owing customer:
 * the same sequence for the same label and count, whichever process runs it (the benchmark
 * itself for the service, a child process for HTTP).
 */
export async function loadPayments(
  label: string,
  count: number,
  customers: readonly string[],
  seconds: number,
  pay: (payment: PaymentRequest) => Promise<void>,
): Promise<LoadResult> {
  const random = new Random(count * 7919 + label.length);
  const latencies: number[] = [];
  const errors: string[] = [];
  let failures = 0;
  let index = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const payment = {
        customerId: customers[Math.floor(random.float() * customers.length)]!,
        amount: formatAmount(BigInt(random.int(10_000, 500_000)), 'EUR'),
        reference: `BENCH-${label}-${++index}`,
      };
      const began = performance.now();
      try {
        await pay(payment);
        latencies.push(performance.now() - began);
      } catch (error) {
        failures++;
        if (errors.length < 3) errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: count }, loop));
  return { latencies, failures, errors, seconds: (performance.now() - start) / 1000 };
}
