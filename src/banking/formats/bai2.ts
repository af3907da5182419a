import type { CalendarDate } from '../../core/calendar-date.js';
import { currencyExponent, formatAmount } from '../../core/money.js';
import {
  bankAmountToMinor,
  bankCurrency,
  bankDate,
  BankFileError,
  bankFileLimits,
  checkFileLimits,
  fallbackRef,
  type BankAccountId,
  type BankFile,
  type BankLine,
  type BankLineStatus,
  type BankStatement,
  type StatementBalance,
} from './bank-statement.js';
import {
  FieldCursor,
  recordError,
  recordFields,
  tokenizeBai2,
  type Bai2Field,
  type Bai2Record,
} from './bai2-records.js';
import { bai2Party } from './bai2-text.js';

/**
 * BAI2 (BAI Cash Management Balance Reporting Specification, version 2), the US balance and
 * transaction report: a file (01…99) of groups (02…98, one bank and as-of date) of accounts
 * (03…49) with their transactions (16, continued by 88).
 */
export function parseBai2(text: string): BankFile {
  checkFileLimits(text);
  return new Bai2Reader(tokenizeBai2(text)).read();
}

/** A record with the 88 continuations that follow it. */
interface LogicalRecord {
  readonly record: Bai2Record;
  readonly continuations: readonly Bai2Record[];
}

function logicalRecords(records: readonly Bai2Record[]): LogicalRecord[] {
  const result: { record: Bai2Record; continuations: Bai2Record[] }[] = [];
  for (const record of records) {
    if (record.code !== '88') {
      result.push({ record, continuations: [] });
      continue;
    }
    const previous = result[result.length - 1];
    if (!previous) recordError(record, 1, 'a continuation before any record it could continue.');
    previous.continuations.push(record);
  }
  return result;
}

/** Every field of a record and of its continuations, in order (03 summaries run across 88s). */
function allFields(logical: LogicalRecord): Bai2Field[] {
  return [logical.record, ...logical.continuations].flatMap((record) => recordFields(record));
}

/** An amount in the currency's minor units as written ("+4350000", "-500000", "001"). */
function minorUnits(
  record: Bai2Record,
  field: Bai2Field,
  currency: string,
  signed: boolean,
): bigint {
  const match = (signed ? /^([+-]?)(\d+)$/ : /^()(\d+)$/).exec(field.value);
  if (!match) {
    recordError(
      record,
      field.column,
      `"${field.value}" is not an amount (${signed ? 'a sign and ' : ''}digits in minor units, no decimal point).`,
    );
  }
  const exponent = currencyExponent(currency);
  const digits = match[2]!.padStart(exponent + 1, '0');
  const decimal =
    exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return bankAmountToMinor(`${match[1]}${decimal}`, currency);
}

function date(record: Bai2Record, field: Bai2Field | undefined, what: string): CalendarDate {
  try {
    if (!field || !/^\d{6}$/.test(field.value)) throw new Error();
    return bankDate(field.value);
  } catch {
    return recordError(
      record,
      field?.column ?? record.column,
      `${field?.value ? `"${field.value}"` : 'nothing'} is not the ${what} (YYMMDD).`,
    );
  }
}

function currency(record: Bai2Record, field: Bai2Field | undefined, fallback: string): string {
  if (!field || field.value === '') return fallback;
  try {
    return bankCurrency(field.value);
  } catch {
    return recordError(record, field.column, `"${field.value}" is not an ISO 4217 currency code.`);
  }
}

/** How a type code moves money (BAI2 spec ranges); codes outside them are kept as information. */
function classify(typeCode: number): { direction: 'credit' | 'debit'; status: BankLineStatus } {
  if (typeCode >= 100 && typeCode <= 399) return { direction: 'credit', status: 'booked' };
  if (typeCode >= 400 && typeCode <= 699) return { direction: 'debit', status: 'booked' };
  return { direction: 'credit', status: 'info' };
}

interface Group {
  readonly record: Bai2Record;
  readonly originator: string | null;
  readonly asOfDate: CalendarDate;
  readonly currency: string;
  accounts: number;
  records: number;
  accountTotals: bigint;
}

interface Account {
  readonly record: Bai2Record;
  readonly id: BankAccountId;
  readonly currency: string;
  readonly opening: StatementBalance | null;
  readonly closing: StatementBalance | null;
  controlSum: bigint;
  records: number;
  readonly lines: BankLine[];
}

class Bai2Reader {
  private readonly warnings: string[] = [];
  private readonly statements: BankStatement[] = [];
  private position = 0;
  private group: Group | null = null;
  private account: Account | null = null;
  private fileRecords = 0;
  private groups = 0;
  private groupTotals = 0n;
  private version: string | null = null;
  private ended = false;

  constructor(private readonly records: readonly Bai2Record[]) {}

  read(): BankFile {
    const logical = logicalRecords(this.records);
    const first = logical[0];
    if (!first) throw new BankFileError('the file holds no BAI2 record.', { line: 1 });
    if (first.record.code !== '01') {
      recordError(first.record, 1, 'a BAI2 file starts with its 01 file header.');
    }
    for (const item of logical) this.handle(item);
    if (!this.ended) {
      const last = this.records[this.records.length - 1]!;
      throw new BankFileError('the file ends without its 99 file trailer: it is truncated.', {
        line: last.line,
      });
    }
    return {
      format: 'bai2',
      version: this.version,
      statements: this.statements,
      warnings: this.warnings,
    };
  }

  private handle(item: LogicalRecord): void {
    const { record } = item;
    const count = 1 + item.continuations.length;
    if (this.ended) recordError(record, 1, 'a record after the 99 file trailer.');
    this.fileRecords += count;
    if (this.group) this.group.records += count;
    if (this.account) this.account.records += count;
    const expected = this.account
      ? ['16', '49']
      : this.group
        ? ['03', '98']
        : this.version === null
          ? ['01']
          : ['02', '99'];
    if (!expected.includes(record.code)) {
      recordError(
        record,
        1,
        `a ${record.code} record where ${expected.join(' or ')} belongs (a record is missing or the file is out of order).`,
      );
    }
    switch (record.code) {
      case '01':
        return this.fileHeader(item);
      case '02':
        return this.groupHeader(item);
      case '03':
        return this.accountHeader(item);
      case '16':
        return this.transaction(item);
      case '49':
        return this.accountTrailer(item);
      case '98':
        return this.groupTrailer(item);
      case '99':
        return this.fileTrailer(item);
    }
  }

  private fileHeader(item: LogicalRecord): void {
    const fields = allFields(item);
    date(item.record, fields[2], 'file creation date');
    const version = fields[7]?.value;
    if (version && version !== '2') {
      recordError(item.record, fields[7]!.column, `version "${version}" is not BAI2 (2).`);
    }
    this.version = 'BAI2 2';
  }

  private groupHeader(item: LogicalRecord): void {
    const fields = allFields(item);
    const asOfDate = date(item.record, fields[3], 'as-of date');
    this.group = {
      record: item.record,
      originator: fields[1]?.value || null,
      asOfDate,
      // A blank group currency is US dollars (the spec's default).
      currency: currency(item.record, fields[5], 'USD'),
      accounts: 0,
      records: 1 + item.continuations.length,
      accountTotals: 0n,
    };
    this.groups += 1;
  }

  private accountHeader(item: LogicalRecord): void {
    const group = this.group!;
    const { record } = item;
    const fields = allFields(item);
    const number = fields[0]?.value ?? '';
    if (number === '')
      recordError(record, fields[0]?.column ?? 1, 'the account number is missing.');
    const accountCurrency = currency(record, fields[1], group.currency);
    let controlSum = 0n;
    let opening: StatementBalance | null = null;
    let closing: StatementBalance | null = null;
    // Summaries are type code, amount, item count, funds type (and the funds type's own
    // fields), running on across 88s. A blank where a type code belongs is skipped: Goldman
    // Sachs writes an empty quadruple, SVB a comma before every "/".
    let index = 2;
    while (index < fields.length) {
      const type = fields[index]!;
      if (type.value === '') {
        index += 1;
        continue;
      }
      if (!/^\d{3}$/.test(type.value)) {
        recordError(record, type.column, `"${type.value}" is not a summary type code (3 digits).`);
      }
      const amountField = fields[index + 1];
      const fundsType = fields[index + 3]?.value ?? '';
      index += 4 + this.fundsFieldCount(record, fields, index + 3, fundsType);
      if (!amountField || amountField.value === '') continue;
      const amount = minorUnits(record, amountField, accountCurrency, true);
      controlSum += amount;
      const balance = { amountMinor: amount, currency: accountCurrency, date: group.asOfDate };
      if (type.value === '010') opening = balance;
      if (type.value === '015') closing = balance;
    }
    group.accounts += 1;
    this.account = {
      record,
      id: { iban: null, number, bic: null, bankCode: group.originator },
      currency: accountCurrency,
      opening,
      closing,
      controlSum,
      records: 1 + item.continuations.length,
      lines: [],
    };
  }

  /** How many fields follow a funds type: S three amounts, V date and time, D a count of pairs. */
  private fundsFieldCount(
    record: Bai2Record,
    fields: readonly Bai2Field[],
    fundsIndex: number,
    fundsType: string,
  ): number {
    switch (fundsType.toUpperCase()) {
      case '':
      case 'Z':
      case '0':
      case '1':
      case '2':
        return 0;
      case 'S':
        return 3;
      case 'V':
        return 2;
      case 'D': {
        const countField = fields[fundsIndex + 1];
        if (!countField || !/^\d+$/.test(countField.value)) {
          recordError(
            record,
            countField?.column ?? fields[fundsIndex]!.column,
            'funds type D needs the number of distributions.',
          );
        }
        return 1 + 2 * Number(countField.value);
      }
      default:
        return recordError(
          record,
          fields[fundsIndex]!.column,
          `"${fundsType}" is not a funds type (0, 1, 2, S, V, D or Z).`,
        );
    }
  }

  private transaction(item: LogicalRecord): void {
    const group = this.group!;
    const account = this.account!;
    const { record } = item;
    const cursor = new FieldCursor(record);
    const type = cursor.next();
    if (!type || !/^\d{3}$/.test(type.value)) {
      recordError(record, type?.column ?? record.column, 'the type code (3 digits) is missing.');
    }
    const amountField = cursor.next();
    if (!amountField || amountField.value === '') {
      recordError(record, amountField?.column ?? cursor.column, 'the amount is missing.');
    }
    const amountMinor = minorUnits(record, amountField, account.currency, false);
    const fundsField = cursor.next();
    const fundsType = (fundsField?.value ?? '').toUpperCase();
    let valueDate = group.asOfDate;
    const availability: string[] = [];
    if (fundsType === 'V') {
      valueDate = date(record, cursor.next(), 'value date of funds type V');
      cursor.next();
    } else if (fundsType === 'S') {
      const labels = ['immediate', 'one day', 'two or more days'];
      for (const label of labels) {
        const field = cursor.next();
        if (field && field.value !== '') {
          const minor = minorUnits(record, field, account.currency, true);
          availability.push(`${label} ${formatAmount(minor, account.currency)}`);
        }
      }
    } else if (fundsType === 'D') {
      const countField = cursor.next();
      if (!countField || !/^\d+$/.test(countField.value)) {
        recordError(record, countField?.column ?? cursor.column, 'funds type D needs a count.');
      }
      for (let index = 0; index < Number(countField.value); index += 1) {
        const days = cursor.next();
        const field = cursor.next();
        if (!days || !field) recordError(record, cursor.column, 'a distribution is cut short.');
        const minor = minorUnits(record, field, account.currency, true);
        availability.push(`${days.value} days ${formatAmount(minor, account.currency)}`);
      }
    } else if (!['', 'Z', '0', '1', '2'].includes(fundsType)) {
      recordError(
        record,
        fundsField!.column,
        `"${fundsField!.value}" is not a funds type (0, 1, 2, S, V, D or Z).`,
      );
    }
    const bankRef = cursor.next()?.value ?? '';
    const customerRef = cursor.next()?.value ?? '';
    const text = cursor.rest()?.value ?? '';
    const pieces = [text, ...item.continuations.map((continuation) => continuation.body)]
      .map((piece) => piece.replace(/\/$/, '').trim())
      .filter((piece) => piece !== '');
    const typeCode = Number(type.value);
    const { direction, status } = classify(typeCode);
    if (amountMinor === 0n) {
      // A line is money moved, and the database refuses a zero one. Banks send information
      // records (890 and the like) with a zero amount: their text is kept as a warning instead
      // of a line. A credit or debit of nothing is a broken file.
      if (status !== 'info') recordError(record, amountField.column, 'the amount is zero.');
      this.warnings.push(
        `16 record of line ${record.line}: type code ${type.value} with a zero amount is not a line${pieces.length > 0 ? `: ${pieces.join(' ')}` : ''}.`,
      );
      return;
    }
    if (status === 'info' && (typeCode < 890 || typeCode > 899)) {
      this.warnings.push(
        `16 record of line ${record.line}: type code ${type.value} is neither a credit (100-399) nor a debit (400-699); kept as information, not matched.`,
      );
    }
    const party = bai2Party(pieces, direction);
    const references: Record<string, string> = { ...party.references };
    if (bankRef !== '') references.bankRef = bankRef;
    if (customerRef !== '') references.customerRef = customerRef;
    this.position += 1;
    if (this.position > bankFileLimits.transactionsMax) {
      recordError(record, 1, `more than ${bankFileLimits.transactionsMax} transactions.`);
    }
    account.controlSum += amountMinor;
    account.lines.push({
      position: this.position,
      valueDate,
      bookingDate: group.asOfDate,
      amountMinor,
      currency: account.currency,
      direction,
      status,
      reversal: false,
      payerName: party.name,
      payerAccount: party.account,
      payerBic: party.bic,
      references,
      ref: bankRef !== '' ? bankRef : fallbackRef(account.id, group.asOfDate, this.position),
      remittance: { structured: [], unstructured: pieces },
      transactionCode: type.value,
      additionalInfo: availability.length > 0 ? `availability: ${availability.join(', ')}` : null,
    });
  }

  private accountTrailer(item: LogicalRecord): void {
    const account = this.account!;
    const group = this.group!;
    const { record } = item;
    const fields = allFields(item);
    const total = this.controlTotal(record, fields[0]);
    group.accountTotals += total;
    const name = `49 account trailer of line ${record.line} (account ${account.id.number})`;
    if (total !== account.controlSum) {
      this.warnings.push(
        `${name}: control total ${formatAmount(total, account.currency)} ${account.currency}, the account's amounts sum to ${formatAmount(account.controlSum, account.currency)} ${account.currency}; difference ${formatAmount(total - account.controlSum, account.currency)} ${account.currency}.`,
      );
    }
    this.countWarning(record, name, fields[1], account.records);
    this.balanceWarning(account);
    this.statements.push({
      account: account.id,
      currency: account.currency,
      statementId: null,
      openingBalance: account.opening,
      closingBalance: account.closing,
      lines: account.lines,
    });
    this.account = null;
  }

  private groupTrailer(item: LogicalRecord): void {
    const group = this.group!;
    const { record } = item;
    const fields = allFields(item);
    const total = this.controlTotal(record, fields[0]);
    this.groupTotals += total;
    const name = `98 group trailer of line ${record.line}`;
    if (total !== group.accountTotals) {
      this.warnings.push(
        `${name}: control total ${total}, its 49 account trailers sum to ${group.accountTotals} (minor units); difference ${total - group.accountTotals}.`,
      );
    }
    this.countWarning(record, name, fields[1], group.accounts, 'accounts');
    this.countWarning(record, name, fields[2], group.records);
    this.group = null;
  }

  private fileTrailer(item: LogicalRecord): void {
    const { record } = item;
    const fields = allFields(item);
    const total = this.controlTotal(record, fields[0]);
    const name = `99 file trailer of line ${record.line}`;
    if (total !== this.groupTotals) {
      this.warnings.push(
        `${name}: control total ${total}, its 98 group trailers sum to ${this.groupTotals} (minor units); difference ${total - this.groupTotals}.`,
      );
    }
    this.countWarning(record, name, fields[1], this.groups, 'groups');
    this.countWarning(record, name, fields[2], this.fileRecords);
    this.ended = true;
  }

  private controlTotal(record: Bai2Record, field: Bai2Field | undefined): bigint {
    if (!field || !/^[+-]?\d+$/.test(field.value)) {
      recordError(
        record,
        field?.column ?? record.column,
        `${field?.value ? `"${field.value}"` : 'nothing'} is not a control total.`,
      );
    }
    return BigInt(field.value);
  }

  private countWarning(
    record: Bai2Record,
    name: string,
    field: Bai2Field | undefined,
    actual: number,
    what = 'records',
  ): void {
    if (!field || field.value === '') return;
    if (!/^\d+$/.test(field.value)) {
      recordError(record, field.column, `"${field.value}" is not a number of ${what}.`);
    }
    if (Number(field.value) !== actual) {
      this.warnings.push(`${name}: says ${field.value} ${what}, there are ${actual}.`);
    }
  }

  private balanceWarning(account: Account): void {
    if (!account.opening || !account.closing) return;
    let sum = account.opening.amountMinor;
    for (const line of account.lines) {
      if (line.status !== 'booked') continue;
      sum += line.direction === 'credit' ? line.amountMinor : -line.amountMinor;
    }
    const difference = sum - account.closing.amountMinor;
    if (difference === 0n) return;
    const c = account.currency;
    this.warnings.push(
      `account ${account.id.number} of ${account.opening.date} (03 record of line ${account.record.line}): opening ledger plus its transactions is ${formatAmount(sum, c)} ${c}, the closing ledger is ${formatAmount(account.closing.amountMinor, c)} ${c}; difference ${formatAmount(difference, c)} ${c}.`,
    );
  }
}
