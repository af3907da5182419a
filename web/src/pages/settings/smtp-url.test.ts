import { describe, expect, it } from 'vitest';
import { smtpFieldsOf, smtpUrlOf } from './smtp-url';

describe('the SMTP URL as form fields', () => {
  it('reads the masked URL the API shows, without the password', () => {
    const stored = smtpFieldsOf('smtp://ar%40acme.test:****@mail.acme.test:587?name=acme');
    expect(stored.fields).toEqual({
      host: 'mail.acme.test',
      port: '587',
      security: 'starttls',
      user: 'ar@acme.test',
      password: '',
    });
    expect(stored.hasPassword).toBe(true);
    expect(stored.otherParams).toEqual([['name', 'acme']]);
  });

  it('tells TLS from the start and required STARTTLS apart', () => {
    expect(smtpFieldsOf('smtps://mail.acme.test:465').fields.security).toBe('tls');
    expect(smtpFieldsOf('smtp://mail.acme.test?requireTLS=true').fields.security).toBe(
      'require_starttls',
    );
    expect(smtpFieldsOf(null).fields.host).toBe('');
  });

  it('sends the masked password back unchanged, so the API keeps the stored one', () => {
    const masked = 'smtp://ar%40acme.test:****@mail.acme.test:587?name=acme';
    const stored = smtpFieldsOf(masked);
    expect(smtpUrlOf(stored.fields, stored)).toBe(masked);
  });

  it('encodes a new user and password, and sets the security', () => {
    const stored = smtpFieldsOf(null);
    expect(
      smtpUrlOf(
        {
          host: ' relay.test ',
          port: '2525',
          security: 'require_starttls',
          user: 'me@x.test',
          password: 'p@ss:word/1',
        },
        stored,
      ),
    ).toBe('smtp://me%40x.test:p%40ss%3Aword%2F1@relay.test:2525?requireTLS=true');
    expect(
      smtpUrlOf({ host: 'relay.test', port: '', security: 'tls', user: '', password: '' }, stored),
    ).toBe('smtps://relay.test');
  });

  it('gives no URL without a host', () => {
    expect(smtpUrlOf(smtpFieldsOf(null).fields, smtpFieldsOf(null))).toBeNull();
  });
});
