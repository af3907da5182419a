// Proves the bounds on amounts and quantities, at the limit and one past it, and that no number of
// documents at the limit can break a report: sums are taken in numeric, so a book whose totals
// pass 2^63 − 1 minor units (the int8 range that once overflowed and broke the trial balance for
// good) still gets its trial balance, aging, KPIs, statement and work queue, to the unit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../src/core/limits.js';
import { formatAmount } from '../../src/core/money.js';
import { importInvoices } from '../../src/imports/import-invoices.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import {
  apiClient,
  createdCustomer,
  startApiServer,
  stopApiServer,
  type ApiClient,
} from '../support/api.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;
let client: ApiClient;

const max = formatAmount(limits.amountMinorMax, 'EUR');
const onePast = formatAmount(limits.amountMinorMax + 1n, 'EUR');
const int8Max = 2n ** 63n - 1n;

beforeAll(async () => ({ database, app, client } = await startApiServer()));
afterAll(() => stopApiServer({ app, database }));

const invoice = (
  customerId: string,
  lines: { quantity: string; unit_price: string; tax_rate?: string }[],
) =>
  client.request('POST', '/invoices', {
    customer_id: customerId,
    issue: true,
    issued_on: '2026-01-10',
    lines: lines.map((item) => ({ description: 'Work', ...item })),
  });

describe('amount limits', () => {
  it('accepts every amount at its limit and refuses one unit more, naming the field', async () => {
    const customer = await createdCustomer(client);
    expect(max).toBe('10000000000000.00');
    const atLimit = await invoice(customer.id, [{ quantity: '1', unit_price: max }]);
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    expect(atLimit.json().total).toBe(max);

    const cases: [Awaited<ReturnType<typeof invoice>>, string, string][] = [
      [
        await invoice(customer.id, [{ quantity: '1', unit_price: onePast }]),
        'amount_too_large',
        'lines[0].unit_price',
      ],
      [
        await invoice(customer.id, [{ quantity: '2', unit_price: max }]),
        'amount_too_large',
        'lines[0].unit_price',
      ],
      [
        await invoice(customer.id, [
          { quantity: '1', unit_price: max },
          { quantity: '1', unit_price: '0.01' },
        ]),
        'document_total_too_large',
        'lines',
      ],
      [
        await invoice(customer.id, [{ quantity: '1', unit_price: max, tax_rate: '20' }]),
        'document_total_too_large',
        'lines',
      ],
      [
        await invoice(customer.id, [
          { quantity: `${limits.quantityMax}.000001`, unit_price: '0.01' },
        ]),
        'quantity_too_large',
        'lines[0].quantity',
      ],
      [
        await client.request('POST', '/payments', {
          customer_id: customer.id,
          amount: onePast,
          received_on: '2026-01-11',
          apply: 'none',
        }),
        'amount_too_large',
        'amount',
      ],
      [
        await client.request('PATCH', `/customers/${customer.id}`, { credit_limit: onePast }),
        'amount_too_large',
        'credit_limit',
      ],
    ];
    for (const [response, code, field] of cases) {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code, field });
    }
    const payment = await client.request('POST', '/payments', {
      customer_id: customer.id,
      amount: max,
      received_on: '2026-01-11',
      apply: 'none',
    });
    expect(payment.statusCode, payment.body).toBe(201);
  });

  it('keeps every report right on a book whose totals pass the int8 range', async () => {
    const big = await apiClient(app, database);
    const customer = await createdCustomer(big, { ref: 'BIG' });
    // 9,300 invoices at the limit: 9.3 × 10^18 minor units, past 2^63 − 1 ≈ 9.22 × 10^18.
    const count = 9_300;
    const rows = Array.from(
      { length: count },
      (_, index) => `B-${index + 1},BIG,2026-01-05,2026-02-04,EUR,${max}`,
    );
    await importInvoices(database, big.actor, {
      csv: ['number,customer_ref,issue_date,due_date,currency,total', ...rows].join('\n'),
    });
    const total = BigInt(count) * limits.amountMinorMax;
    expect(total > int8Max).toBe(true);
    const totalText = formatAmount(total, 'EUR');

    const trial = await big.request('GET', '/reports/trial-balance?as_of=2026-06-30');
    expect(trial.statusCode, trial.body).toBe(200);
    expect(JSON.stringify(trial.json())).toContain(totalText);

    const aging = await big.request('GET', '/reports/aging?as_of=2026-06-30');
    expect(aging.statusCode, aging.body).toBe(200);
    expect(JSON.stringify(aging.json())).toContain(totalText);

    const kpis = await big.request('GET', '/reports/kpis?from=2026-01-01&to=2026-06-30');
    expect(kpis.statusCode, kpis.body).toBe(200);
    expect(JSON.stringify(kpis.json())).toContain(totalText);

    const statement = await big.request(
      'GET',
      `/customers/${customer.id}/statement?from=2026-01-01&to=2026-06-30`,
    );
    expect(statement.statusCode, statement.body).toBe(200);
    expect(JSON.stringify(statement.json())).toContain(totalText);

    const queue = await big.request('GET', '/work-queue?as_of=2026-06-30');
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items[0].customer.ref).toBe('BIG');
  });
});
