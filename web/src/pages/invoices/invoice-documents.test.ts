import { describe, expect, it } from 'vitest';
import { sentText } from './invoice-documents';

describe('sentText', () => {
  it("repeats the API's sentences, which name the addresses", () => {
    expect(
      sentText('INV-000042', {
        message_id: '00000000-0000-4000-8000-000000000001',
        to: ['ap@x.test', 'cfo@x.test'],
        notices: [
          'Invoice INV-000042 will be e-mailed to ap@x.test, cfo@x.test with its PDF.',
          'The e-invoice (UBL) is not attached: the customer has no electronic address.',
        ],
      }),
    ).toBe(
      'Sending invoice INV-000042 again. Invoice INV-000042 will be e-mailed to ap@x.test, cfo@x.test with its PDF. The e-invoice (UBL) is not attached: the customer has no electronic address.',
    );
  });

  it('names the addresses when the API has nothing to say', () => {
    expect(
      sentText('INV-000042', {
        message_id: '00000000-0000-4000-8000-000000000001',
        to: ['ap@x.test'],
        notices: [],
      }),
    ).toBe('Sending invoice INV-000042 again. To ap@x.test.');
  });
});
