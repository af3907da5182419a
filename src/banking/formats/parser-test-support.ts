import fc from 'fast-check';
import { expect } from 'vitest';
import { parseCalendarDate } from '../../core/calendar-date.js';
import { BankFileError, type BankFile } from './bank-statement.js';

/*
 * What every statement parser's tests check the same way: line endings, files cut short, and
 * mutated files that must either read into a BankFile keeping the contract of bank-statement.ts
 * or be refused with a BankFileError that says where. Only the parser tests import this.
 */

export type Parse = (text: string) => BankFile;

/** Where the parser must point: a line (the message starts "line N") or an XML element. */
const namesAPlace = /^(line \d+|<[^>]+>)/;

export function expectBankFileError(
  run: () => unknown,
  pattern: RegExp = /line \d+/,
  label = '',
): BankFileError {
  try {
    run();
  } catch (error) {
    expect(error, label).toBeInstanceOf(BankFileError);
    expect((error as Error).message, label).toMatch(pattern);
    return error as BankFileError;
  }
  throw new Error(
    `expected a BankFileError matching ${pattern}${label ? ` (${label})` : ''}, the file was read`,
  );
}

export function withLineEnding(text: string, ending: '\n' | '\r\n' | '\r'): string {
  return text.replace(/\r\n|\r|\n/g, ending);
}

/** LF, CRLF and CR-only endings, and the file as it is, all read into the same BankFile. */
export function expectSameWithEveryLineEnding(parse: Parse, text: string): void {
  const lf = parse(withLineEnding(text, '\n'));
  expect(parse(withLineEnding(text, '\r\n')), 'CRLF').toEqual(lf);
  expect(parse(withLineEnding(text, '\r')), 'CR').toEqual(lf);
  expect(parse(text), 'as written').toEqual(lf);
}

/** Every copy of `text` cut at one of `cuts` is refused, naming a line (and what `pattern` adds). */
export function expectRefusedWhenCut(
  parse: Parse,
  text: string,
  cuts: readonly number[],
  pattern: RegExp = /line \d+/,
): void {
  expect(cuts.length, 'cut points').toBeGreaterThan(0);
  for (const cut of cuts) {
    expect(cut, 'a cut inside the file').toBeLessThan(text.length);
    const error = expectBankFileError(() => parse(text.slice(0, cut)), pattern, `cut at ${cut}`);
    expect(error.where.line ?? error.where.element, `cut at ${cut}`).toBeDefined();
  }
}

/**
 * The contract a parser keeps for whatever it returns: amounts positive, ISO currency codes,
 * real calendar dates, positions 1..n in file order, and a ref on every line.
 */
export function expectContractKept(file: BankFile, label = ''): void {
  const fail = (why: string): never => {
    throw new Error(`${label ? `${label}: ` : ''}the BankFile breaks the contract: ${why}`);
  };
  const isDate = (value: unknown): boolean =>
    typeof value === 'string' && parseCalendarDate(value).ok;
  let position = 0;
  for (const statement of file.statements) {
    if (statement.currency !== null && !/^[A-Z]{3}$/.test(statement.currency)) {
      fail(`statement currency ${JSON.stringify(statement.currency)}`);
    }
    for (const balance of [statement.openingBalance, statement.closingBalance]) {
      if (balance === null) continue;
      if (typeof balance.amountMinor !== 'bigint') fail('a balance that is not a bigint');
      if (!/^[A-Z]{3}$/.test(balance.currency)) fail(`balance currency ${balance.currency}`);
      if (!isDate(balance.date)) fail(`balance date ${JSON.stringify(balance.date)}`);
    }
    for (const line of statement.lines) {
      position += 1;
      const at = `line at position ${line.position}`;
      if (line.position !== position) fail(`${at} where ${position} was due`);
      if (typeof line.amountMinor !== 'bigint' || line.amountMinor <= 0n) {
        fail(`${at} has the amount ${String(line.amountMinor)}`);
      }
      if (!/^[A-Z]{3}$/.test(line.currency)) fail(`${at} has the currency ${line.currency}`);
      if (line.direction !== 'credit' && line.direction !== 'debit') fail(`${at} direction`);
      if (!['booked', 'pending', 'info'].includes(line.status)) fail(`${at} status`);
      for (const date of [line.valueDate, line.bookingDate]) {
        if (date !== null && !isDate(date)) fail(`${at} has the date ${JSON.stringify(date)}`);
      }
      if (typeof line.ref !== 'string' || line.ref.trim() === '') fail(`${at} has no ref`);
      // PostgreSQL's text holds no NUL: such a line would fail the import at the insert.
      const texts = JSON.stringify(line, (_, value: unknown) =>
        typeof value === 'bigint' ? String(value) : value,
      );
      if (texts.includes('\\u0000')) fail(`${at} holds a NUL character`);
      for (const [name, value] of Object.entries(line.references)) {
        if (typeof value !== 'string' || value === '') fail(`${at} has an empty ${name}`);
      }
    }
  }
}

/**
 * Parses a damaged file: it reads, keeping the contract, or it is refused with a BankFileError
 * naming a line or an element. Anything else (a TypeError, a RangeError, a tokenizer's own
 * error) escapes to the caller as the bug it is.
 */
export function expectReadOrRefused(
  parse: Parse,
  text: string,
  label = '',
  pattern: RegExp = namesAPlace,
): 'read' | 'refused' {
  let file: BankFile;
  try {
    file = parse(text);
  } catch (error) {
    if (!(error instanceof BankFileError)) throw error;
    expect(error.message, label).toMatch(pattern);
    expect(error.where.line ?? error.where.element, label).toBeDefined();
    return 'refused';
  }
  expectContractKept(file, label);
  return 'read';
}

/**
 * One damage done to a file's bytes, as a disk, a transfer or a person editing it would: `f` and
 * `g` are positions as fractions of the length, so one draw serves files of any size.
 */
export interface Damage {
  readonly kind: 'flip' | 'delete' | 'insert' | 'token' | 'duplicate' | 'swap-lines' | 'truncate';
  readonly f: number;
  readonly g: number;
  readonly n: number;
  readonly bytes: readonly number[];
  readonly token: string;
}

/**
 * Pieces of the formats' own syntax: random bytes rarely make a tag or a field marker, and the
 * parsers' deeper paths are reached only by text that almost reads.
 */
const tokens = [
  '<',
  '>',
  '</',
  '/>',
  '&',
  '&#x110000;',
  '&#0;',
  '&amp;',
  ']]>',
  '<!--',
  '"',
  "'",
  '=',
  ':',
  ':61:',
  ':86:',
  ':20:',
  '-}',
  '{4:',
  '?2',
  ',',
  ';',
  '/',
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  '-',
  '+',
  '.',
  '0',
  '9',
  '99999999999999999999',
  '-0',
  '0,00',
  '991231',
  '20240230',
  '<TRNAMT>',
  '<STMTTRN>',
  '</STMTTRN>',
  'EUR',
  'XXX',
  '\u00fc',
  '\ufeff',
  '\u0000',
];

// Not fc.double: its values crowd near zero, which would damage only the first bytes of a file.
const fraction = fc.nat({ max: 999_999 }).map((n) => n / 1_000_000);

export const damagesArbitrary: fc.Arbitrary<Damage[]> = fc.array(
  fc.record({
    kind: fc.constantFrom<Damage['kind']>(
      'flip',
      'delete',
      'insert',
      'token',
      'duplicate',
      'swap-lines',
      'truncate',
    ),
    f: fraction,
    g: fraction,
    n: fc.integer({ min: 1, max: 64 }),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
    token: fc.constantFrom(...tokens),
  }),
  { minLength: 1, maxLength: 3 },
);

/** Applies the drawn damages to the file's UTF-8 bytes and decodes them as a reader would. */
export function mutate(text: string, draws: readonly Damage[]): string {
  return new TextDecoder('utf-8').decode(mutateBytes(Buffer.from(text, 'utf8'), draws));
}

/** Applies the drawn damages to a file's bytes. */
export function mutateBytes(file: Uint8Array, draws: readonly Damage[]): Buffer {
  let bytes = Buffer.from(file);
  for (const draw of draws) {
    const at = Math.floor(draw.f * (bytes.length + 1));
    const other = Math.floor(draw.g * (bytes.length + 1));
    switch (draw.kind) {
      case 'flip':
        if (at < bytes.length) {
          bytes = Buffer.from(bytes);
          bytes[at] = bytes[at]! ^ (1 << (draw.n % 8));
        }
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + (draw.n % 8) + 1)]);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(draw.bytes), bytes.subarray(at)]);
        break;
      case 'token':
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(draw.token, 'utf8'),
          bytes.subarray(at),
        ]);
        break;
      case 'duplicate': {
        const slice = bytes.subarray(at, at + draw.n * 4);
        bytes = Buffer.concat([bytes.subarray(0, other), slice, bytes.subarray(other)]);
        break;
      }
      case 'swap-lines': {
        const lines = bytes.toString('latin1').split(/(?<=\n|\r(?!\n))/);
        const first = Math.floor(draw.f * lines.length);
        const second = Math.floor(draw.g * lines.length);
        [lines[first], lines[second]] = [lines[second]!, lines[first]!];
        bytes = Buffer.from(lines.join(''), 'latin1');
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
    }
  }
  return bytes;
}

/**
 * Mutation and truncation fuzzing of one file: with a fixed seed, so a failure is the same on
 * every run and fast-check's shrunk counterexample is the smallest damage that shows it. A parse
 * that takes seconds is reported like a wrong exception: a hostile file must not stall an import.
 */
export function fuzzParser(
  parse: Parse,
  text: string,
  options: { seed?: number; numRuns?: number; pattern?: RegExp; slowMs?: number } = {},
): { read: number; refused: number } {
  const outcomes = { read: 0, refused: 0 };
  const slowMs = options.slowMs ?? 2_000;
  fc.assert(
    fc.property(damagesArbitrary, (draws) => {
      const mutated = mutate(text, draws);
      const started = performance.now();
      const outcome = expectReadOrRefused(parse, mutated, '', options.pattern);
      const took = performance.now() - started;
      if (took > slowMs) throw new Error(`the parser took ${Math.round(took)} ms`);
      outcomes[outcome] += 1;
    }),
    { seed: options.seed ?? 14, numRuns: options.numRuns ?? 200 },
  );
  return outcomes;
}

/** How long a parse takes, so that a quadratic path (seconds on a 100,000-character line) shows. */
export function millisecondsToRun(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
