import { assert } from '../core/assert.js';
import { limits } from '../core/limits.js';
import { formatAmount } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';

/**
 * Messages to customers, written from templates with `{{variables}}`. A template has a subject, a
 * plain-text body and an HTML body; the same variables render in all three, HTML-escaped in the
 * HTML body. `{{#name}} … {{/name}}` keeps its content only when the variable has something to
 * show (a table with rows, a total that is not zero, a text that is not empty), so that a
 * template can say "Pay online: …" only when there is a portal link. Pure: no I/O, no clock
 * (`today` is in the context).
 */
export interface MessageTemplate {
  readonly key: string;
  readonly subject: string;
  readonly bodyText: string;
  readonly bodyHtml: string;
}

export interface MessageInvoiceLine {
  readonly number: string;
  readonly issuedOn: string;
  readonly dueOn: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly openMinor: bigint;
  /** Negative: days until due. */
  readonly daysOverdue: number;
}

export interface MessageCreditLine {
  readonly kind: 'credit_note' | 'payment';
  readonly reference: string;
  readonly date: string;
  readonly currency: string;
  readonly unappliedMinor: bigint;
}

export interface MessageContext {
  readonly today: string;
  readonly customer: {
    readonly ref: string;
    readonly name: string;
    readonly legalName: string | null;
  };
  readonly contact: { readonly name: string } | null;
  readonly company: {
    readonly name: string;
    readonly email?: string | null;
    readonly phone?: string | null;
    readonly address?: string | null;
    readonly bankDetails?: string | null;
  };
  readonly collector: { readonly name: string; readonly email: string } | null;
  /** The invoices that reached a step. */
  readonly invoices: readonly MessageInvoiceLine[];
  /** Open credit notes and unapplied payments. */
  readonly credits: readonly MessageCreditLine[];
  readonly portalUrl: string | null;
}

type Stored<T> = { readonly [K in keyof T]: T[K] extends bigint ? string : T[K] };

/** The context as JSON for the outbox (amounts as decimal integer strings, since JSON has no bigint). */
export function storedContext(context: MessageContext): object {
  return {
    ...context,
    invoices: context.invoices.map((line) => ({
      ...line,
      totalMinor: String(line.totalMinor),
      openMinor: String(line.openMinor),
    })),
    credits: context.credits.map((line) => ({
      ...line,
      unappliedMinor: String(line.unappliedMinor),
    })),
  };
}

/** The context storedContext wrote, read back. */
export function contextFromStored(value: unknown): MessageContext {
  const stored = value as Omit<MessageContext, 'invoices' | 'credits'> & {
    invoices: Stored<MessageInvoiceLine>[];
    credits: Stored<MessageCreditLine>[];
  };
  return {
    ...stored,
    invoices: stored.invoices.map((line) => ({
      ...line,
      totalMinor: BigInt(line.totalMinor),
      openMinor: BigInt(line.openMinor),
    })),
    credits: stored.credits.map((line) => ({
      ...line,
      unappliedMinor: BigInt(line.unappliedMinor),
    })),
  };
}

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const templateVariables: readonly { name: string; description: string }[] = [
  { name: 'customer.name', description: "The customer's name" },
  { name: 'customer.legal_name', description: "The customer's legal name, else its name" },
  { name: 'customer.ref', description: "The customer's reference" },
  {
    name: 'contact.name',
    description: "The name of the contact written to, else the customer's name",
  },
  {
    name: 'company.name',
    description: 'Your company name (mail settings, else the organization name)',
  },
  { name: 'company.email', description: "Your company's e-mail address" },
  { name: 'company.phone', description: "Your company's phone number" },
  { name: 'company.address', description: "Your company's postal address" },
  { name: 'company.bank_details', description: 'The bank account to pay to' },
  {
    name: 'collector.name',
    description:
      "The customer's collector; empty without one (so wrap it in {{#collector.name}} … {{/collector.name}})",
  },
  { name: 'collector.email', description: "The collector's e-mail address, else the company's" },
  {
    name: 'invoices_table',
    description: 'The invoices: number, dates, status, total and open amount',
  },
  { name: 'credits_table', description: 'Open credit notes and unapplied payments' },
  { name: 'invoice_count', description: 'How many invoices the message is about' },
  {
    name: 'invoice_numbers',
    description: 'The numbers of the invoices the message is about, e.g. "INV-000042, INV-000043"',
  },
  {
    name: 'total_open',
    description: 'What the invoices leave open, per currency ("EUR 1,234.50; USD 20.00")',
  },
  { name: 'total_overdue', description: 'The part of it that is past due, per currency' },
  { name: 'total_credits', description: 'Open credit notes and unapplied payments, per currency' },
  { name: 'net_due', description: 'total_open less total_credits, per currency' },
  {
    name: 'days_overdue',
    description: 'Days past due of the most overdue invoice (0 when none is)',
  },
  {
    name: 'days_until_due',
    description: 'Days until the soonest invoice not yet due falls due (0 when none)',
  },
  { name: 'oldest_due_on', description: 'The earliest due date of the invoices' },
  { name: 'portal_link', description: 'The link to pay online (mail settings), empty without one' },
  { name: 'today', description: "Today's date, YYYY-MM-DD" },
];

const knownVariables = new Set(templateVariables.map((variable) => variable.name));

// ---------------------------------------------------------------------------------------------
// Parsing

type TemplateNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'variable'; readonly name: string }
  | { readonly type: 'section'; readonly name: string; readonly children: readonly TemplateNode[] };

interface Tag {
  readonly kind: 'variable' | 'open' | 'close';
  readonly name: string;
}

const namePattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;

function syntaxError<T>(message: string, field: string): Result<T> {
  return fail('template_syntax_invalid', message, field);
}

function parseTag(content: string, field: string): Result<Tag> {
  const trimmed = content.trim();
  const kind = trimmed.startsWith('#') ? 'open' : trimmed.startsWith('/') ? 'close' : 'variable';
  const name = kind === 'variable' ? trimmed : trimmed.slice(1).trim();
  if (!namePattern.test(name))
    return syntaxError(`"{{${content}}}" is not a variable such as {{customer.name}}.`, field);
  return ok({ kind, name });
}

/** Splits a template into text and tags; every `{{` needs its `}}` and a lone `}}` is an error. */
function tokenize(source: string, field: string): Result<(string | Tag)[]> {
  const tokens: (string | Tag)[] = [];
  let position = 0;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    const close = source.indexOf('}}', position);
    if (close !== -1 && (open === -1 || close < open)) {
      return syntaxError(
        `A "}}" at character ${close + 1} has no "{{" before it (write "} }" for literal braces).`,
        field,
      );
    }
    if (open === -1) {
      tokens.push(source.slice(position));
      break;
    }
    const end = source.indexOf('}}', open + 2);
    const nextOpen = source.indexOf('{{', open + 2);
    if (end === -1 || (nextOpen !== -1 && nextOpen < end)) {
      return syntaxError(`The "{{" at character ${open + 1} is not closed with "}}".`, field);
    }
    if (open > position) tokens.push(source.slice(position, open));
    const tag = parseTag(source.slice(open + 2, end), field);
    if (!tag.ok) return tag;
    tokens.push(tag.value);
    position = end + 2;
  }
  return ok(tokens);
}

/** Builds the tree of sections; each `{{#name}}` must be closed by its own `{{/name}}`. */
function parseTemplate(source: string, field: string): Result<TemplateNode[]> {
  const tokens = tokenize(source, field);
  if (!tokens.ok) return tokens;
  const stack: { name: string; children: TemplateNode[] }[] = [{ name: '', children: [] }];
  for (const token of tokens.value) {
    const top = stack[stack.length - 1]!;
    if (typeof token === 'string') top.children.push({ type: 'text', text: token });
    else if (token.kind === 'variable') top.children.push({ type: 'variable', name: token.name });
    else if (token.kind === 'open') stack.push({ name: token.name, children: [] });
    else {
      if (stack.length === 1 || top.name !== token.name) {
        return syntaxError(
          `"{{/${token.name}}}" does not close ${stack.length === 1 ? 'any section' : `{{#${top.name}}}`}.`,
          field,
        );
      }
      stack.pop();
      stack[stack.length - 1]!.children.push({
        type: 'section',
        name: token.name,
        children: top.children,
      });
    }
  }
  if (stack.length > 1)
    return syntaxError(`"{{#${stack[stack.length - 1]!.name}}}" is not closed.`, field);
  return ok(stack[0]!.children);
}

function unknownVariable(nodes: readonly TemplateNode[]): string | undefined {
  for (const node of nodes) {
    if (node.type === 'text') continue;
    if (!knownVariables.has(node.name)) return node.name;
    if (node.type === 'section') {
      const inner = unknownVariable(node.children);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

export const templateSubjectLengthMax = 300;
export const templateBodyLengthMax = 100_000;

function checkPart(source: string, field: string, lengthMax: number): Result<void> {
  if (source.length > lengthMax)
    return fail('template_too_long', `At most ${lengthMax} characters.`, field);
  const parsed = parseTemplate(source, field);
  if (!parsed.ok) return parsed;
  const unknown = unknownVariable(parsed.value);
  if (unknown !== undefined) {
    return fail(
      'template_variable_unknown',
      `{{${unknown}}} is not a variable; see the list of template variables.`,
      field,
    );
  }
  return ok(undefined);
}

/**
 * Checks a template before it is saved. Codes: template_subject_required, template_body_required,
 * template_too_long, template_syntax_invalid, template_variable_unknown (field subject, body_text
 * or body_html). An empty HTML body is allowed: the message is then sent as plain text.
 */
export function checkTemplate(template: MessageTemplate): Result<MessageTemplate> {
  if (!template.subject.trim())
    return fail('template_subject_required', 'A template needs a subject.', 'subject');
  if (/[\r\n]/.test(template.subject)) return syntaxError('The subject is one line.', 'subject');
  if (!template.bodyText.trim())
    return fail('template_body_required', 'A template needs a plain-text body.', 'body_text');
  const parts: [string, string, number][] = [
    [template.subject, 'subject', templateSubjectLengthMax],
    [template.bodyText, 'body_text', templateBodyLengthMax],
    [template.bodyHtml, 'body_html', templateBodyLengthMax],
  ];
  for (const [source, field, lengthMax] of parts) {
    const checked = checkPart(source, field, lengthMax);
    if (!checked.ok) return fail(checked.error.code, checked.error.message, checked.error.field);
  }
  return ok(template);
}

// ---------------------------------------------------------------------------------------------
// Values

/** "1234567.5" → "1,234,567.5": the grouping people read in a letter. */
function groupThousands(decimal: string): string {
  const [whole, fraction] = decimal.split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = sign ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

export function formatMoney(minor: bigint, currency: string): string {
  return `${currency} ${groupThousands(formatAmount(minor, currency))}`;
}

type Totals = Map<string, bigint>;

function sumByCurrency<T>(
  items: readonly T[],
  currencyOf: (item: T) => string,
  amountOf: (item: T) => bigint,
  currencies: readonly string[] = [],
): Totals {
  const totals: Totals = new Map(currencies.map((currency) => [currency, 0n]));
  for (const item of items)
    totals.set(currencyOf(item), (totals.get(currencyOf(item)) ?? 0n) + amountOf(item));
  return totals;
}

/** Per currency, alphabetically, never summed across currencies: "EUR 1,234.50; USD 20.00". */
function formatTotals(totals: Totals): string {
  if (totals.size === 0) return '0';
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, minor]) => formatMoney(minor, currency))
    .join('; ');
}

function hasAmount(totals: Totals): boolean {
  return [...totals.values()].some((minor) => minor !== 0n);
}

function dueStatus(daysOverdue: number): string {
  if (daysOverdue > 0) return `${daysOverdue} ${daysOverdue === 1 ? 'day' : 'days'} overdue`;
  if (daysOverdue === 0) return 'due today';
  return `due in ${-daysOverdue} ${daysOverdue === -1 ? 'day' : 'days'}`;
}

/** Most overdue first, so that a list cut at the limit keeps the invoices that matter most. */
function byUrgency(a: MessageInvoiceLine, b: MessageInvoiceLine): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

interface Table {
  readonly header: readonly string[];
  /** Columns from this index on are amounts, right-aligned. */
  readonly amountsFrom: number;
  readonly rows: readonly (readonly string[])[];
  /** "and 3 more invoices totalling EUR 300.00", or null when nothing was left out. */
  readonly more: string | null;
}

function invoicesTable(invoices: readonly MessageInvoiceLine[]): Table {
  const ordered = [...invoices].sort(byUrgency);
  const shown = ordered.slice(0, limits.invoicesPerMessageMax);
  const rest = ordered.slice(limits.invoicesPerMessageMax);
  return {
    header: ['Invoice', 'Issued', 'Due', 'Status', 'Total', 'Open'],
    amountsFrom: 4,
    rows: shown.map((line) => [
      line.number,
      line.issuedOn,
      line.dueOn,
      dueStatus(line.daysOverdue),
      formatMoney(line.totalMinor, line.currency),
      formatMoney(line.openMinor, line.currency),
    ]),
    more:
      rest.length === 0
        ? null
        : `and ${rest.length} more ${rest.length === 1 ? 'invoice' : 'invoices'} totalling ${formatTotals(
            sumByCurrency(
              rest,
              (line) => line.currency,
              (line) => line.openMinor,
            ),
          )}`,
  };
}

function creditsTable(credits: readonly MessageCreditLine[]): Table {
  const ordered = [...credits].sort((a, b) =>
    a.date < b.date
      ? -1
      : a.date > b.date
        ? 1
        : a.reference < b.reference
          ? -1
          : a.reference > b.reference
            ? 1
            : 0,
  );
  const shown = ordered.slice(0, limits.invoicesPerMessageMax);
  const rest = ordered.slice(limits.invoicesPerMessageMax);
  return {
    header: ['Credit', 'Reference', 'Date', 'Available'],
    amountsFrom: 3,
    rows: shown.map((line) => [
      line.kind === 'credit_note' ? 'Credit note' : 'Payment',
      line.reference,
      line.date,
      formatMoney(line.unappliedMinor, line.currency),
    ]),
    more:
      rest.length === 0
        ? null
        : `and ${rest.length} more ${rest.length === 1 ? 'credit' : 'credits'} totalling ${formatTotals(
            sumByCurrency(
              rest,
              (line) => line.currency,
              (line) => line.unappliedMinor,
            ),
          )}`,
  };
}

function textTable(table: Table): string {
  if (table.rows.length === 0) return '';
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, column) =>
    Math.max(...all.map((row) => row[column]!.length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column >= table.amountsFrom ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [
    line(table.header),
    rule,
    ...table.rows.map(line),
    ...(table.more === null ? [] : [table.more]),
  ].join('\n');
}

const htmlSpecial = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most values (numbers, dates, amounts) have nothing to escape: no copy of them is made.
  if (!htmlSpecial.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const cellStyle = 'padding:4px 8px;border-bottom:1px solid #ddd';

function htmlTable(table: Table): string {
  if (table.rows.length === 0) return '';
  const cell = (tag: 'th' | 'td', text: string, column: number) =>
    `<${tag} style="${cellStyle};text-align:${column >= table.amountsFrom ? 'right' : 'left'}">${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.header.map((text, column) => cell('th', text, column)).join('')}</tr>`;
  const body = table.rows
    .map((row) => `<tr>${row.map((text, column) => cell('td', text, column)).join('')}</tr>`)
    .join('\n');
  const more = table.more === null ? '' : `\n<p>${escapeHtml(table.more)}</p>`;
  return `<table style="border-collapse:collapse">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>${more}`;
}

interface Value {
  readonly text: string;
  readonly html: string;
  /** Whether a `{{#name}}` section around it shows. */
  readonly present: boolean;
}

function plain(text: string | null | undefined): Value {
  const value = text ?? '';
  // Addresses and bank details span lines: keep the lines in HTML too.
  return {
    text: value,
    html: escapeHtml(value).replace(/\r?\n/g, '<br>\n'),
    present: value.trim() !== '',
  };
}

function totalsValue(totals: Totals): Value {
  return { ...plain(formatTotals(totals)), present: hasAmount(totals) };
}

function tableValue(table: Table): Value {
  return { text: textTable(table), html: htmlTable(table), present: table.rows.length > 0 };
}

function figureTotals(context: MessageContext) {
  const currencies = [
    ...new Set([
      ...context.invoices.map((line) => line.currency),
      ...context.credits.map((line) => line.currency),
    ]),
  ];
  const open = sumByCurrency(
    context.invoices,
    (line) => line.currency,
    (line) => line.openMinor,
    currencies,
  );
  const overdue = sumByCurrency(
    context.invoices.filter((line) => line.daysOverdue > 0),
    (line) => line.currency,
    (line) => line.openMinor,
    currencies,
  );
  const credits = sumByCurrency(
    context.credits,
    (line) => line.currency,
    (line) => line.unappliedMinor,
    currencies,
  );
  const net: Totals = new Map(
    currencies.map((currency) => [currency, open.get(currency)! - credits.get(currency)!]),
  );
  return { open, overdue, credits, net };
}

function dayFigures(invoices: readonly MessageInvoiceLine[]) {
  const overdue = invoices.map((line) => line.daysOverdue);
  const untilDue = overdue.filter((days) => days <= 0).map((days) => -days);
  const oldest = invoices.reduce<string | null>(
    (earliest, line) => (earliest === null || line.dueOn < earliest ? line.dueOn : earliest),
    null,
  );
  return {
    daysOverdue: Math.max(0, ...overdue),
    daysUntilDue: untilDue.length === 0 ? 0 : Math.min(...untilDue),
    oldestDueOn: oldest ?? '',
  };
}

function count(value: number): Value {
  return { ...plain(String(value)), present: value !== 0 };
}

/** The figures several variables share, computed once per context when a template first asks. */
interface Figures {
  readonly totals: () => ReturnType<typeof figureTotals>;
  readonly days: () => ReturnType<typeof dayFigures>;
}

type VariableValue = (context: MessageContext, figures: Figures) => Value;

/** How each variable's value is made, in text and in HTML. */
const variables = new Map<string, VariableValue>([
  ['customer.name', ({ customer }) => plain(customer.name)],
  ['customer.legal_name', ({ customer }) => plain(customer.legalName ?? customer.name)],
  ['customer.ref', ({ customer }) => plain(customer.ref)],
  [
    'contact.name',
    ({ contact, customer }) => plain(contact?.name ?? customer.legalName ?? customer.name),
  ],
  ['company.name', ({ company }) => plain(company.name)],
  ['company.email', ({ company }) => plain(company.email)],
  ['company.phone', ({ company }) => plain(company.phone)],
  ['company.address', ({ company }) => plain(company.address)],
  ['company.bank_details', ({ company }) => plain(company.bankDetails)],
  ['collector.name', ({ collector }) => plain(collector?.name)],
  ['collector.email', ({ collector, company }) => plain(collector?.email ?? company.email)],
  ['invoices_table', ({ invoices }) => tableValue(invoicesTable(invoices))],
  ['credits_table', ({ credits }) => tableValue(creditsTable(credits))],
  ['invoice_count', ({ invoices }) => count(invoices.length)],
  [
    'invoice_numbers',
    ({ invoices }) => plain(invoices.map((invoice) => invoice.number).join(', ')),
  ],
  ['total_open', (_, figures) => totalsValue(figures.totals().open)],
  ['total_overdue', (_, figures) => totalsValue(figures.totals().overdue)],
  ['total_credits', (_, figures) => totalsValue(figures.totals().credits)],
  ['net_due', (_, figures) => totalsValue(figures.totals().net)],
  ['days_overdue', (_, figures) => count(figures.days().daysOverdue)],
  ['days_until_due', (_, figures) => count(figures.days().daysUntilDue)],
  ['oldest_due_on', (_, figures) => plain(figures.days().oldestDueOn)],
  ['portal_link', ({ portalUrl }) => plain(portalUrl)],
  ['today', ({ today }) => plain(today)],
]);
assert(
  variables.size === knownVariables.size &&
    [...knownVariables].every((name) => variables.has(name)),
  'every template variable has a value',
);

/**
 * The variables' values for one context, each made when a template first uses it: a template
 * uses a few of them, and a run renders thousands of messages.
 */
function variableValues(context: MessageContext): (name: string) => Value | undefined {
  let totals: ReturnType<typeof figureTotals> | undefined;
  let days: ReturnType<typeof dayFigures> | undefined;
  const figures: Figures = {
    totals: () => (totals ??= figureTotals(context)),
    days: () => (days ??= dayFigures(context.invoices)),
  };
  const made = new Map<string, Value>();
  return (name) => {
    let value = made.get(name);
    if (value === undefined) {
      const make = variables.get(name);
      if (make === undefined) return undefined;
      value = make(context, figures);
      made.set(name, value);
    }
    return value;
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const missing: Value = { text: '', html: '', present: false };

function renderNodes(
  nodes: readonly TemplateNode[],
  values: (name: string) => Value | undefined,
  mode: 'text' | 'html',
): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else {
      // A name unknown to this version (a template saved by a later one) renders as nothing.
      const value = values(node.name) ?? missing;
      if (node.type === 'variable') out += value[mode];
      else if (value.present) out += renderNodes(node.children, values, mode);
    }
  }
  return out;
}

/**
 * Parsed templates by source: a collections run renders the same few templates for thousands of
 * customers. Bounded, since organizations edit their templates.
 */
const parsedTemplates = new Map<string, readonly TemplateNode[]>();
const parsedTemplatesMax = 256;

function parsedTemplate(source: string, field: string): readonly TemplateNode[] {
  const cached = parsedTemplates.get(source);
  if (cached) return cached;
  const parsed = parseTemplate(source, field);
  // Templates are checked when saved and the built-ins by their tests.
  assert(parsed.ok, `template ${field} does not parse: ${parsed.ok ? '' : parsed.error.message}`);
  if (parsedTemplates.size >= parsedTemplatesMax) parsedTemplates.clear();
  parsedTemplates.set(source, parsed.value);
  return parsed.value;
}

function render(
  source: string,
  field: string,
  values: (name: string) => Value | undefined,
  mode: 'text' | 'html',
): string {
  return renderNodes(parsedTemplate(source, field), values, mode);
}

/**
 * Renders a checked template. The subject is one line: what a variable brings in on several lines
 * (a table, an address) is joined with spaces. The HTML is empty when the template has none.
 */
export function renderMessage(template: MessageTemplate, context: MessageContext): RenderedMessage {
  const values = variableValues(context);
  return {
    subject: renderSubjectWith(template, values),
    text: render(template.bodyText, 'body_text', values, 'text'),
    html:
      template.bodyHtml.trim() === '' ? '' : render(template.bodyHtml, 'body_html', values, 'html'),
  };
}

/**
 * The subject alone, as renderMessage makes it: for a message queued by the thousand, whose
 * bodies are rendered when it is read or sent.
 */
export function renderSubject(template: MessageTemplate, context: MessageContext): string {
  return renderSubjectWith(template, variableValues(context));
}

function renderSubjectWith(
  template: MessageTemplate,
  values: (name: string) => Value | undefined,
): string {
  return render(template.subject, 'subject', values, 'text').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Built-in templates

function htmlLayout(paragraphs: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    ...paragraphs,
    '<p>Kind regards,<br>\n{{#collector.name}}{{collector.name}}<br>\n{{/collector.name}}{{company.name}}{{#company.phone}}<br>\n{{company.phone}}{{/company.phone}}{{#collector.email}}<br>\n{{collector.email}}{{/collector.email}}</p>',
    '</body></html>',
    '',
  ].join('\n');
}

const textSignature =
  'Kind regards,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{company.name}}{{#company.phone}}\n{{company.phone}}{{/company.phone}}{{#collector.email}}\n{{collector.email}}{{/collector.email}}\n';

const textPayment =
  '{{#credits_table}}\nYou also have credit with us that we can set against these invoices:\n\n{{credits_table}}\n\nNet amount due: {{net_due}}\n{{/credits_table}}' +
  '{{#company.bank_details}}\nPlease pay to:\n{{company.bank_details}}\n{{/company.bank_details}}' +
  '{{#portal_link}}\nPay online: {{portal_link}}\n{{/portal_link}}';

const htmlPayment = [
  '{{#credits_table}}<p>You also have credit with us that we can set against these invoices:</p>\n{{credits_table}}\n<p>Net amount due: <strong>{{net_due}}</strong></p>{{/credits_table}}',
  '{{#company.bank_details}}<p>Please pay to:<br>\n{{company.bank_details}}</p>{{/company.bank_details}}',
  '{{#portal_link}}<p><a href="{{portal_link}}">Pay online</a></p>{{/portal_link}}',
];

function builtIn(
  key: string,
  subject: string,
  opening: string,
  closing: string,
  htmlOpening = opening,
  htmlClosing = closing,
): MessageTemplate {
  return {
    key,
    subject,
    bodyText: `Dear {{contact.name}},\n\n${opening}\n\n{{invoices_table}}\n\nTotal open: {{total_open}}\n${textPayment}\n${closing}\n\n${textSignature}`,
    bodyHtml: htmlLayout([
      '<p>Dear {{contact.name}},</p>',
      `<p>${htmlOpening}</p>`,
      '{{invoices_table}}',
      '<p>Total open: <strong>{{total_open}}</strong></p>',
      ...htmlPayment,
      `<p>${htmlClosing}</p>`,
    ]),
  };
}

export const builtInTemplates: Readonly<Record<string, MessageTemplate>> = Object.freeze({
  reminder_upcoming: builtIn(
    'reminder_upcoming',
    'Upcoming payment: {{total_open}} due {{oldest_due_on}}',
    'A friendly note that the following invoices fall due soon:',
    'If you have already arranged payment, thank you, and please disregard this message.',
  ),
  reminder_due: builtIn(
    'reminder_due',
    'Payment due today: {{total_open}}',
    'The following invoices are due for payment today:',
    'If you have already paid, thank you, and please disregard this message.',
  ),
  reminder_overdue: builtIn(
    'reminder_overdue',
    'Overdue invoices: {{total_overdue}} ({{days_overdue}} days past due)',
    'According to our records, the following invoices are past due. We would be grateful for your payment:',
    'If there is a problem with any of these invoices, please reply to this message so that we can sort it out.',
  ),
  reminder_final: builtIn(
    'reminder_final',
    'Final reminder: {{total_overdue}} overdue',
    'Despite our earlier reminders, the following invoices remain unpaid, the oldest for {{days_overdue}} days:',
    'Please pay the amount due within seven days. If we do not hear from you, we will take further steps to recover it.',
  ),
  invoice: {
    key: 'invoice',
    subject:
      'Invoice {{invoice_numbers}} from {{company.name}}: {{total_open}}, due {{oldest_due_on}}',
    bodyText: `Dear {{contact.name}},\n\nPlease find attached invoice {{invoice_numbers}}:\n\n{{invoices_table}}\n\nAmount due: {{total_open}} by {{oldest_due_on}}\n${textPayment}\nPlease quote the invoice's payment reference with your transfer, so that it is matched at once.\n\n${textSignature}`,
    bodyHtml: htmlLayout([
      '<p>Dear {{contact.name}},</p>',
      '<p>Please find attached invoice {{invoice_numbers}}:</p>',
      '{{invoices_table}}',
      '<p>Amount due: <strong>{{total_open}}</strong> by {{oldest_due_on}}</p>',
      ...htmlPayment,
      "<p>Please quote the invoice's payment reference with your transfer, so that it is matched at once.</p>",
    ]),
  },
  statement: {
    key: 'statement',
    subject: 'Statement of account {{customer.ref}} as of {{today}}',
    bodyText: `Dear {{contact.name}},\n\nYour statement of account as of {{today}}: the invoices still open are\n\n{{invoices_table}}\n\nTotal open: {{total_open}}\nOf which overdue: {{total_overdue}}\n${textPayment}\nPlease tell us if anything does not match your records.\n\n${textSignature}`,
    bodyHtml: htmlLayout([
      '<p>Dear {{contact.name}},</p>',
      '<p>Your statement of account as of {{today}}: the invoices still open are</p>',
      '{{invoices_table}}',
      '<p>Total open: <strong>{{total_open}}</strong><br>\nOf which overdue: {{total_overdue}}</p>',
      ...htmlPayment,
      '<p>Please tell us if anything does not match your records.</p>',
    ]),
  },
  dunning_letter: {
    key: 'dunning_letter',
    subject: 'Formal demand for payment: {{total_overdue}}',
    bodyText:
      `{{company.name}}\n{{company.address}}\n\n{{customer.legal_name}}\n\n{{today}}\n\nFormal demand for payment\n\nDear {{contact.name}},\n\n` +
      `The following invoices are past due, the oldest since {{oldest_due_on}}:\n\n{{invoices_table}}\n\nAmount overdue: {{total_overdue}}\n${textPayment}\n` +
      'We ask you to pay the amount overdue within fourteen days of the date of this letter. If it is not paid, we may pass the debt to a collection agency or take legal action without further notice.\n\n' +
      textSignature,
    bodyHtml: htmlLayout([
      '<p>{{company.name}}<br>\n{{company.address}}</p>',
      '<p>{{customer.legal_name}}</p>',
      '<p>{{today}}</p>',
      '<h2>Formal demand for payment</h2>',
      '<p>Dear {{contact.name}},</p>',
      '<p>The following invoices are past due, the oldest since {{oldest_due_on}}:</p>',
      '{{invoices_table}}',
      '<p>Amount overdue: <strong>{{total_overdue}}</strong></p>',
      ...htmlPayment,
      '<p>We ask you to pay the amount overdue within fourteen days of the date of this letter. If it is not paid, we may pass the debt to a collection agency or take legal action without further notice.</p>',
    ]),
  },
  promise_broken: builtIn(
    'promise_broken',
    'Your promised payment has not arrived: {{total_open}}',
    'We have not received the payment you promised us for the following invoices:',
    'Please pay now, or reply to this message to tell us when the payment will be made.',
  ),
});
