// Proves the EPC QR payload field by field against EPC069-12 (version 002), with its limits, and
// that an invoice gets a code only when the spec can carry its payment: EUR, an IBAN, an invoice.
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  epcQrPayload,
  epcTransferOf,
  invoiceEpcQrPayload,
  qrModules,
  type EpcTransfer,
} from './epc-qr.js';
import { creditNote, invoice } from './issued-document.fixture.js';

const transfer: EpcTransfer = {
  bic: 'WBKPPLPP',
  beneficiaryName: 'Włókna Łódzkie Sp. z o.o.',
  iban: 'PL61 1090 1014 0000 0712 1981 2874',
  amountMinor: 132_299n,
  creditorReference: 'RF18539007547034',
  remittanceText: 'Invoice INV-1',
};

const fields = (payload: string) => payload.split('\n');

describe('epcQrPayload', () => {
  it('writes the fields in the order and form of EPC069-12 version 002', () => {
    expect(fields(epcQrPayload(transfer))).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'WBKPPLPP',
      'Włókna Łódzkie Sp. z o.o.',
      'PL61109010140000071219812874',
      'EUR1322.99',
      '',
      'RF18539007547034',
    ]);
  });

  it('leaves the BIC empty when there is none, as version 002 allows', () => {
    expect(fields(epcQrPayload({ ...transfer, bic: null }))[4]).toBe('');
    expect(fields(epcQrPayload({ ...transfer, bic: 'wbkp plpp xxx' }))[4]).toBe('WBKPPLPPXXX');
    expect(() => epcQrPayload({ ...transfer, bic: 'WBK1' })).toThrow(
      expect.objectContaining({ code: 'epc_bic_invalid' }),
    );
  });

  it('gives unstructured text only when there is no structured reference', () => {
    const withText = fields(epcQrPayload({ ...transfer, creditorReference: null }));
    expect(withText).toHaveLength(11);
    expect(withText[9]).toBe('');
    expect(withText[10]).toBe('Invoice INV-1');
    expect(
      fields(
        epcQrPayload({ ...transfer, creditorReference: null, remittanceText: 'x'.repeat(200) }),
      )[10],
    ).toHaveLength(140);
    // With a reference the text is dropped and the trailing empty fields are left out.
    expect(fields(epcQrPayload(transfer))).toHaveLength(10);
  });

  it('takes amounts from 0.01 to 999999999.99 EUR and refuses the rest', () => {
    expect(fields(epcQrPayload({ ...transfer, amountMinor: 1n }))[7]).toBe('EUR0.01');
    expect(fields(epcQrPayload({ ...transfer, amountMinor: 99_999_999_999n }))[7]).toBe(
      'EUR999999999.99',
    );
    expect(fields(epcQrPayload({ ...transfer, amountMinor: 100n }))[7]).toBe('EUR1.00');
    for (const amountMinor of [0n, -1n, 100_000_000_000n])
      expect(() => epcQrPayload({ ...transfer, amountMinor })).toThrow(
        expect.objectContaining({ code: 'epc_amount_out_of_range' }),
      );
  });

  it('cuts the beneficiary name to 70 characters and keeps it on one line', () => {
    const name = fields(
      epcQrPayload({ ...transfer, beneficiaryName: `Łódź\n${'Ż'.repeat(100)}` }),
    )[5]!;
    expect([...name]).toHaveLength(70);
    expect(name.startsWith('Łódź Ż')).toBe(true);
    expect(() => epcQrPayload({ ...transfer, beneficiaryName: '  ' })).toThrow(
      expect.objectContaining({ code: 'epc_name_missing' }),
    );
  });

  it('stays within 331 bytes even with a name of multi-byte characters', () => {
    const payload = epcQrPayload({
      ...transfer,
      iban: 'MT84MALT011000012345MTLCAST001S',
      beneficiaryName: '𝔊'.repeat(70),
      creditorReference: 'RF18539007547034539007547',
    });
    expect(Buffer.byteLength(payload, 'utf8')).toBeLessThanOrEqual(331);
    expect(fields(payload)[5]!.length).toBeGreaterThan(0);
  });

  it('refuses an IBAN whose check digits fail and a reference over 35 characters', () => {
    expect(() => epcQrPayload({ ...transfer, iban: 'PL62109010140000071219812874' })).toThrow(
      expect.objectContaining({ code: 'epc_iban_invalid' }),
    );
    expect(() => epcQrPayload({ ...transfer, creditorReference: 'R'.repeat(36) })).toThrow(
      expect.objectContaining({ code: 'epc_reference_too_long' }),
    );
  });
});

describe('invoiceEpcQrPayload', () => {
  it('pays a EUR invoice to the seller IBAN with its total and RF reference', () => {
    const payload = fields(invoiceEpcQrPayload(invoice)!);
    expect(payload[5]).toBe(invoice.seller.name);
    expect(payload[6]).toBe('PL61109010140000071219812874');
    expect(payload[7]).toBe('EUR1322.99');
    expect(payload[9]).toBe(invoice.creditorReference);
  });

  it('uses the account holder name and the first account that has an IBAN', () => {
    const seller = {
      ...invoice.seller,
      paymentAccounts: [
        {
          ...invoice.seller.paymentAccounts[0]!,
          iban: null,
          accountNumber: '123456789',
          routingNumber: '021000021',
        },
        {
          ...invoice.seller.paymentAccounts[0]!,
          iban: 'DE89370400440532013000',
          bic: null,
          accountName: 'Factoring GmbH',
        },
      ],
    };
    const result = epcTransferOf({ ...invoice, seller });
    expect(result).toMatchObject({
      iban: 'DE89370400440532013000',
      beneficiaryName: 'Factoring GmbH',
      bic: null,
    });
  });

  it('gives no code for USD, for a seller without an IBAN, for a credit note or a nil amount', () => {
    expect(invoiceEpcQrPayload({ ...invoice, currency: 'USD' })).toBeNull();
    expect(
      invoiceEpcQrPayload({
        ...invoice,
        seller: {
          ...invoice.seller,
          paymentAccounts: [
            {
              ...invoice.seller.paymentAccounts[0]!,
              iban: null,
              accountNumber: '1',
              routingNumber: '2',
            },
          ],
        },
      }),
    ).toBeNull();
    expect(
      invoiceEpcQrPayload({ ...invoice, seller: { ...invoice.seller, paymentAccounts: [] } }),
    ).toBeNull();
    expect(invoiceEpcQrPayload(creditNote)).toBeNull();
    expect(invoiceEpcQrPayload({ ...invoice, totalMinor: 0n })).toBeNull();
  });

  it('drops a malformed BIC rather than the code', () => {
    const seller = {
      ...invoice.seller,
      paymentAccounts: [{ ...invoice.seller.paymentAccounts[0]!, bic: 'n/a' }],
    };
    expect(fields(invoiceEpcQrPayload({ ...invoice, seller })!)[4]).toBe('');
  });
});

describe('qrModules', () => {
  it('is the QR code at error correction level M that EPC069-12 requires', () => {
    const payload = invoiceEpcQrPayload(invoice)!;
    const modules = qrModules(payload);
    const expected = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
    const atLevelL = QRCode.create(payload, { errorCorrectionLevel: 'L' }).modules;
    expect(modules.size).toBe(expected.size);
    const read = (size: number, isDark: (row: number, column: number) => boolean) =>
      Array.from({ length: size * size }, (_, index) =>
        isDark(Math.floor(index / size), index % size) ? 1 : 0,
      );
    expect(read(modules.size, modules.isDark)).toEqual(Array.from(expected.data));
    expect(Array.from(atLevelL.data)).not.toEqual(Array.from(expected.data));
  });
});
