import { describe, expect, it } from 'vitest';
import { ibanChecks } from '../../core/iban.js';
import { isElectronicAddressScheme } from '../../core/electronic-address.js';
import {
  changedSellerMasterData,
  type SellerMasterData,
} from '../../organizations/seller-details.js';
import { demoSeller, missingSellerDetails } from './seller.js';

const unset: SellerMasterData = {
  legalName: null,
  address: null,
  vatId: null,
  registrationId: null,
  electronicAddress: null,
  paymentAccounts: [],
  invoiceFooter: null,
};

describe('the demo seller', () => {
  it('passes the checks of the seller settings, with one company number throughout', () => {
    const details = changedSellerMasterData(unset, demoSeller('My Company'));
    expect(details.legalName).toBe('My Company BV');
    expect(details.address).toMatchObject({ city: 'Brussels', countryCode: 'BE' });
    const number = details.registrationId!;
    expect(details.vatId).toBe(`BE${number}`);
    expect(details.electronicAddress).toEqual({ scheme: '0208', id: number });
    expect(isElectronicAddressScheme(details.electronicAddress!.scheme)).toBe(true);
    const [account] = details.paymentAccounts;
    expect(ibanChecks(account!.iban!)).toBe(true);
    expect(account!.iban!.startsWith('BE')).toBe(true);
    expect(account!.bic).toBe('BBRUBEBB');
    expect(details.invoiceFooter).toContain(
      `${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`,
    );
  });

  it('keeps a legal form the organization name already has', () => {
    expect(demoSeller('Acme GmbH').legalName).toBe('Acme GmbH');
    expect(demoSeller(' Globex NV ').legalName).toBe('Globex NV');
  });

  it('fills only what the organization has not set', () => {
    expect(missingSellerDetails(unset, 'X')).toEqual(demoSeller('X'));
    const stored: SellerMasterData = {
      ...unset,
      legalName: 'Set By Hand Ltd',
      vatId: 'GB123456789',
      paymentAccounts: [
        {
          iban: 'GB82WEST12345698765432',
          bic: null,
          accountNumber: null,
          routingNumber: null,
          bankName: null,
          accountName: null,
        },
      ],
    };
    const changes = missingSellerDetails(stored, 'X');
    expect(Object.keys(changes).sort()).toEqual([
      'address',
      'electronicAddress',
      'invoiceFooter',
      'registrationId',
    ]);
    const after = changedSellerMasterData(stored, changes);
    expect(after.legalName).toBe('Set By Hand Ltd');
    expect(after.paymentAccounts).toEqual(stored.paymentAccounts);
  });
});
