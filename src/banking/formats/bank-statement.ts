import { calendarDate, type CalendarDate } from '../../core/calendar-date.js';
import { currencyExponent, isCurrency } from '../../core/money.js';

/**
 * What every bank statement format is read into: the files banks write (camt.053 and camt.054,
 * MT940, BAI2, OFX, a CSV export) differ in every detail, and the import and the matcher see only
 * these types. A parser is pure: text in, a BankFile out, or a BankFileError naming where the file
 * is wrong; it never touches the database.
 */
export const statementFormats = ['camt.053', 'camt.054', 'mt940', 'bai2', 'ofx', 'csv'] as const;
export type StatementFormat = (typeof statementFormats)[number];

/** Booked lines are matched; pending and informational ones are kept but never matched. */
export type BankLineStatus = 'booked' | 'pending' | 'info';

export interface BankAccountId {
  /** IBAN without spaces, upper case, when the file names one. */
  readonly iban: string | null;
  /** Any other account number (a US account, an MT940 :25: that is not an IBAN, OFX ACCTID). */
  readonly number: string | null;
  readonly bic: string | null;
  /** Routing or sort code (BAI2 originator, OFX BANKID), when given. */
  readonly bankCode: string | null;
}

export interface StatementBalance {
  /** Signed: a debit (overdrawn) balance is negative. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly date: CalendarDate;
}

export interface StructuredRemittance {
  /**
   * The kind of creditor reference when the file says it (camt `CdtrRefInf/Tp`: "SCOR", "QRR",
   * "ISR"; "ESR"); null when only the reference is given.
   */
  readonly type: string | null;
  readonly issuer: string | null;
  /** The reference as written (spaces kept out: "RF18539007547034"). */
  readonly reference: string;
}

export interface BankLine {
  /** 1-based position of the line in its file, counted across every statement of the file. */
  readonly position: number;
  readonly valueDate: CalendarDate | null;
  readonly bookingDate: CalendarDate | null;
  /** Always positive; `direction` says which way the money went. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly direction: 'credit' | 'debit';
  readonly status: BankLineStatus;
  /** A returned credit or debit (camt `RvslInd`, MT940 `RC`/`RD`). */
  readonly reversal: boolean;
  /** The other party: who paid, for a credit. */
  readonly payerName: string | null;
  /** Their account: an IBAN (upper case, no spaces) or an account number as written. */
  readonly payerAccount: string | null;
  readonly payerBic: string | null;
  /**
   * Every reference the file gives for this line, by its name in the format: camt
   * `AcctSvcrRef`, `NtryRef`, `EndToEndId`, `InstrId`, `TxId`, `MsgId`, `PmtInfId`, `MndtId`,
   * `ChqNb`; MT940 `customerRef`, `bankRef`; BAI2 `bankRef`, `customerRef`; OFX `FITID`,
   * `CHECKNUM`, `REFNUM`. Absent keys are left out, never set to "".
   */
  readonly references: Readonly<Record<string, string>>;
  /**
   * The bank's reference for this line, the payment's `ref` in Settle: the format's rule (see
   * each parser), else `fallbackRef(account, date, position)`.
   */
  readonly ref: string;
  readonly remittance: {
    readonly structured: readonly StructuredRemittance[];
    /** Free text in file order; a line wrapped by the bank is one element per piece. */
    readonly unstructured: readonly string[];
  };
  /** The bank's transaction code as written (camt Domn/Fmly/SubFmlyCd joined by "/", a SWIFT
   * code such as "NTRF", a BAI2 type code, an OFX TRNTYPE). */
  readonly transactionCode: string | null;
  /** Anything else the bank wrote about the line that a person may want to read. */
  readonly additionalInfo: string | null;
}

export interface BankStatement {
  readonly account: BankAccountId;
  /** The statement's currency (the account's), when the file says it. */
  readonly currency: string | null;
  /** The statement's own id (camt `Stmt/Id`, MT940 `:20:`/`:28C:`), when there is one. */
  readonly statementId: string | null;
  readonly openingBalance: StatementBalance | null;
  readonly closingBalance: StatementBalance | null;
  readonly lines: readonly BankLine[];
}

export interface BankFile {
  readonly format: StatementFormat;
  /** The exact version when the file says it: "camt.053.001.02", "OFX 102", "BAI2 2". */
  readonly version: string | null;
  readonly statements: readonly BankStatement[];
  /**
   * What is odd but not wrong: a statement whose opening balance plus its lines differs from its
   * closing balance (some real ones do), named with the difference. Never a reason to refuse.
   */
  readonly warnings: readonly string[];
}

/**
 * A file that cannot be read. `line` and `column` are 1-based positions in the text; an XML file
 * also names the element. Nothing of a file that fails is imported.
 */
export class BankFileError extends Error {
  constructor(
    message: string,
    readonly where: {
      readonly line?: number | undefined;
      readonly column?: number | undefined;
      readonly element?: string | undefined;
    } = {},
  ) {
    const at = [
      where.line !== undefined ? `line ${where.line}` : null,
      where.column !== undefined ? `column ${where.column}` : null,
      where.element !== undefined ? `<${where.element}>` : null,
    ].filter((part) => part !== null);
    super(at.length > 0 ? `${at.join(', ')}: ${message}` : message);
    this.name = 'BankFileError';
  }
}

/** The size a statement file may have, checked before parsing; tested at the limit and past it. */
export const bankFileLimits = {
  /** 50 MiB: a year of a busy account's camt.053 is well under this. */
  bytesMax: 50 * 1024 * 1024,
  /** Lines of text (any line ending). */
  linesMax: 1_000_000,
  /** One physical line (an OFX 1.x file may be a single line; a camt.053 a few). */
  lineLengthMax: 100_000,
  /** Transactions in one file. */
  transactionsMax: 200_000,
  /**
   * Elements nested in a camt file: a real one is about 12 deep. Each element keeps its path for
   * the error messages, so a file nested thousands deep would take quadratic time to read.
   */
  xmlDepthMax: 64,
  /** The `<?OFX …?>` instruction: a handful of short attributes, about 150 characters. */
  ofxInstructionLengthMax: 1_000,
} as const;

/** Splits text on LF, CRLF or CR-only line endings, as banks use all three. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Refuses a file past the size limits, before any parsing. */
export function checkFileLimits(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > bankFileLimits.bytesMax) {
    throw new BankFileError(
      `the file is ${bytes} bytes; a statement may have at most ${bankFileLimits.bytesMax}.`,
    );
  }
  const lines = splitLines(text);
  if (lines.length > bankFileLimits.linesMax) {
    throw new BankFileError(
      `the file has ${lines.length} lines; a statement may have at most ${bankFileLimits.linesMax}.`,
    );
  }
  lines.forEach((line, index) => {
    if (line.length > bankFileLimits.lineLengthMax) {
      throw new BankFileError(
        `the line is ${line.length} characters long; at most ${bankFileLimits.lineLengthMax} are read.`,
        { line: index + 1 },
      );
    }
    // A NUL byte is never text, and PostgreSQL's text refuses it: kept in a payer's name, it
    // would fail the import at the insert, with no line to point to.
    const nul = line.indexOf('\u0000');
    if (nul >= 0) {
      throw new BankFileError('a NUL character (byte 0): the file is not text.', {
        line: index + 1,
        column: nul + 1,
      });
    }
  });
}

/**
 * A bank's decimal amount ("1234.5", "1234,50", "0001234.50") straight into minor units of
 * `currency`, never through a float. Extra decimals are accepted only when they are zeros
 * ("100.000" EUR); any other extra precision is an error, as Settle cannot hold it.
 */
export function bankAmountToMinor(text: string, currency: string): bigint {
  const match = /^([+-]?)(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an amount`);
  const [, sign, whole, rawFraction = ''] = match;
  const exponent = currencyExponent(currency);
  const fraction = rawFraction.length > exponent ? rawFraction.replace(/0+$/, '') : rawFraction;
  if (fraction.length > exponent) {
    throw new Error(`"${text}" has more decimals than ${currency}'s ${exponent}`);
  }
  const minor = BigInt(whole! + fraction.padEnd(exponent, '0'));
  return sign === '-' ? -minor : minor;
}

/** An ISO 4217 code Settle knows, or an error naming what the file wrote. */
export function bankCurrency(text: string): string {
  const code = text.trim().toUpperCase();
  if (!isCurrency(code)) throw new Error(`"${text}" is not an ISO 4217 currency code`);
  return code;
}

/** A calendar date from a bank's YYYY-MM-DD, YYMMDD, YYYYMMDD, or an ISO date-time. */
export function bankDate(text: string): CalendarDate {
  const trimmed = text.trim();
  let iso: string | undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) iso = trimmed.slice(0, 10);
  else if (/^\d{8}/.test(trimmed))
    iso = `${trimmed.slice(0, 4)}-${trimmed.slice(4, 6)}-${trimmed.slice(6, 8)}`;
  else if (/^\d{6}$/.test(trimmed)) {
    // SWIFT's two-digit years: 00-79 are this century, 80-99 the last (as banks read them).
    const year = Number(trimmed.slice(0, 2));
    iso = `${year < 80 ? 2000 + year : 1900 + year}-${trimmed.slice(2, 4)}-${trimmed.slice(4, 6)}`;
  }
  if (iso === undefined) throw new Error(`"${text}" is not a date`);
  return calendarDate(iso);
}

/**
 * The reference of a line whose bank gave none: the account, the date and the line's position,
 * so that the same line of the same file always gets the same one.
 */
export function fallbackRef(
  account: BankAccountId,
  date: CalendarDate | null,
  position: number,
): string {
  const accountPart = account.iban ?? account.number ?? 'account';
  return `${accountPart}/${date ?? 'undated'}/${position}`;
}

/** An IBAN as stored: upper case, no spaces; null when the text is not shaped like one. */
export function normalIban(text: string | null | undefined): string | null {
  if (!text) return null;
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact) ? compact : null;
}
