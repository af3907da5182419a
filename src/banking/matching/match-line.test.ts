import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../core/calendar-date.js';
import { makeRfReference } from './creditor-reference.js';
import {
  buildMatchBook,
  confidenceOf,
  matchLine,
  type MatchBook,
  type MatchCustomer,
  type MatchInvoice,
  type MatchLine,
} from './match-line.js';

const customers: MatchCustomer[] = [
  { id: 'c-acme', ref: 'C-00042', name: 'Acme GmbH', aliases: [] },
  { id: 'c-beta', ref: 'C-00043', name: 'Beta Logistics SARL', aliases: ['B. Logistique'] },
  { id: 'c-gamma', ref: 'C-00044', name: 'Gamma Oy', aliases: [] },
];

function invoice(
  id: string,
  number: string,
  customerId: string,
  openMinor: bigint,
  dueOn: string,
  extra: Partial<MatchInvoice> = {},
): MatchInvoice {
  return {
    id,
    number,
    customerId,
    currency: 'EUR',
    openMinor,
    dueOn: calendarDate(dueOn),
    discountOn: null,
    discountMinor: 0n,
    discountTaken: false,
    ...extra,
  };
}

const invoices: MatchInvoice[] = [
  invoice('i-101', 'INV-000101', 'c-acme', 120_000n, '2026-10-01'),
  invoice('i-102', 'INV-000102', 'c-acme', 30_050n, '2026-10-15'),
  invoice('i-103', 'INV-000103', 'c-acme', 99_900n, '2026-11-01', {
    discountOn: calendarDate('2026-10-20'),
    discountMinor: 1_998n,
  }),
  invoice('i-201', 'INV-000201', 'c-beta', 45_000n, '2026-10-05'),
  invoice('i-202', 'INV-000202', 'c-beta', 45_000n, '2026-10-25'),
  invoice('i-301', 'INV-000301', 'c-gamma', 30_050n, '2026-10-10', { currency: 'USD' }),
];

function book(extra: Partial<Parameters<typeof buildMatchBook>[0]> = {}): MatchBook {
  return buildMatchBook({ invoices, customers, accounts: [], rejected: [], ...extra });
}

/** `count` open invoices of 1,000.00 to 9,999.99 EUR, the same each time (a fixed LCG). */
function manyInvoices(customerId: string, count: number): MatchInvoice[] {
  let seed = 12_345;
  return Array.from({ length: count }, (_, i) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const amount = 100_000n + BigInt(seed % 900_000);
    const day = String((i % 28) + 1).padStart(2, '0');
    return invoice(
      `i-m${i}`,
      `INV-9${String(i).padStart(5, '0')}`,
      customerId,
      amount,
      `2026-09-${day}`,
    );
  });
}

/** Gamma with sixty open EUR invoices, paying from an account known to be its own. */
function gammaWithMany() {
  const many = manyInvoices('c-gamma', 60);
  const known = book({
    invoices: [...invoices, ...many],
    accounts: [{ account: 'FI2112345600000785', customerId: 'c-gamma' }],
  });
  return { many, known };
}

function line(changes: Partial<MatchLine>): MatchLine {
  return {
    id: 'line-1',
    amountMinor: 120_000n,
    currency: 'EUR',
    date: calendarDate('2026-11-02'),
    payerName: null,
    payerAccount: null,
    structured: [],
    unstructured: [],
    accountCountry: 'DE',
    ...changes,
  };
}

describe('applied without a person', () => {
  it('on a short payment of an RF reference, whose check digits rule out a typo, whoever paid', () => {
    const decision = matchLine(
      line({
        amountMinor: 100_000n,
        structured: [{ type: 'SCOR', reference: makeRfReference('INV-000101') }],
      }),
      book(),
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({ basis: 'reference', flags: ['short_payment'] });
  });

  it('on a known payer, when the text also holds a number read without its prefix', () => {
    const decision = matchLine(
      line({
        amountMinor: 30_050n,
        payerAccount: 'DE02120300000000202051',
        unstructured: ['Rg 000101'],
      }),
      book({ accounts: [{ account: 'DE02120300000000202051', customerId: 'c-acme' }] }),
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      basis: 'payer',
      allocations: [{ invoiceId: 'i-102', amountMinor: 30_050n }],
    });
  });

  it('on a structured RF reference whose amount is what the invoice has open', () => {
    const decision = matchLine(
      line({ structured: [{ type: 'SCOR', reference: makeRfReference('INV-000101') }] }),
      book(),
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      customerId: 'c-acme',
      allocations: [{ invoiceId: 'i-101', amountMinor: 120_000n, takeDiscount: false }],
      unappliedMinor: 0n,
      basis: 'reference',
      readings: 1,
    });
    expect(decision.proposals[0]!.evidence.map((item) => item.kind)).toEqual([
      'creditor_reference',
      'amount',
    ]);
  });

  it('on invoice numbers in wrapped text that the amount pays together', () => {
    const decision = matchLine(
      line({
        amountMinor: 150_050n,
        unstructured: ['Rechnungen INV-000101 und INV-0001', '02 danke'],
      }),
      book(),
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]!.allocations.map((a) => [a.invoiceId, a.amountMinor])).toEqual([
      ['i-101', 120_000n],
      ['i-102', 30_050n],
    ]);
  });

  it('on a short payment of the one invoice named, flagged, the rest left open, when the payer confirms the number', () => {
    const decision = matchLine(
      line({ amountMinor: 100_000n, unstructured: ['INV-000101'], payerName: 'ACME GMBH' }),
      book(),
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      allocations: [{ invoiceId: 'i-101', amountMinor: 100_000n }],
      flags: ['short_payment'],
    });
  });

  it("on a short payment of the number named, when the payer is the customer's name as the bank cut it", () => {
    const harbor = {
      id: 'c-harbor',
      ref: 'C-16792',
      name: 'Harbor Pharmacy 16792 LLC',
      aliases: [],
    };
    const named = invoice('i-901', 'INV-000901', 'c-harbor', 50_000n, '2026-10-01');
    const withHarbor = book({ customers: [...customers, harbor], invoices: [...invoices, named] });
    const short = (payerName: string) =>
      matchLine(
        line({ amountMinor: 49_000n, unstructured: ['INV-000901'], payerName }),
        withHarbor,
      );
    const cut = short('HARBOR PHARMACY 16');
    expect(cut.outcome).toBe('apply');
    expect(cut.proposals[0]).toMatchObject({
      customerId: 'c-harbor',
      allocations: [{ invoiceId: 'i-901', amountMinor: 49_000n }],
      flags: ['short_payment'],
    });
    expect(cut.proposals[0]!.evidence.map((item) => item.kind)).toContain('payer_name');
    // Someone else's name confirms nothing: the number may be a typo.
    expect(short('HARBOR PHARMACIES 1').outcome).toBe('review');
  });

  it('with the early-payment discount when it was earned, and flagged when taken late', () => {
    const earned = matchLine(
      line({
        amountMinor: 97_902n,
        date: calendarDate('2026-10-19'),
        unstructured: ['INV-000103'],
      }),
      book(),
    );
    expect(earned.outcome).toBe('apply');
    expect(earned.proposals[0]!.allocations).toEqual([
      { invoiceId: 'i-103', amountMinor: 97_902n, takeDiscount: true },
    ]);
    const late = matchLine(line({ amountMinor: 97_902n, unstructured: ['INV-000103'] }), book());
    expect(late.outcome).toBe('apply');
    expect(late.proposals[0]).toMatchObject({
      allocations: [{ invoiceId: 'i-103', amountMinor: 97_902n, takeDiscount: false }],
      flags: ['discount_taken_late'],
    });
  });

  it('on an account that only ever paid for one customer, when the amount reads one way', () => {
    const known = book({ accounts: [{ account: 'DE02120300000000202051', customerId: 'c-acme' }] });
    const decision = matchLine(
      line({ amountMinor: 30_050n, payerAccount: 'DE02120300000000202051' }),
      known,
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      customerId: 'c-acme',
      basis: 'payer',
      allocations: [{ invoiceId: 'i-102', amountMinor: 30_050n }],
    });
  });

  it('on a known account, at full value, though the amount also fits a discount taken late', () => {
    const known = book({
      invoices: [...invoices, invoice('i-104', 'INV-000104', 'c-acme', 97_902n, '2026-10-30')],
      accounts: [{ account: 'DE02120300000000202051', customerId: 'c-acme' }],
    });
    // 97,902 is i-104 in full, or i-103 less the discount whose last day was 2026-10-20.
    const decision = matchLine(
      line({ amountMinor: 97_902n, payerAccount: 'DE02120300000000202051' }),
      known,
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      basis: 'payer',
      allocations: [{ invoiceId: 'i-104', amountMinor: 97_902n, takeDiscount: false }],
    });
  });
});

describe('applied without a person, on the amount of a known payer', () => {
  it('as a set of four invoices, when the payer has so few open that sets of four rarely add up by chance', () => {
    const powers = [10_000n, 20_000n, 40_000n, 80_000n].map((amount, i) =>
      invoice(`i-50${i}`, `INV-00050${i}`, 'c-gamma', amount, `2026-10-0${i + 1}`),
    );
    const known = book({
      invoices: [...invoices, ...powers],
      accounts: [{ account: 'FI2112345600000785', customerId: 'c-gamma' }],
    });
    for (const [amountMinor, ids] of [
      [70_000n, ['i-500', 'i-501', 'i-502']],
      [150_000n, ['i-500', 'i-501', 'i-502', 'i-503']],
    ] as const) {
      const decision = matchLine(line({ amountMinor, payerAccount: 'FI2112345600000785' }), known);
      expect(decision.outcome).toBe('apply');
      expect(decision.proposals[0]!.allocations.map((a) => a.invoiceId)).toEqual(ids);
    }
  });

  it('as one invoice among more open invoices than the search for sets goes through', () => {
    const { many, known } = gammaWithMany();
    const decision = matchLine(
      line({ amountMinor: many[52]!.openMinor, payerAccount: 'FI2112345600000785' }),
      known,
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      basis: 'payer',
      readings: 1,
      allocations: [{ invoiceId: many[52]!.id, amountMinor: many[52]!.openMinor }],
    });
  });

  it('on an over payment of the invoice an RF reference names, when the rest is a set of other invoices only by chance', () => {
    const many = manyInvoices('c-acme', 60);
    const rest = many[3]!.openMinor + many[17]!.openMinor;
    const decision = matchLine(
      line({
        amountMinor: 120_000n + rest,
        structured: [{ type: 'SCOR', reference: makeRfReference('INV-000101') }],
      }),
      book({ invoices: [...invoices, ...many] }),
    );
    expect(decision.outcome).toBe('apply');
    expect(decision.proposals[0]).toMatchObject({
      flags: ['over_payment'],
      allocations: [{ invoiceId: 'i-101', amountMinor: 120_000n }],
      unappliedMinor: rest,
    });
  });
});

describe('sent to a person', () => {
  it('when only the name points to the customer, however well the amount fits', () => {
    const decision = matchLine(line({ payerName: 'ACME GMBH', amountMinor: 30_050n }), book());
    expect(decision.outcome).toBe('review');
    expect(decision.proposals[0]).toMatchObject({ customerId: 'c-acme', basis: 'weak' });
  });

  it("when a known payer's amount fits only with a discount taken after its last day", () => {
    const known = book({ accounts: [{ account: 'DE02120300000000202051', customerId: 'c-acme' }] });
    const decision = matchLine(
      line({ amountMinor: 97_902n, payerAccount: 'DE02120300000000202051' }),
      known,
    );
    expect(decision.outcome).toBe('review');
    expect(decision.reason).toMatch(/only with an early-payment discount taken after its last day/);
    expect(decision.proposals[0]).toMatchObject({
      customerId: 'c-acme',
      allocations: [{ invoiceId: 'i-103', amountMinor: 97_902n }],
      flags: ['discount_taken_late'],
    });
  });

  it("when a known payer's amount is a set that its many open invoices make by chance", () => {
    const { many, known } = gammaWithMany();
    // Sixty invoices of 1,000 to 10,000 EUR make 1,770 pairs: a pair adding up to a payment is
    // no evidence that the payment pays it. One invoice of that amount would be (see above).
    const pair = matchLine(
      line({
        amountMinor: many[7]!.openMinor + many[41]!.openMinor,
        payerAccount: 'FI2112345600000785',
      }),
      known,
    );
    expect(pair.outcome).toBe('review');
    expect(pair.reason).toMatch(/by chance too often/);
    expect(pair.proposals[0]).toMatchObject({ customerId: 'c-gamma', basis: 'payer', readings: 0 });
  });

  it("when a known payer's amount is a set of more than three invoices among more than the search can go through", () => {
    const { many, known } = gammaWithMany();
    const four = matchLine(
      line({
        amountMinor: many.slice(0, 4).reduce((sum, i) => sum + i.openMinor, 0n),
        payerAccount: 'FI2112345600000785',
      }),
      known,
    );
    expect(four.outcome).toBe('review');
  });

  it('when nothing names the payer, proposing the invoices of that amount', () => {
    const decision = matchLine(line({ amountMinor: 45_000n }), book());
    expect(decision.outcome).toBe('review');
    expect(decision.reason).toMatch(/Only the name or the amount/);
    expect(decision.proposals.map((p) => p.allocations[0]!.invoiceId).sort()).toEqual([
      'i-201',
      'i-202',
    ]);
  });

  it('when the account paid for several customers', () => {
    const shared = book({
      accounts: [
        { account: 'DE02120300000000202051', customerId: 'c-acme' },
        { account: 'DE02120300000000202051', customerId: 'c-beta' },
      ],
    });
    const decision = matchLine(
      line({ amountMinor: 30_050n, payerAccount: 'DE02120300000000202051' }),
      shared,
    );
    expect(decision.outcome).toBe('review');
  });

  it('when the amount reads more than one way for a known payer', () => {
    const known = book({
      accounts: [{ account: 'FR7630006000011234567890189', customerId: 'c-beta' }],
    });
    const decision = matchLine(
      line({ amountMinor: 45_000n, payerAccount: 'FR7630006000011234567890189' }),
      known,
    );
    expect(decision.outcome).toBe('review');
    expect(decision.reason).toMatch(/more than one way/);
  });

  it('when the invoice named is in another currency', () => {
    const decision = matchLine(
      line({ amountMinor: 30_050n, unstructured: ['INV-000301'] }),
      book(),
    );
    expect(decision.outcome).toBe('review');
    expect(decision.reason).toMatch(/USD, not EUR/);
  });

  it('when the text names invoices of two customers', () => {
    const decision = matchLine(
      line({ amountMinor: 165_000n, unstructured: ['INV-000101 INV-000201'] }),
      book(),
    );
    expect(decision.outcome).toBe('review');
    expect(decision.reason).toMatch(/more than one customer/);
  });

  it('when only an invoice number names the invoice and the amount is not what it has open', () => {
    // A typo of another customer's number reads as that number exactly; the amount tells.
    for (const amountMinor of [100_000n, 125_000n]) {
      const decision = matchLine(line({ amountMinor, unstructured: ['INV-000101'] }), book());
      expect(decision.outcome).toBe('review');
      expect(decision.reason).toMatch(/nothing about the payer confirms the number/);
      expect(decision.proposals[0]!.confidence).toBeLessThanOrEqual(0.4);
    }
  });

  it('when the number names one customer and the account is known for another only', () => {
    const decision = matchLine(
      line({
        amountMinor: 100_000n,
        unstructured: ['INV-000101'],
        payerName: 'Acme GmbH',
        payerAccount: 'FR7630006000011234567890189',
      }),
      book({ accounts: [{ account: 'FR7630006000011234567890189', customerId: 'c-beta' }] }),
    );
    expect(decision.outcome).toBe('review');
  });

  it('when the rest of an over-payment is itself another open invoice', () => {
    const decision = matchLine(
      line({ amountMinor: 150_050n, unstructured: ['INV-000101'] }),
      book(),
    );
    expect(decision.outcome).toBe('review');
  });

  it('when an RF reference fails its check digits and the text says nothing else', () => {
    const good = makeRfReference('INV-000101');
    const broken = `RF${good[2] === '9' ? '0' : '9'}${good.slice(3)}`;
    const decision = matchLine(line({ structured: [{ type: 'SCOR', reference: broken }] }), book());
    expect(decision.outcome).toBe('review');
    expect(decision.proposals.every((p) => p.basis === 'weak')).toBe(true);
  });

  it('never proposing again what a person undid', () => {
    const text = line({ unstructured: ['INV-000101'] });
    expect(matchLine(text, book()).outcome).toBe('apply');
    const undone = matchLine(text, book({ rejected: ['line-1|i-101'] }));
    expect(undone.outcome).toBe('review');
    expect(undone.proposals.some((p) => p.allocations.some((a) => a.invoiceId === 'i-101'))).toBe(
      false,
    );
  });
});

describe('confidenceOf', () => {
  const number = { kind: 'invoice_number', detail: '', weight: 0.95 } as const;
  const amount = { kind: 'amount', detail: '', weight: 0.5 } as const;
  const name = { kind: 'payer_name', detail: '', weight: 0.6 } as const;
  it('puts each kind of proposal where the benchmark measured its precision', () => {
    expect(confidenceOf([number, amount], 'reference', 1, 'exact')).toBeGreaterThanOrEqual(0.97);
    expect(confidenceOf([number, amount], 'reference', 2, 'exact')).toBeLessThanOrEqual(0.8);
    expect(confidenceOf([name, amount], 'weak', 1, 'exact')).toBeGreaterThanOrEqual(0.9);
    expect(confidenceOf([amount], 'weak', 2, 'exact')).toBe(0.8);
    expect(confidenceOf([number], 'weak', 1, 'inexact')).toBe(0.4);
    expect(confidenceOf([{ ...number, kind: 'payer_account' }], 'weak', 0, 'none')).toBe(0.2);
  });
});
