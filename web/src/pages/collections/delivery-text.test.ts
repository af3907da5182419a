import { describe, expect, it } from 'vitest';
import { deliveryText } from './delivery-text';

describe('deliveryText', () => {
  it('says why a held message waits, since the fix differs', () => {
    expect(deliveryText({ status: 'held', status_reason: 'no_smtp_settings' })).toBe(
      'held in the outbox until mail settings exist',
    );
    expect(deliveryText({ status: 'held', status_reason: 'no_recipient' })).toBe(
      'held in the outbox: the customer has no contact who receives reminders',
    );
  });

  it('tells a retry from a first attempt, and names any other state with its reason', () => {
    expect(deliveryText({ status: 'sent', status_reason: null })).toBe('sent');
    expect(deliveryText({ status: 'pending', status_reason: 'retrying' })).toBe(
      'waiting to be tried again',
    );
    expect(deliveryText({ status: 'pending', status_reason: null })).toBe(
      'waiting in the outbox to be sent',
    );
    expect(deliveryText({ status: 'failed', status_reason: 'rejected' })).toBe('failed (rejected)');
    expect(deliveryText({ status: 'uncertain', status_reason: null })).toBe(
      'uncertain (see the outbox)',
    );
  });
});
