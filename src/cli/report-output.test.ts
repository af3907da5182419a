import { describe, expect, it } from 'vitest';
import { shortenCell, textTable } from './report-output.js';

describe('textTable', () => {
  it('left-aligns text and right-aligns columns of numbers', () => {
    expect(
      textTable([
        ['customer', 'status', 'open', 'days'],
        ['ACME', 'open', '1,250.00 EUR', '12'],
        ['Globex Corporation', 'paid', '0.00 EUR', '—'],
      ]),
    ).toBe(
      [
        'customer            status          open  days',
        'ACME                open    1,250.00 EUR    12',
        'Globex Corporation  paid        0.00 EUR     —',
        '',
      ].join('\n'),
    );
  });

  it('shortens a long list to its first items and a count of the rest', () => {
    const numbers = Array.from(
      { length: 40 },
      (_, index) => `INV-${String(index + 1).padStart(6, '0')}`,
    );
    const cell = shortenCell(numbers.join(', '));
    expect(cell.length).toBeLessThanOrEqual(60);
    expect(cell).toBe('INV-000001, INV-000002, INV-000003, … (+37 more)');
    expect(shortenCell('x'.repeat(80))).toBe(`${'x'.repeat(59)}…`);
    expect(shortenCell('short, list')).toBe('short, list');
  });
});
