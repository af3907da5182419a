import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../../../../src/core/calendar-date';
import { termsExample } from './terms-example';

const issued = calendarDate('2026-03-12');

describe('payment terms worked out for an example invoice', () => {
  it('gives the due date from the issue date or the end of its month', () => {
    expect(termsExample('NET30', issued, '1000.00', 'EUR')).toMatchObject({
      ok: true,
      value: {
        dueOn: '2026-04-11',
        discountOn: null,
        discount: '0.00',
        meaning: 'Due 30 days after the issue date.',
      },
    });
    expect(termsExample('net 30 eom', issued, '1000.00', 'EUR')).toMatchObject({
      ok: true,
      value: { dueOn: '2026-04-30', terms: { code: 'NET30_EOM' } },
    });
    expect(termsExample('DUE_ON_RECEIPT', issued, '1000.00', 'EUR')).toMatchObject({
      ok: true,
      value: { dueOn: '2026-03-12', meaning: 'Due on the day of issue.' },
    });
  });

  it('takes the discount off exactly, in minor units, rounded half up', () => {
    const example = termsExample('2/10_NET30', issued, '1234.57', 'EUR');
    expect(example).toMatchObject({
      ok: true,
      value: {
        discountOn: '2026-03-22',
        // 2 % of 1234.57 is 24.6914: 24.69.
        discount: '24.69',
        payableWithDiscount: '1209.88',
        meaning:
          'Due 30 days after the issue date; 2 % off when paid within 10 days of the issue date.',
      },
    });
    expect(termsExample('1.5/15_NET45', issued, '99999999999.99', 'EUR')).toMatchObject({
      ok: true,
      value: { discount: '1500000000.00', payableWithDiscount: '98499999999.99' },
    });
    expect(termsExample('2/10_NET30', issued, '1000', 'JPY')).toMatchObject({
      ok: true,
      value: { discount: '20', payableWithDiscount: '980' },
    });
  });

  it('says what is wrong with a code or an amount', () => {
    expect(termsExample('NET 30 days', issued, '1000.00', 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'terms_invalid' },
    });
    expect(termsExample('10/30_NET30', issued, '1000.00', 'EUR')).toMatchObject({
      ok: false,
      error: { message: 'The discount days must be fewer than the net days.' },
    });
    expect(termsExample('NET30', issued, '10.005', 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise' },
    });
  });
});
