import { describe, expect, it } from 'vitest';
import type { SellerDetails } from '../../api/types';
import { emptyAddressDraft } from '../../components/address-draft';
import { emptyPaymentAccount, sellerBody, sellerDraftOf } from './seller-form';

const stored: SellerDetails = {
  legal_name: 'Acme Trading GmbH',
  address: {
    line1: 'Hauptstr. 1',
    line2: null,
    city: 'Berlin',
    postal_code: '10115',
    region: null,
    country: 'DE',
  },
  vat_id: 'DE123456789',
  registration_id: null,
  electronic_address: { scheme: '9930', id: 'DE123456789' },
  payment_accounts: [
    {
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      account_number: null,
      routing_number: null,
      bank_name: 'Commerzbank',
      account_name: null,
    },
  ],
  invoice_footer: 'Thank you.\nAcme Trading GmbH',
  has_logo: false,
};

describe('the seller details form', () => {
  it('sends back what it was given unchanged', () => {
    const { has_logo: _hasLogo, ...rest } = stored;
    expect(sellerBody(sellerDraftOf(stored))).toEqual(rest);
  });

  it('clears blanks with null, and a wholly blank address or electronic address is none', () => {
    const draft = {
      ...sellerDraftOf(stored),
      legal_name: '  ',
      address: emptyAddressDraft,
      electronic_scheme: '',
      electronic_id: '',
      payment_accounts: [],
    };
    expect(sellerBody(draft)).toMatchObject({
      legal_name: null,
      address: null,
      electronic_address: null,
      payment_accounts: [],
    });
  });

  it('sends half an electronic address so that the API names the missing half', () => {
    const draft = { ...sellerDraftOf(stored), electronic_scheme: '0088', electronic_id: ' ' };
    expect(sellerBody(draft).electronic_address).toEqual({ scheme: '0088', id: '' });
  });

  it('keeps the accounts in their order, trimmed', () => {
    const draft = {
      ...sellerDraftOf(stored),
      payment_accounts: [
        { ...emptyPaymentAccount, account_number: ' 12345 ', routing_number: '021000021' },
        { ...emptyPaymentAccount, iban: 'GB29NWBK60161331926819' },
      ],
    };
    expect(sellerBody(draft).payment_accounts).toEqual([
      {
        iban: null,
        bic: null,
        account_number: '12345',
        routing_number: '021000021',
        bank_name: null,
        account_name: null,
      },
      {
        iban: 'GB29NWBK60161331926819',
        bic: null,
        account_number: null,
        routing_number: null,
        bank_name: null,
        account_name: null,
      },
    ]);
  });
});
