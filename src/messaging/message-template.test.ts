// Proves that messages say exactly what a customer owes: worked examples of a two-currency customer
// with credits (totals per currency, never summed across them), HTML escaping of every value, the
// invoice list cut at limits.invoicesPerMessageMax with the rest summed, sections that show only
// when they have something to say, and the checks a template passes before it is saved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limits } from '../core/limits.js';
import {
  builtInTemplates,
  checkTemplate,
  formatMoney,
  renderMessage,
  templateVariables,
  type MessageContext,
  type MessageInvoiceLine,
  type MessageTemplate,
} from './message-template.js';

function invoice(
  number: string,
  dueOn: string,
  currency: string,
  totalMinor: bigint,
  openMinor: bigint,
  daysOverdue: number,
): MessageInvoiceLine {
  return { number, issuedOn: '2026-01-01', dueOn, currency, totalMinor, openMinor, daysOverdue };
}

const base: MessageContext = {
  today: '2026-03-15',
  customer: { ref: 'C-1', name: 'Acme', legalName: 'Acme Trading Ltd' },
  contact: { name: 'Pat Payables' },
  company: {
    name: 'Settle Demo GmbH',
    email: 'ar@demo.test',
    phone: '+49 30 1234',
    address: 'Hauptstr. 1\n10115 Berlin',
    bankDetails: 'IBAN DE00 1234',
  },
  collector: { name: 'Ana Collector', email: 'ana@demo.test' },
  invoices: [],
  credits: [],
  portalUrl: null,
};

/** A customer in EUR and USD: two EUR invoices (one overdue), one USD invoice overdue, and credit in both. */
const twoCurrencies: MessageContext = {
  ...base,
  invoices: [
    invoice('INV-7', '2026-03-20', 'EUR', 50_000n, 50_000n, -5),
    invoice('INV-3', '2026-02-13', 'EUR', 123_450n, 123_450n, 30),
    invoice('INV-5', '2026-03-05', 'USD', 2_000n, 2_000n, 10),
  ],
  credits: [
    {
      kind: 'credit_note',
      reference: 'CN-1',
      date: '2026-02-20',
      currency: 'EUR',
      unappliedMinor: 10_000n,
    },
    {
      kind: 'payment',
      reference: 'WIRE-9',
      date: '2026-03-01',
      currency: 'USD',
      unappliedMinor: 500n,
    },
  ],
};

function template(subject: string, bodyText: string, bodyHtml = ''): MessageTemplate {
  return { key: 'test', subject, bodyText, bodyHtml };
}

describe('renderMessage', () => {
  it('gives totals per currency for a two-currency customer with credits', () => {
    const message = renderMessage(
      template(
        '{{total_overdue}}',
        'open {{total_open}} | overdue {{total_overdue}} | credits {{total_credits}} | net {{net_due}} | days {{days_overdue}} | soonest {{days_until_due}} | oldest {{oldest_due_on}} | n {{invoice_count}}',
      ),
      twoCurrencies,
    );
    expect(message.subject).toBe('EUR 1,234.50; USD 20.00');
    expect(message.text).toBe(
      'open EUR 1,734.50; USD 20.00 | overdue EUR 1,234.50; USD 20.00 | credits EUR 100.00; USD 5.00 | net EUR 1,634.50; USD 15.00 | days 30 | soonest 5 | oldest 2026-02-13 | n 3',
    );
  });

  it('lays out the invoices and credits as aligned text, most overdue first', () => {
    const message = renderMessage(
      template('s', '{{invoices_table}}\n\n{{credits_table}}'),
      twoCurrencies,
    );
    expect(message.text).toBe(
      [
        'Invoice  Issued      Due         Status                  Total          Open',
        '-------  ----------  ----------  ---------------  ------------  ------------',
        'INV-3    2026-01-01  2026-02-13  30 days overdue  EUR 1,234.50  EUR 1,234.50',
        'INV-5    2026-01-01  2026-03-05  10 days overdue     USD 20.00     USD 20.00',
        'INV-7    2026-01-01  2026-03-20  due in 5 days      EUR 500.00    EUR 500.00',
        '',
        'Credit       Reference  Date         Available',
        '-----------  ---------  ----------  ----------',
        'Credit note  CN-1       2026-02-20  EUR 100.00',
        'Payment      WIRE-9     2026-03-01    USD 5.00',
      ].join('\n'),
    );
  });

  it('renders the tables as HTML tables', () => {
    const html = renderMessage(template('s', 't', '{{invoices_table}}'), twoCurrencies).html;
    expect(html.match(/<tr>/g)).toHaveLength(4);
    expect(html).toContain(
      '<th style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left">Invoice</th>',
    );
    expect(html).toContain(
      '<td style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:right">EUR 1,234.50</td>',
    );
  });

  it('escapes every value in HTML, and only in HTML', () => {
    const hostile: MessageContext = {
      ...twoCurrencies,
      customer: { ref: 'R&D', name: '<script>alert("x")</script>', legalName: null },
      contact: null,
      invoices: [invoice('<b>INV</b>', '2026-03-01', 'EUR', 100n, 100n, 14)],
    };
    const message = renderMessage(
      template(
        'Hi {{customer.name}}',
        'Dear {{contact.name}} ({{customer.ref}})',
        '<p>Dear {{contact.name}} ({{customer.ref}})</p>{{invoices_table}}',
      ),
      hostile,
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<b>');
    expect(message.html).toContain(
      '<p>Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; (R&amp;D)</p>',
    );
    expect(message.html).toContain('&lt;b&gt;INV&lt;/b&gt;');
    expect(message.text).toBe('Dear <script>alert("x")</script> (R&D)');
    expect(message.subject).toBe('Hi <script>alert("x")</script>');
  });

  it('keeps multi-line details as lines in HTML and puts the subject on one line', () => {
    const message = renderMessage(
      template('{{company.address}}', '{{company.address}}', '{{company.address}}'),
      base,
    );
    expect(message.subject).toBe('Hauptstr. 1 10115 Berlin');
    expect(message.text).toBe('Hauptstr. 1\n10115 Berlin');
    expect(message.html).toBe('Hauptstr. 1<br>\n10115 Berlin');
  });

  it(`lists ${limits.invoicesPerMessageMax} invoices in full, and sums the ones past the limit in one line`, () => {
    const many = (count: number) => ({
      ...base,
      invoices: Array.from({ length: count }, (_, index) =>
        invoice(
          `INV-${String(index).padStart(4, '0')}`,
          '2026-02-01',
          index % 2 === 0 ? 'EUR' : 'USD',
          1_000n,
          1_000n,
          42,
        ),
      ),
    });
    const atLimit = renderMessage(
      template('s', '{{invoices_table}}', '{{invoices_table}}'),
      many(limits.invoicesPerMessageMax),
    );
    expect(atLimit.text.split('\n')).toHaveLength(limits.invoicesPerMessageMax + 2);
    expect(atLimit.text).not.toContain('more invoice');

    const onePast = renderMessage(
      template('s', '{{invoices_table}}', '{{invoices_table}}'),
      many(limits.invoicesPerMessageMax + 1),
    );
    const lines = onePast.text.split('\n');
    expect(lines).toHaveLength(limits.invoicesPerMessageMax + 3);
    expect(lines.at(-1)).toBe('and 1 more invoice totalling EUR 10.00');
    expect(onePast.html).toContain('<p>and 1 more invoice totalling EUR 10.00</p>');
    expect(onePast.html.match(/<tr>/g)).toHaveLength(limits.invoicesPerMessageMax + 1);

    const threePast = renderMessage(
      template('s', '{{invoices_table}}'),
      many(limits.invoicesPerMessageMax + 3),
    );
    expect(threePast.text.split('\n').at(-1)).toBe(
      'and 3 more invoices totalling EUR 20.00; USD 10.00',
    );
  });

  it('shows a section only when its variable has something to show', () => {
    const body =
      '{{#portal_link}}Pay at {{portal_link}}.{{/portal_link}}{{#credits_table}} You have credit.{{/credits_table}}{{#total_overdue}} Overdue!{{/total_overdue}}';
    const upcomingOnly = {
      ...base,
      invoices: [invoice('INV-1', '2026-03-20', 'EUR', 100n, 100n, -5)],
    };
    expect(renderMessage(template('s', body), upcomingOnly).text).toBe('');
    expect(
      renderMessage(template('s', body), { ...twoCurrencies, portalUrl: 'https://pay.test/x' })
        .text,
    ).toBe('Pay at https://pay.test/x. You have credit. Overdue!');
  });

  it("falls back to the customer for the contact and to the company's e-mail for the collector's", () => {
    const message = renderMessage(
      template(
        's',
        '{{contact.name}} /{{#collector.name}} {{collector.name}}{{/collector.name}} <{{collector.email}}> / {{total_credits}}',
      ),
      { ...base, contact: null, collector: null },
    );
    expect(message.text).toBe('Acme Trading Ltd / <ar@demo.test> / 0');
    const signed = renderMessage(builtInTemplates.reminder_due!, { ...base, collector: null }).text;
    expect(signed).toMatch(/Kind regards,\nSettle Demo GmbH\n\+49 30 1234\nar@demo\.test\n$/);
  });

  it('formats amounts with the exponent of their currency', () => {
    expect(formatMoney(123_456_789n, 'EUR')).toBe('EUR 1,234,567.89');
    expect(formatMoney(1_234_567n, 'JPY')).toBe('JPY 1,234,567');
    expect(formatMoney(1_234_567n, 'KWD')).toBe('KWD 1,234.567');
    expect(formatMoney(-5n, 'EUR')).toBe('EUR -0.05');
  });

  it('renders every built-in template for a full context without leaving a tag behind', () => {
    for (const [key, builtIn] of Object.entries(builtInTemplates)) {
      expect(builtIn.key).toBe(key);
      expect(checkTemplate(builtIn).ok, key).toBe(true);
      const message = renderMessage(builtIn, {
        ...twoCurrencies,
        portalUrl: 'https://pay.test/c-1',
      });
      for (const part of [message.subject, message.text, message.html])
        expect(part, key).not.toMatch(/\{\{|\}\}/);
      expect(message.text, key).toContain('INV-3');
      expect(message.html, key).toContain('<table');
      expect(message.html, key).toContain('href="https://pay.test/c-1"');
    }
    expect(Object.keys(builtInTemplates)).toEqual(
      expect.arrayContaining([
        'reminder_upcoming',
        'reminder_due',
        'reminder_overdue',
        'reminder_final',
        'statement',
        'dunning_letter',
        'promise_broken',
      ]),
    );
  });

  it('writes a readable overdue reminder', () => {
    const message = renderMessage(builtInTemplates.reminder_overdue!, twoCurrencies);
    expect(message.subject).toBe('Overdue invoices: EUR 1,234.50; USD 20.00 (30 days past due)');
    expect(message.text).toContain('Dear Pat Payables,\n\nAccording to our records');
    expect(message.text).toContain(
      'Total open: EUR 1,734.50; USD 20.00\n\nYou also have credit with us',
    );
    expect(message.text).toContain('Net amount due: EUR 1,634.50; USD 15.00');
    expect(message.text).toContain('Please pay to:\nIBAN DE00 1234');
    expect(message.text).toMatch(
      /Kind regards,\nAna Collector\nSettle Demo GmbH\n\+49 30 1234\nana@demo\.test\n$/,
    );
  });

  it('keeps every open amount in exactly one place: the totals are the sums per currency (property)', () => {
    const line = fc.record({
      currency: fc.constantFrom('EUR', 'USD', 'JPY'),
      openMinor: fc.bigInt({ min: 1n, max: 10_000_000n }),
      daysOverdue: fc.integer({ min: -30, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const invoices = lines.map((item, index) =>
          invoice(
            `I-${index}`,
            '2026-01-01',
            item.currency,
            item.openMinor,
            item.openMinor,
            item.daysOverdue,
          ),
        );
        const text = renderMessage(template('s', '{{total_open}}|{{total_overdue}}'), {
          ...base,
          invoices,
        }).text;
        const expected = (filter: (item: (typeof lines)[number]) => boolean) => {
          const currencies = [...new Set(lines.map((item) => item.currency))].sort();
          if (currencies.length === 0) return '0';
          return currencies
            .map((currency) =>
              formatMoney(
                lines
                  .filter((item) => item.currency === currency && filter(item))
                  .reduce((sum, item) => sum + item.openMinor, 0n),
                currency,
              ),
            )
            .join('; ');
        };
        expect(text).toBe(`${expected(() => true)}|${expected((item) => item.daysOverdue > 0)}`);
      }),
    );
  });

  it('never lets a value open a tag in the HTML (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, number) => {
        const html = renderMessage(template('s', 't', '{{customer.name}}{{invoices_table}}'), {
          ...base,
          customer: { ref: 'C', name, legalName: null },
          invoices: [invoice(number, '2026-01-01', 'EUR', 1n, 1n, 1)],
        }).html;
        const withoutMarkup = html.replace(
          /<\/?(table|thead|tbody|tr|th|td|p)( style="[^"]*")?>/g,
          '',
        );
        expect(withoutMarkup).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('checkTemplate', () => {
  const valid = template(
    'Hello {{customer.name}}',
    'Body {{total_open}}',
    '<p>{{invoices_table}}</p>',
  );

  it('accepts every documented variable, with or without spaces in the braces', () => {
    const all = templateVariables.map((variable) => `{{ ${variable.name} }}`).join(' ');
    expect(checkTemplate(template('x', all, all)).ok).toBe(true);
    expect(checkTemplate(valid)).toEqual({ ok: true, value: valid });
  });

  it('names the part that uses an unknown variable', () => {
    expect(checkTemplate({ ...valid, subject: 'Hi {{customer.nickname}}' })).toMatchObject({
      ok: false,
      error: { code: 'template_variable_unknown', field: 'subject' },
    });
    expect(checkTemplate({ ...valid, bodyText: '{{#secret}}x{{/secret}}' })).toMatchObject({
      ok: false,
      error: { code: 'template_variable_unknown', field: 'body_text' },
    });
    expect(checkTemplate({ ...valid, bodyHtml: '<p>{{amount}}</p>' })).toMatchObject({
      ok: false,
      error: { code: 'template_variable_unknown', field: 'body_html' },
    });
  });

  it('refuses unbalanced braces and sections', () => {
    const cases: [Partial<MessageTemplate>, string][] = [
      [{ bodyText: 'Dear {{contact.name' }, 'body_text'],
      [{ bodyText: 'Dear contact.name}}' }, 'body_text'],
      [{ bodyHtml: '{{ {{customer.name}} }}' }, 'body_html'],
      [{ bodyHtml: '{{}}' }, 'body_html'],
      [{ bodyHtml: '{{customer name}}' }, 'body_html'],
      [{ bodyText: '{{#portal_link}}pay' }, 'body_text'],
      [{ bodyText: 'pay{{/portal_link}}' }, 'body_text'],
      [{ subject: '{{#portal_link}}{{/credits_table}}' }, 'subject'],
    ];
    for (const [change, field] of cases) {
      expect(checkTemplate({ ...valid, ...change }), JSON.stringify(change)).toMatchObject({
        ok: false,
        error: { code: 'template_syntax_invalid', field },
      });
    }
  });

  it('allows single braces, such as CSS in the HTML', () => {
    expect(
      checkTemplate({ ...valid, bodyHtml: '<style>p { color: #222 }</style>{{invoices_table}}' })
        .ok,
    ).toBe(true);
  });

  it('requires a one-line subject and a plain-text body, and bounds the lengths', () => {
    expect(checkTemplate({ ...valid, subject: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'template_subject_required', field: 'subject' },
    });
    expect(checkTemplate({ ...valid, subject: 'a\nb' })).toMatchObject({
      ok: false,
      error: { field: 'subject' },
    });
    expect(checkTemplate({ ...valid, bodyText: '' })).toMatchObject({
      ok: false,
      error: { code: 'template_body_required', field: 'body_text' },
    });
    expect(checkTemplate({ ...valid, bodyHtml: '' }).ok).toBe(true);
    expect(checkTemplate({ ...valid, subject: 'x'.repeat(300) }).ok).toBe(true);
    expect(checkTemplate({ ...valid, subject: 'x'.repeat(301) })).toMatchObject({
      ok: false,
      error: { code: 'template_too_long', field: 'subject' },
    });
  });
});
