// Proves the KPI registry is one complete list: every KPI has its key, words, unit and direction,
// nothing is defined twice, and the goal metrics, the Kpis object, the API's fields and the
// definitions in docs/kpis.md all follow it.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import { goalMetrics, unitOf } from './goal.js';
import { kpisOf } from './kpi.js';
import {
  amountKpis,
  kpiAmounts,
  kpiDirections,
  kpiKeys,
  kpis,
  kpiUnits,
  ratioKpis,
} from './kpi-registry.js';
import { kpisView } from './kpi.view.js';

const d = (text: string) => text as CalendarDate;
const snakeCase = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

const inputs = {
  from: d('2025-01-01'),
  to: d('2025-03-31'),
  creditSalesMinor: 490_000n,
  beginningArMinor: 100_000n,
  endingArMinor: 380_000n,
  endingPastDueMinor: 190_000n,
  endingOver90Minor: 0n,
  writtenOffMinor: 10_000n,
  paidMinor: 200_000n,
  paidDayWeightedMinor: 11_900_000n,
  monthlySalesBack: [{ from: d('2025-03-01'), to: d('2025-03-31'), salesMinor: 500_000n }],
};

describe('the KPI registry', () => {
  it('gives every KPI a key, its words, a unit and the side that is better', () => {
    for (const kpi of kpis) {
      expect(kpi.key).toMatch(snakeCase);
      expect(kpi.goalLabel.trim()).not.toBe('');
      expect(kpiUnits).toContain(kpi.unit);
      expect(kpiDirections).toContain(kpi.direction);
    }
    for (const kpi of ratioKpis) {
      expect(kpi.unit).not.toBe('money');
      expect(kpi.label.trim()).not.toBe('');
      expect(kpi.column.trim()).not.toBe('');
      expect(typeof kpi.compute).toBe('function');
    }
    for (const kpi of amountKpis) {
      expect(kpi.unit).toBe('money');
      expect(kpiAmounts.map((amount) => amount.field)).toContain(kpi.amount);
    }
    for (const amount of kpiAmounts) {
      expect(amount.key).toMatch(snakeCase);
      expect(amount.label.trim()).not.toBe('');
    }
  });

  it('defines each key, property and label once', () => {
    const once = (values: readonly string[]) => expect(new Set(values).size).toBe(values.length);
    once([...kpiAmounts.map((amount) => amount.key), ...kpis.map((kpi) => kpi.key)]);
    once([
      ...kpiAmounts.map((amount) => amount.field),
      ...ratioKpis.map((kpi) => kpi.field),
      'from',
      'to',
      'days',
    ]);
    once([...kpiAmounts.map((amount) => amount.label), ...ratioKpis.map((kpi) => kpi.label)]);
    once([
      ...kpiAmounts.flatMap((amount) => (amount.column === null ? [] : [amount.column])),
      ...ratioKpis.map((kpi) => kpi.column),
    ]);
    once(kpis.map((kpi) => kpi.goalLabel));
  });

  it('is the list of goal metrics, with their units and default directions', () => {
    expect([...goalMetrics]).toEqual(kpis.map((kpi) => kpi.key));
    expect([...goalMetrics]).toEqual([...kpiKeys]);
    for (const kpi of kpis) expect(unitOf(kpi.key)).toBe(kpi.unit);
  });

  it('gives the Kpis object and the API fields in its order, each ratio from its entry', () => {
    const computed = kpisOf(inputs);
    expect(Object.keys(computed)).toEqual([
      'from',
      'to',
      'days',
      ...kpiAmounts.map((amount) => amount.field),
      ...ratioKpis.map((kpi) => kpi.field),
    ]);
    expect(Object.keys(kpisView(computed, 'EUR'))).toEqual([
      'from',
      'to',
      'days',
      ...kpiAmounts.map((amount) => amount.key),
      ...ratioKpis.map((kpi) => kpi.key),
    ]);
    const view = kpisView(computed, 'EUR') as Record<string, unknown>;
    for (const kpi of ratioKpis) expect(view[kpi.key]).toBe(computed[kpi.field]);
    // The worked example of docs/kpis.md, less the count-back (one month on record here).
    expect(view).toMatchObject({
      credit_sales: '4900.00',
      ending_current_ar: '1900.00',
      dso: 69.8,
      best_possible_dso: 34.9,
      cei: 52.5,
      average_days_to_pay: 59.5,
    });
  });

  it('has every KPI and amount defined in docs/kpis.md', async () => {
    const docs = await readFile(new URL('../../docs/kpis.md', import.meta.url), 'utf8');
    for (const kpi of kpis) expect(docs, kpi.key).toContain(`\`${kpi.key}\``);
    for (const amount of kpiAmounts) expect(docs, amount.key).toContain(`\`${amount.key}\``);
  });
});
