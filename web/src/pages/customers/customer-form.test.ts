import { describe, expect, it } from 'vitest';
import { emptyAddressDraft } from '../../components/address-draft';
import {
  contactBody,
  createCustomerBody,
  emptyContactDraft,
  emptyCustomerDraft,
  tagsOf,
  telHref,
  updateCustomerBody,
} from './customer-form';

describe('the customer form', () => {
  it('creates with what was filled in, leaving the rest to the API', () => {
    const body = createCustomerBody(
      {
        ...emptyCustomerDraft,
        ref: ' C-9 ',
        name: 'Nine Ltd',
        currency: 'eur',
        credit_limit: '1000000000000.01',
        tags: 'key, , north ',
      },
      emptyContactDraft,
    );
    expect(body).toEqual({
      ref: 'C-9',
      name: 'Nine Ltd',
      currency: 'EUR',
      credit_limit: '1000000000000.01',
      tags: ['key', 'north'],
    });
  });

  it('sends a first contact only when it has a name', () => {
    const body = createCustomerBody(
      { ...emptyCustomerDraft, ref: 'C', name: 'N', currency: 'EUR' },
      { ...emptyContactDraft, name: 'Ann', email: 'ann@example.test' },
    );
    expect(body.contacts).toEqual([
      {
        name: 'Ann',
        email: 'ann@example.test',
        phone: null,
        role: 'primary',
        receives_reminders: true,
      },
    ]);
  });

  it('changes only the fields that changed, and clears a blanked one with null', () => {
    const before = {
      ...emptyCustomerDraft,
      ref: 'C',
      name: 'N',
      currency: 'EUR',
      terms: 'NET30',
      credit_limit: '500.00',
      tags: 'a, b',
    };
    expect(updateCustomerBody(before, { ...before })).toEqual({});
    expect(
      updateCustomerBody(before, { ...before, credit_limit: '', tags: 'a,b', name: 'M' }),
    ).toEqual({ credit_limit: null, name: 'M' });
  });

  it('splits tags on commas', () => {
    expect(tagsOf(' x ,y,,z ')).toEqual(['x', 'y', 'z']);
    expect(tagsOf('')).toEqual([]);
  });

  it('makes contact bodies and dialable tel: links', () => {
    expect(contactBody({ ...emptyContactDraft, name: ' Bo ', phone: ' ' })).toMatchObject({
      name: 'Bo',
      phone: null,
      email: null,
    });
    expect(telHref('+49 (30) 123-456')).toBe('tel:+4930123456');
    expect(telHref('030 123')).toBe('tel:030123');
  });

  it('sends the buyer details and the billing address, leaving blank lines out', () => {
    const body = createCustomerBody(
      {
        ...emptyCustomerDraft,
        ref: 'C',
        name: 'N',
        currency: 'EUR',
        registration_id: ' HRB 1 ',
        buyer_reference: 'PO-77',
        electronic_scheme: '0088',
        electronic_id: '4000001000005',
        send_ubl: true,
        billing_address: {
          ...emptyAddressDraft,
          line1: 'Kade 1',
          city: 'Amsterdam',
          country: 'NL',
        },
      },
      emptyContactDraft,
    );
    expect(body).toMatchObject({
      registration_id: 'HRB 1',
      buyer_reference: 'PO-77',
      electronic_address: { scheme: '0088', id: '4000001000005' },
      send_ubl: true,
      billing_address: { line1: 'Kade 1', city: 'Amsterdam', country: 'NL' },
    });
  });

  it('clears an electronic address or billing address blanked whole, and changes only those', () => {
    const before = {
      ...emptyCustomerDraft,
      ref: 'C',
      name: 'N',
      currency: 'EUR',
      electronic_scheme: 'EM',
      electronic_id: 'ap@example.test',
      billing_address: { ...emptyAddressDraft, city: 'Lyon', country: 'FR' },
      send_ubl: true,
    };
    expect(updateCustomerBody(before, { ...before })).toEqual({});
    expect(
      updateCustomerBody(before, {
        ...before,
        electronic_scheme: '',
        electronic_id: '',
        billing_address: emptyAddressDraft,
        send_ubl: false,
      }),
    ).toEqual({ electronic_address: null, billing_address: null, send_ubl: false });
    expect(
      updateCustomerBody(before, {
        ...before,
        billing_address: { ...before.billing_address, country: 'BE' },
      }),
    ).toEqual({
      billing_address: { city: 'Lyon', country: 'BE' },
    });
  });
});
