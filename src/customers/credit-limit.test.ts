// Proves the credit-control decision: off checks nothing, warn lets the invoice through with the
// findings, block refuses on the customer's field, the hold comes first, and the limit compares
// exposure plus the new total in the customer's currency only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCredit,
  creditFindings,
  draftCreditMode,
  parseCreditControlMode,
  type CreditPosition,
} from './credit-limit.js';

const position = (overrides: Partial<CreditPosition> = {}): CreditPosition => ({
  currency: 'EUR',
  creditHold: false,
  creditLimitMinor: 100_000n,
  exposureMinor: 80_000n,
  ...overrides,
});
const eur = (totalMinor: bigint) => ({ currency: 'EUR', totalMinor });

describe('checkCredit', () => {
  it('lets an invoice within the limit through without warnings, in every mode', () => {
    for (const mode of ['off', 'warn', 'block'] as const)
      expect(checkCredit(mode, position(), eur(20_000n))).toEqual({ ok: true, value: [] });
  });

  it('warns with a message naming the limit, the exposure and the invoice total', () => {
    const result = checkCredit('warn', position(), eur(20_001n));
    expect(result).toEqual({
      ok: true,
      value: [
        {
          code: 'credit_limit_exceeded',
          message:
            "The customer's credit limit is 1000.00 EUR; it owes 800.00 EUR and this invoice of 200.01 EUR would take it to 1000.01 EUR.",
        },
      ],
    });
  });

  it('refuses in block mode on customer_id, the hold before the limit', () => {
    expect(checkCredit('block', position(), eur(20_001n))).toMatchObject({
      ok: false,
      error: { code: 'credit_limit_exceeded', field: 'customer_id' },
    });
    expect(checkCredit('block', position({ creditHold: true }), eur(20_001n))).toMatchObject({
      ok: false,
      error: { code: 'customer_on_credit_hold', field: 'customer_id' },
    });
    expect(checkCredit('warn', position({ creditHold: true }), eur(20_001n))).toMatchObject({
      ok: true,
      value: [{ code: 'customer_on_credit_hold' }, { code: 'credit_limit_exceeded' }],
    });
  });

  it('ignores everything when off', () => {
    expect(
      checkCredit('off', position({ creditHold: true, creditLimitMinor: 0n }), eur(1n)),
    ).toEqual({ ok: true, value: [] });
  });

  it('counts credit in the exposure, has no limit when it is null, and a zero limit allows nothing', () => {
    expect(creditFindings(position({ exposureMinor: -50_000n }), eur(150_000n))).toEqual([]);
    expect(
      creditFindings(position({ creditLimitMinor: null, exposureMinor: 10n ** 15n }), eur(1n)),
    ).toEqual([]);
    expect(
      creditFindings(position({ creditLimitMinor: 0n, exposureMinor: 0n }), eur(1n)),
    ).toMatchObject([{ code: 'credit_limit_exceeded' }]);
  });

  it('checks only the hold for an invoice in another currency', () => {
    expect(
      creditFindings(position({ exposureMinor: 10n ** 9n }), { currency: 'USD', totalMinor: 1n }),
    ).toEqual([]);
    expect(
      creditFindings(position({ creditHold: true }), { currency: 'USD', totalMinor: 1n }),
    ).toMatchObject([{ code: 'customer_on_credit_hold' }]);
  });

  it('the limit is exceeded exactly when exposure plus the total is above it', () => {
    fc.assert(
      fc.property(
        fc.bigInt(-(10n ** 12n), 10n ** 12n),
        fc.bigInt(0n, 10n ** 12n),
        fc.bigInt(0n, 10n ** 12n),
        (exposure, limit, total) => {
          const findings = creditFindings(
            position({ exposureMinor: exposure, creditLimitMinor: limit }),
            eur(total),
          );
          expect(findings.length === 1).toBe(exposure + total > limit);
        },
      ),
    );
  });
});

describe('modes', () => {
  it('parses the three modes and refuses others naming the field', () => {
    expect(parseCreditControlMode(' Block ')).toEqual({ ok: true, value: 'block' });
    expect(parseCreditControlMode('strict')).toMatchObject({
      ok: false,
      error: { code: 'credit_control_mode_invalid', field: 'mode' },
    });
  });

  it('never blocks a draft', () => {
    expect(draftCreditMode('block')).toBe('warn');
    expect(draftCreditMode('warn')).toBe('warn');
    expect(draftCreditMode('off')).toBe('off');
  });
});
