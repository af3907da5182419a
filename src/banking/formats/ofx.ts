import { parseCalendarDate, type CalendarDate } from '../../core/calendar-date.js';
import {
  BankFileError,
  bankAmountToMinor,
  bankCurrency,
  bankFileLimits,
  checkFileLimits,
  fallbackRef,
  normalIban,
  type BankAccountId,
  type BankFile,
  type BankLine,
  type BankStatement,
  type StatementBalance,
} from './bank-statement.js';
import { readOfxDocument, type OfxElement } from './ofx-tokens.js';

/**
 * OFX 1.x (SGML) and 2.x (XML) bank and credit card statements. OFX gives a closing (ledger)
 * balance but no opening one, so a statement cannot be checked against its lines and never gets
 * a balance warning. A line's `ref` is its FITID, the bank's unique id for the transaction.
 */
export function parseOfx(text: string): BankFile {
  checkFileLimits(text);
  const document = readOfxDocument(text);
  const statementElements: OfxElement[] = [];
  const warnings: string[] = [];
  for (const messageSet of document.root.children) {
    const [responseName, statementName] =
      messageSet.name === 'BANKMSGSRSV1'
        ? ['STMTTRNRS', 'STMTRS']
        : messageSet.name === 'CREDITCARDMSGSRSV1'
          ? ['CCSTMTTRNRS', 'CCSTMTRS']
          : [null, null];
    if (responseName === null) continue;
    for (const response of children(messageSet, responseName)) {
      const found = children(response, statementName);
      statementElements.push(...found);
      if (found.length === 0) {
        // A response without a statement is a request the bank refused; its STATUS says why.
        const status = child(response, 'STATUS');
        const why = status
          ? [leaf(status, 'CODE'), leaf(status, 'SEVERITY'), leaf(status, 'MESSAGE')]
              .filter((part) => part !== null)
              .join(' ')
          : '';
        warnings.push(
          `<${responseName}> at line ${response.line} holds no statement${why ? ` (status ${why})` : ''}.`,
        );
      }
    }
  }
  if (statementElements.length === 0) {
    throw new BankFileError(
      'the file holds no bank statement (BANKMSGSRSV1/STMTTRNRS/STMTRS) or credit card statement (CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS).',
      { line: document.root.line, column: document.root.column, element: 'OFX' },
    );
  }
  let position = 0;
  const statements = statementElements.map((element) => {
    const statement = readStatement(element, position);
    position += statement.lines.length;
    if (position > bankFileLimits.transactionsMax) {
      throw new BankFileError(
        `the file has more than ${bankFileLimits.transactionsMax} transactions.`,
        where(element),
      );
    }
    return statement;
  });
  return { format: 'ofx', version: document.version, statements, warnings };
}

function readStatement(element: OfxElement, linesBefore: number): BankStatement {
  const currencyElement = child(element, 'CURDEF');
  const currency = currencyElement && currencyElement.text ? currencyOf(currencyElement) : null;
  const accountElement = child(
    element,
    element.name === 'CCSTMTRS' ? 'CCACCTFROM' : 'BANKACCTFROM',
  );
  if (!accountElement) {
    throw new BankFileError(
      `<${element.name}> has no <${element.name === 'CCSTMTRS' ? 'CCACCTFROM' : 'BANKACCTFROM'}>.`,
      where(element),
    );
  }
  const account = readAccount(accountElement);
  const transactions = children(child(element, 'BANKTRANLIST'), 'STMTTRN');
  const lines = transactions.map((transaction, index) =>
    readLine(transaction, linesBefore + index + 1, account, currency),
  );
  return {
    account,
    currency,
    statementId: null,
    openingBalance: null,
    closingBalance: readBalance(child(element, 'LEDGERBAL'), currency),
    lines,
  };
}

function readAccount(element: OfxElement): BankAccountId {
  const id = requiredLeaf(element, 'ACCTID');
  const iban = normalIban(id);
  return {
    iban,
    number: iban ? null : id,
    bic: null,
    bankCode: leaf(element, 'BANKID'),
  };
}

/** LEDGERBAL is the balance as of DTASOF; an empty one (some exports write `<BALAMT></BALAMT>`) is none. */
function readBalance(
  element: OfxElement | undefined,
  currency: string | null,
): StatementBalance | null {
  if (!element || leaf(element, 'BALAMT') === null) return null;
  if (currency === null) {
    throw new BankFileError(
      'the ledger balance has an amount but the statement no <CURDEF>.',
      where(element),
    );
  }
  return {
    amountMinor: amountOf(requiredElement(element, 'BALAMT'), currency),
    currency,
    date: dateOf(requiredElement(element, 'DTASOF')),
  };
}

/** The elements of STMTTRN that fill a BankLine's own fields; any other is kept as extra info. */
const readElements = new Set([
  'TRNTYPE',
  'DTPOSTED',
  'DTUSER',
  'DTAVAIL',
  'TRNAMT',
  'FITID',
  'CHECKNUM',
  'REFNUM',
  'SRVRTID',
  'NAME',
  'PAYEE',
  'MEMO',
  'BANKACCTTO',
  'CCACCTTO',
  'CURRENCY',
  'ORIGCURRENCY',
]);

function readLine(
  element: OfxElement,
  position: number,
  account: BankAccountId,
  statementCurrency: string | null,
): BankLine {
  const transactionCode = requiredLeaf(element, 'TRNTYPE');
  const bookingDate = dateOf(requiredElement(element, 'DTPOSTED'));
  const valueDateElement = [child(element, 'DTAVAIL'), child(element, 'DTUSER')].find(
    (candidate) => candidate?.text,
  );
  const valueDate = valueDateElement ? dateOf(valueDateElement) : bookingDate;

  // CURRENCY means TRNAMT is in that currency; ORIGCURRENCY means the bank has already
  // converted it into CURDEF, so the original currency is only worth showing.
  const overrideElement = child(element, 'CURRENCY');
  const override = overrideElement ? child(overrideElement, 'CURSYM') : undefined;
  const currency = override?.text ? currencyOf(override) : statementCurrency;
  if (currency === null) {
    throw new BankFileError(
      "the transaction has no currency: the statement's <CURDEF> is empty and it has no <CURRENCY>.",
      where(element),
    );
  }
  const amountElement = requiredElement(element, 'TRNAMT');
  const signed = amountOf(amountElement, currency);
  // A balance may be zero, a transaction may not: it is money moved, and the database refuses a
  // zero line.
  if (signed === 0n) throw new BankFileError('the amount is zero.', where(amountElement));

  const references: Record<string, string> = {};
  for (const name of ['FITID', 'CHECKNUM', 'REFNUM', 'SRVRTID']) {
    const value = leaf(element, name);
    if (value !== null) references[name] = value;
  }
  const payee = child(element, 'PAYEE');
  const payerName = leaf(element, 'NAME') ?? (payee ? leaf(payee, 'NAME') : null);
  const counterAccount = child(element, 'BANKACCTTO') ?? child(element, 'CCACCTTO');
  const counterId = counterAccount ? leaf(counterAccount, 'ACCTID') : null;
  const memo = leaf(element, 'MEMO');

  const extra: string[] = [];
  const original = child(element, 'ORIGCURRENCY');
  if (original) {
    const symbol = leaf(original, 'CURSYM');
    const rate = leaf(original, 'CURRATE');
    if (symbol) extra.push(`original currency ${symbol}${rate ? ` at rate ${rate}` : ''}`);
  }
  for (const other of element.children) {
    if (!readElements.has(other.name) && other.text) extra.push(`${other.name}: ${other.text}`);
  }

  return {
    position,
    valueDate,
    bookingDate,
    amountMinor: signed < 0n ? -signed : signed,
    currency,
    direction: signed < 0n ? 'debit' : 'credit',
    status: 'booked',
    reversal: false,
    payerName,
    payerAccount: counterId ? (normalIban(counterId) ?? counterId) : null,
    payerBic: null,
    references,
    ref: references.FITID ?? fallbackRef(account, bookingDate, position),
    remittance: { structured: [], unstructured: memo === null ? [] : [memo] },
    transactionCode,
    additionalInfo: extra.length > 0 ? extra.join('; ') : null,
  };
}

function children(parent: OfxElement | undefined, name: string): OfxElement[] {
  return parent ? parent.children.filter((element) => element.name === name) : [];
}

function child(parent: OfxElement, name: string): OfxElement | undefined {
  return parent.children.find((element) => element.name === name);
}

/** A leaf's value; an absent or empty leaf is null, as exports write empty ones freely. */
function leaf(parent: OfxElement, name: string): string | null {
  const element = child(parent, name);
  if (!element) return null;
  if (element.text === null) {
    throw new BankFileError(`<${name}> holds elements where a value was expected.`, where(element));
  }
  return element.text === '' ? null : element.text;
}

function requiredElement(parent: OfxElement, name: string): OfxElement {
  const element = child(parent, name);
  if (!element || element.text === '') {
    throw new BankFileError(
      element ? `<${name}> is empty.` : `<${parent.name}> has no <${name}>.`,
      where(element ?? parent, name),
    );
  }
  if (element.text === null) {
    throw new BankFileError(`<${name}> holds elements where a value was expected.`, where(element));
  }
  return element;
}

function requiredLeaf(parent: OfxElement, name: string): string {
  return requiredElement(parent, name).text!;
}

function where(element: OfxElement, name = element.name) {
  return { line: element.line, column: element.column, element: name };
}

/** OFX dates are YYYYMMDD[HHMMSS[.XXX]][[±h[.mm]:TZ]]; the calendar date is taken as written. */
function dateOf(element: OfxElement): CalendarDate {
  const value = element.text ?? '';
  const match =
    /^(\d{4})(\d{2})(\d{2})(?:\d{2,6}(?:[.:]\d{1,3})?)?\s*(?:\[\s*[+-]?\d{1,2}(?:\.\d{1,2})?(?::[A-Za-z0-9+-]*)?\s*\])?$/.exec(
      value,
    );
  const parsed = match ? parseCalendarDate(`${match[1]}-${match[2]}-${match[3]}`) : null;
  if (!parsed || !parsed.ok) {
    throw new BankFileError(
      `"${value}" is not an OFX date (YYYYMMDD[HHMMSS[.XXX]][[±h:TZ]]).`,
      where(element),
    );
  }
  return parsed.value;
}

function amountOf(element: OfxElement, currency: string): bigint {
  // Some banks drop the leading zero (".50", "-.50"); the amount is the same.
  const value = (element.text ?? '').replace(/^([+-]?)([.,])/, '$10$2');
  try {
    return bankAmountToMinor(value, currency);
  } catch (error) {
    throw new BankFileError(`${(error as Error).message}.`, where(element));
  }
}

function currencyOf(element: OfxElement): string {
  try {
    return bankCurrency(element.text ?? '');
  } catch (error) {
    throw new BankFileError(`${(error as Error).message}.`, where(element));
  }
}
