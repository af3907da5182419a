import { describe, expect, it } from 'vitest';
import {
  discountFields,
  draftBody,
  emptyLine,
  formFieldOf,
  lineBody,
  lineProblem,
  liveTotals,
  newInvoiceForm,
  type LineDraft,
} from './invoice-draft';

const line = (quantity: string, unit_price: string, tax_rate: string): LineDraft => ({
  ...emptyLine(),
  description: 'Work',
  quantity,
  unit_price,
  tax_rate,
});

describe('liveTotals', () => {
  it('rounds each net half away from zero and taxes each rate on its summed nets', () => {
    // 3 × 120.00 = 360.00 at 20 % → 72.00; 2.5 × 19.99 = 49.975 → 49.98 at 7 % → 3.4986 → 3.50.
    expect(liveTotals([line('3', '120.00', '20'), line('2.5', '19.99', '7')], 'EUR')).toEqual({
      lines: [
        { net: '360.00', tax: '72.00' },
        { net: '49.98', tax: '3.50' },
      ],
      subtotal: '409.98',
      tax: '75.50',
      total: '485.48',
    });
  });

  it('taxes two lines of one rate together, not line by line', () => {
    // 0.05 + 0.05 at 10 %: 0.01 of tax on the 0.10, not 0.005 rounded up twice.
    const totals = liveTotals([line('1', '0.05', '10'), line('1', '0.05', '10')], 'EUR');
    expect(totals?.tax).toBe('0.01');
    expect(totals?.total).toBe('0.11');
  });

  it('stays exact beyond what a floating-point number holds', () => {
    const totals = liveTotals([line('1', '9999999999999.99', '0'), line('1', '0.01', '0')], 'EUR');
    expect(totals?.total).toBe('10000000000000.00');
  });

  it("uses the currency's decimals", () => {
    expect(liveTotals([line('3', '1000', '10')], 'JPY')?.total).toBe('3300');
    expect(liveTotals([line('1', '1.5', '0')], 'JPY')).toBeNull();
  });

  it('takes a line discount off as the API will: an amount, or a percent of the rounded line', () => {
    // 3 × 33.33 = 99.99; 10 % of it is 9.999 → 10.00, leaving 89.99 taxed at 20 % → 18.00.
    expect(liveTotals([{ ...line('3', '33.33', '20'), discount: '10 %' }], 'EUR')).toEqual({
      lines: [{ net: '89.99', tax: '18.00' }],
      subtotal: '89.99',
      tax: '18.00',
      total: '107.99',
    });
    expect(liveTotals([{ ...line('3', '33.33', '0'), discount: '9.99' }], 'EUR')?.total).toBe(
      '90.00',
    );
    expect(liveTotals([{ ...line('1', '10', '0'), discount: '10.01' }], 'EUR')).toBeNull();
  });

  it('is null while a line cannot be read, or before a customer gives the currency', () => {
    expect(liveTotals([line('1', '12,50', '20')], 'EUR')).toBeNull();
    expect(liveTotals([line('1', '12.50', '')], '')).toBeNull();
  });
});

describe('draftBody', () => {
  it('sends blank dates as null (the API fills them) and a blank tax rate as 0', () => {
    const form = {
      ...newInvoiceForm('c1'),
      lines: [{ ...line(' 2 ', ' 10.00 ', ''), description: ' Consulting ' }],
    };
    expect(draftBody(form)).toEqual({
      customer_id: 'c1',
      issued_on: null,
      due_on: null,
      po_number: null,
      memo: null,
      lines: [
        {
          description: 'Consulting',
          quantity: '2',
          unit_price: '10.00',
          tax_rate: '0',
          unit_code: 'C62',
        },
      ],
    });
  });

  it('sends a chosen unit and category, with the reason only when the category needs one', () => {
    const reverse = {
      ...line('7.5', '80.00', '0'),
      unit_code: 'HUR',
      vat_category: 'AE',
      exemption_reason: ' Reverse charge: the buyer accounts for the VAT ',
    };
    expect(lineBody(reverse)).toEqual({
      description: 'Work',
      quantity: '7.5',
      unit_price: '80.00',
      tax_rate: '0',
      unit_code: 'HUR',
      vat_category: 'AE',
      exemption_reason: 'Reverse charge: the buyer accounts for the VAT',
    });
    // A reason typed before the category went back to standard is not sent with it.
    expect(lineBody({ ...reverse, tax_rate: '19', vat_category: 'S' })).not.toHaveProperty(
      'exemption_reason',
    );
    // A missing reason goes as null, for the API to say the line needs one.
    expect(lineBody({ ...reverse, exemption_reason: '' }).exemption_reason).toBeNull();
  });
});

describe('line discounts in the body', () => {
  it('sends "10 %" or "10%" as a percent and anything else as an amount', () => {
    expect(discountFields(' 10 % ')).toEqual({ discount_percent: '10' });
    expect(discountFields('12.5%')).toEqual({ discount_percent: '12.5' });
    expect(discountFields('5.00')).toEqual({ discount_amount: '5.00' });
    expect(discountFields('  ')).toEqual({});
  });

  it('sends the reason only with a discount', () => {
    const discounted = {
      ...line('1', '100.00', '20'),
      discount: '5 %',
      discount_reason: ' Loyal ',
    };
    expect(lineBody(discounted)).toMatchObject({ discount_percent: '5', discount_reason: 'Loyal' });
    expect(lineBody({ ...discounted, discount: '' })).not.toHaveProperty('discount_reason');
    expect(lineBody({ ...discounted, discount_reason: '' })).not.toHaveProperty('discount_reason');
  });

  it('points the API’s two discount fields at the form’s one', () => {
    expect(formFieldOf('lines[2].discount_amount')).toBe('lines[2].discount');
    expect(formFieldOf('lines[0].discount_percent')).toBe('lines[0].discount');
    expect(formFieldOf('lines[0].discount_reason')).toBe('lines[0].discount_reason');
    expect(formFieldOf(undefined)).toBeUndefined();
  });
});

describe('lineProblem', () => {
  it('names the discount field as the form has it', () => {
    expect(lineProblem([{ ...line('1', '10.00', '0'), discount: 'ten %' }], 'EUR')?.field).toBe(
      'lines[0].discount',
    );
    expect(lineProblem([{ ...line('1', '10.00', '0'), discount: '11' }], 'EUR')).toEqual({
      field: 'lines[0].discount',
      message: "The discount of 11.00 is more than the line's 10.00 EUR.",
    });
  });

  it("names the first figure the API would refuse, with the API's message", () => {
    expect(lineProblem([line('1', '10.00', '20'), line('2', '19,99', '7')], 'EUR')).toEqual({
      field: 'lines[1].unit_price',
      message: '"19,99" is not a decimal amount such as 1234.50.',
    });
    expect(lineProblem([line('1', '10.005', '0')], 'EUR')?.field).toBe('lines[0].unit_price');
  });

  it('waits for a figure to be typed before calling it wrong', () => {
    expect(lineProblem([line('1', '', '20')], 'EUR')).toBeNull();
    expect(lineProblem([line('1', '10.00', '20')], 'EUR')).toBeNull();
  });
});
