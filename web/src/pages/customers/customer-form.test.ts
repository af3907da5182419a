import { describe, expect, it } from 'vitest';
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
});
