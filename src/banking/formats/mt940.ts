import { toDayNumber, type CalendarDate } from '../../core/calendar-date.js';
import { formatAmount, isCurrency } from '../../core/money.js';
import {
  bankAmountToMinor,
  bankCurrency,
  bankDate,
  BankFileError,
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
import { readDetails } from './mt940-details.js';
import { tokenizeMt940, type Mt940Field, type Mt940RawStatement } from './mt940-fields.js';

/**
 * SWIFT MT940 (customer statement message) as Dutch, German and Swiss banks write it. Every
 * `:61:` statement line is a booked transaction; its `:86:` (when it follows) says who paid and why.
 */
export function parseMt940(text: string): BankFile {
  checkFileLimits(text);
  const raw = tokenizeMt940(text);
  if (raw.length === 0) {
    throw new BankFileError('the file holds no MT940 statement (no ":20:" tag).', { line: 1 });
  }
  const warnings: string[] = [];
  const statements: BankStatement[] = [];
  let position = 0;
  raw.forEach((rawStatement, index) => {
    const statement = readStatement(rawStatement, position);
    position += statement.lines.length;
    if (position > bankFileLimits.transactionsMax) {
      throw new BankFileError(
        `the file has more than ${bankFileLimits.transactionsMax} transactions.`,
        { line: rawStatement.line },
      );
    }
    statements.push(statement);
    const warning = balanceWarning(statement, index + 1);
    if (warning) warnings.push(warning);
  });
  return { format: 'mt940', version: null, statements, warnings };
}

function fail(field: Mt940Field, offset: number, message: string): never {
  throw new BankFileError(`:${field.tag}: ${message}`, {
    line: field.line,
    column: field.column + offset,
  });
}

function date(field: Mt940Field, offset: number, text: string): CalendarDate {
  try {
    if (!/^\d{6}$/.test(text)) throw new Error();
    return bankDate(text);
  } catch {
    return fail(field, offset, `"${text}" is not a date (YYMMDD).`);
  }
}

function amount(field: Mt940Field, offset: number, text: string, currency: string): bigint {
  try {
    if (!/^\d+,\d*$/.test(text)) throw new Error();
    return bankAmountToMinor(text, currency);
  } catch {
    return fail(field, offset, `"${text}" is not an amount (digits with a decimal comma).`);
  }
}

const balancePattern = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]*)$/;

function readBalance(field: Mt940Field): StatementBalance {
  const value = field.lines[0]!;
  if (field.lines.slice(1).some((line) => line.trim() !== '')) {
    fail(field, value.length, 'a balance has a single line.');
  }
  const match = balancePattern.exec(value);
  if (!match) fail(field, 0, `"${value}" is not a balance (C/D, YYMMDD, currency, amount).`);
  const [, mark, dateText, currencyText, amountText] = match;
  let currency: string;
  try {
    currency = bankCurrency(currencyText!);
  } catch {
    return fail(field, 7, `"${currencyText}" is not an ISO 4217 currency code.`);
  }
  const minor = amount(field, 10, amountText!, currency);
  return { amountMinor: mark === 'D' ? -minor : minor, currency, date: date(field, 1, dateText!) };
}

/** ":25:" as banks write it: an IBAN (perhaps with the currency after it), "BLZ/account", "BIC/account". */
function readAccount(field: Mt940Field): BankAccountId {
  const value = field.lines.join('').trim();
  if (value === '') fail(field, 0, 'the account identification is empty.');
  // Rabobank appends the account's currency ("NL50RABO0123456789EUR"): IBANs end in a digit
  // in every country but the Seychelles, so three letters after a digit are taken off first.
  const currencySuffix = /^(.*\d)\s*([A-Z]{3})$/.exec(value);
  const iban =
    (currencySuffix && isCurrency(currencySuffix[2]!) && !value.startsWith('SC')
      ? normalIban(currencySuffix[1])
      : null) ?? normalIban(value);
  if (iban) return { iban, number: null, bic: null, bankCode: null };
  const slash = /^([^/]+)\/(.+)$/.exec(value);
  if (slash) {
    const [, bank, account] = slash as unknown as [string, string, string];
    const accountIban = normalIban(account);
    if (/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bank)) {
      return { iban: accountIban, number: accountIban ? null : account, bic: bank, bankCode: null };
    }
    if (/^\d{8}$/.test(bank)) {
      // German Bankleitzahl / Kontonummer.
      return { iban: accountIban, number: accountIban ? null : account, bic: null, bankCode: bank };
    }
  }
  return { iban: null, number: value, bic: null, bankCode: null };
}

const statementLinePattern =
  /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d[\d,]*)([NFS][A-Z0-9 ]{3})(.*)$/;

/** The entry date's year: the one that puts MMDD nearest the value date (Dec/Jan crossings). */
function entryDate(field: Mt940Field, valueDate: CalendarDate, mmdd: string): CalendarDate {
  const year = Number(valueDate.slice(0, 4));
  let best: CalendarDate | null = null;
  for (const candidateYear of [year - 1, year, year + 1]) {
    let candidate: CalendarDate;
    try {
      candidate = bankDate(`${candidateYear}${mmdd}`);
    } catch {
      continue;
    }
    if (
      best === null ||
      Math.abs(toDayNumber(candidate) - toDayNumber(valueDate)) <
        Math.abs(toDayNumber(best) - toDayNumber(valueDate))
    ) {
      best = candidate;
    }
  }
  return best ?? fail(field, 6, `"${mmdd}" is not an entry date (MMDD).`);
}

function readStatement(raw: Mt940RawStatement, positionBefore: number): BankStatement {
  const first = raw.fields[0]!;
  if (first.tag !== '20') {
    fail(first, 0, 'a statement must start with its ":20:" transaction reference.');
  }
  let account: BankAccountId | null = null;
  let statementNumber: string | null = null;
  let opening: StatementBalance | null = null;
  let closing: StatementBalance | null = null;
  const lines: BankLine[] = [];
  type Pending = { field: Mt940Field; line: Omit<BankLine, 'ref'> & { ref: string | null } };
  let pending: Pending | null = null;
  let pendingDetailsSeen = false;
  const reference = first.lines.join('').trim();

  const flush = () => {
    if (!pending) return;
    const { line } = pending;
    const ref = line.ref ?? fallbackRef(account!, line.valueDate, line.position);
    lines.push({ ...line, ref });
    pending = null;
  };

  for (const field of raw.fields) {
    switch (field.tag) {
      case '20':
      case '21':
      case '13':
      case '13D':
      case '34F':
        break;
      case '25':
        account = readAccount(field);
        break;
      case '28':
      case '28C':
        statementNumber = field.lines.join('').trim() || null;
        break;
      case '60F':
      case '60M':
        if (opening) fail(field, 0, 'a second opening balance in one statement.');
        opening = readBalance(field);
        break;
      case '61': {
        flush();
        if (!account) fail(field, 0, 'a statement line before the ":25:" account.');
        if (!opening) fail(field, 0, 'a statement line before the ":60F:" opening balance.');
        if (closing) fail(field, 0, 'a statement line after the closing balance.');
        const position = positionBefore + lines.length + 1;
        pending = { field, line: readStatementLine(field, opening.currency, position) };
        pendingDetailsSeen = false;
        break;
      }
      case '86': {
        // An :86: that follows no :61: (ING's statement summary) is about the whole statement.
        if (!pending || pendingDetailsSeen) break;
        pendingDetailsSeen = true;
        const current: Pending = pending;
        const details = readDetails(field.lines, field.untrimmedLines, current.line.direction);
        // The SWIFT type ("NMSC") and, for German banks, the GVC ("166") that says more: "NMSC/166".
        const transactionCode = [current.line.transactionCode, details.gvc]
          .filter((code) => code)
          .join('/');
        const info = [current.line.additionalInfo, ...details.additionalInfo].filter(
          (part) => part,
        );
        current.line = {
          ...current.line,
          payerName: details.payerName,
          payerAccount: details.payerAccount ?? current.line.payerAccount,
          payerBic: details.payerBic,
          references: { ...current.line.references, ...details.references },
          remittance: { structured: details.structured, unstructured: details.unstructured },
          transactionCode: transactionCode || null,
          additionalInfo: info.length > 0 ? info.join('; ') : null,
        };
        break;
      }
      case '62F':
      case '62M':
        flush();
        if (closing) fail(field, 0, 'a second closing balance in one statement.');
        closing = readBalance(field);
        break;
      case '64':
      case '65':
        // Available and forward balances: read so that a broken one is refused, not summed.
        readBalance(field);
        break;
      default:
        break;
    }
  }
  flush();
  const where = { line: raw.endLine };
  const id = `":20:${reference}" of line ${first.line}`;
  if (!account) throw new BankFileError(`the statement ${id} has no ":25:" account.`, where);
  if (!opening)
    throw new BankFileError(`the statement ${id} has no ":60F:" opening balance.`, where);
  if (!closing) {
    throw new BankFileError(
      `the statement ${id} has no ":62F:" closing balance: the file is truncated or incomplete.`,
      where,
    );
  }
  const openingBalance: StatementBalance = opening;
  const closingBalance: StatementBalance = closing;
  if (closingBalance.currency !== openingBalance.currency) {
    throw new BankFileError(
      `the statement ${id} opens in ${openingBalance.currency} and closes in ${closingBalance.currency}.`,
      where,
    );
  }
  return {
    account,
    currency: openingBalance.currency,
    statementId: statementNumber ? `${reference}/${statementNumber}` : reference || null,
    openingBalance,
    closingBalance,
    lines,
  };
}

function readStatementLine(
  field: Mt940Field,
  currency: string,
  position: number,
): Omit<BankLine, 'ref'> & { ref: string | null } {
  const value = field.lines[0]!;
  const match = statementLinePattern.exec(value);
  if (!match) {
    fail(
      field,
      0,
      `"${value}" is not a statement line (YYMMDD[MMDD], C/D/RC/RD, amount, type such as NTRF, reference).`,
    );
  }
  const [, valueText, entryText, mark, , amountText, typeText, referenceText] =
    match as unknown as [
      string,
      string,
      string | undefined,
      string,
      string | undefined,
      string,
      string,
      string,
    ];
  const valueDate = date(field, 0, valueText);
  const bookingDate = entryText ? entryDate(field, valueDate, entryText) : valueDate;
  const amountOffset = value.indexOf(amountText, 6 + (entryText?.length ?? 0));
  const amountMinor = amount(field, amountOffset, amountText, currency);
  // A balance may be zero, a line may not: it is money moved, and the database refuses a zero one.
  if (amountMinor === 0n) fail(field, amountOffset, `"${amountText}": the amount is zero.`);
  const [customerPart = '', ...bankParts] = referenceText.split('//');
  const customerRef = customerPart.trim();
  const bankRef = bankParts.join('//').trim();
  const references: Record<string, string> = {};
  if (customerRef !== '') references.customerRef = customerRef;
  if (bankRef !== '') references.bankRef = bankRef;
  const supplementary = field.lines
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  // Rabobank writes the counter account on the supplementary line: an IBAN or a Dutch account
  // number ("0663616476", giro "P004500018"); other banks put references there.
  const counterAccount =
    normalIban(supplementary) ?? (/^P?\d{7,10}$/.test(supplementary) ? supplementary : null);
  return {
    position,
    valueDate,
    bookingDate,
    amountMinor,
    currency,
    // RC is the reversal of a credit, booked as a debit; RD the reversal of a debit, a credit.
    direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
    status: 'booked',
    reversal: mark.startsWith('R'),
    payerName: null,
    payerAccount: counterAccount,
    payerBic: null,
    references,
    // The bank reference identifies the booking. The customer reference is NOT a second choice:
    // banks fill it with placeholders ("EREF", "PREF", "MARF" at Rabobank and ING) or a code
    // shared by many lines (PostFinance "01916" on three payments), so two different payments
    // would share a ref and one of them would be dropped as a duplicate on import.
    ref: bankRef !== '' && bankRef.toUpperCase() !== 'NONREF' ? bankRef : null,
    remittance: { structured: [], unstructured: [] },
    transactionCode: typeText.trim(),
    additionalInfo: supplementary !== '' && counterAccount === null ? supplementary : null,
  };
}

function balanceWarning(statement: BankStatement, index: number): string | null {
  const { openingBalance, closingBalance } = statement;
  if (!openingBalance || !closingBalance) return null;
  let sum = openingBalance.amountMinor;
  for (const line of statement.lines) {
    sum += line.direction === 'credit' ? line.amountMinor : -line.amountMinor;
  }
  const difference = sum - closingBalance.amountMinor;
  if (difference === 0n) return null;
  const currency = openingBalance.currency;
  return (
    `statement ${index} (${statement.statementId ?? 'no :20:'}): opening balance plus its lines is ` +
    `${formatAmount(sum, currency)} ${currency}, the closing balance is ` +
    `${formatAmount(closingBalance.amountMinor, currency)} ${currency}; difference ` +
    `${formatAmount(difference, currency)} ${currency}.`
  );
}
