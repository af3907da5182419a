import { BankFileError, splitLines } from './bank-statement.js';

/**
 * The MT940 tokenizer: physical lines in, statements of tagged fields out. Banks wrap the bare
 * SWIFT tag stream in envelopes of their own (Rabobank's ":940:" line, ING's "0000 01INGB…" and
 * "940 00" preamble and "-XXX" trailer, ABN AMRO's "ABNANL2A / 940 / ABNANL2A", the SWIFT FIN
 * blocks `{1:…}{2:…}{3:…}{4:` … `-}{5:…}` framed by SOH/ETX bytes). Only those known shapes are
 * skipped: anything else outside a statement is an error, so that a file that is not MT940 at all
 * is refused instead of read as an empty one.
 */

export interface Mt940Field {
  /** "20", "25", "28C", "60F", "61", "86", … */
  readonly tag: string;
  /** 1-based line of the tag. */
  readonly line: number;
  /** 1-based column where the value starts on that line (after ":tag:"). */
  readonly column: number;
  /**
   * The value's physical lines, trailing blanks removed (ING pads every line with a space that
   * is not part of the text); a wrapped value keeps one element per line.
   */
  readonly lines: readonly string[];
  /**
   * The same lines with their trailing blanks kept: in the German `?xx` layout a line break is
   * not data but a blank before it is ("BIC: " / "?23SOLSDE33").
   */
  readonly untrimmedLines: readonly string[];
}

export interface Mt940RawStatement {
  /** Line of the statement's first tag. */
  readonly line: number;
  /** Line where the statement ends (its separator, or its last field). */
  readonly endLine: number;
  readonly fields: readonly Mt940Field[];
}

const tagPattern = /^:(\d{2}[A-Z]?):/;
// SOH, ETX and other control bytes frame FIN messages; they carry no text.
const controlBytes = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;

/** Preamble lines banks put before the tag stream, matched whole. */
const preambles: readonly RegExp[] = [
  /^:940:$/, // Rabobank
  /^0000 \d{2}[A-Z0-9]{8,}$/, // ING "0000 01INGBNL2AXXXX00001"
  /^940( \d{2})?$/, // ING "940 00", ABN AMRO "940"
  /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, // a BIC on its own line (ABN AMRO)
];

/** A statement separator or file trailer: "-" (Volksbank), "-XXX" (ING). */
const separatorPattern = /^-(XXX)?$/;

/**
 * `{1:F01…}{2:I940…}{3:{108:…}}{4:` — the FIN header, possibly followed by a first tag; some
 * systems put `{4:` on a line of its own.
 */
const finHeaderPattern = /^\{1:[^{}]*\}(\{2:[^{}]*\})?(\{3:(\{[^{}]*\})*\})?(\{4:)?/;
/** `{5:{MAC:…}{CHK:…}}` and any further trailer blocks after "-}". */
const finTrailerPattern = /^(\{[5S]:(\{[^{}]*\}|[^{}])*\})*/;

export function tokenizeMt940(text: string): Mt940RawStatement[] {
  const statements: Mt940RawStatement[] = [];
  let fields: Mt940Field[] | null = null;
  let statementLine = 0;
  let current: {
    tag: string;
    line: number;
    column: number;
    lines: string[];
    untrimmedLines: string[];
  } | null = null;
  let untrimmed = '';
  let inFinBlock = false;
  let awaitingBlock4 = false;
  let finBlockLine = 0;
  let lastLine = 0;

  const closeField = () => {
    if (current && fields) fields.push(current);
    current = null;
  };
  const closeStatement = (endLine: number) => {
    closeField();
    if (fields && fields.length > 0) statements.push({ line: statementLine, endLine, fields });
    fields = null;
  };

  const handleTagOrText = (content: string, lineNumber: number, offset: number): void => {
    const tag = tagPattern.exec(content);
    if (tag) {
      closeField();
      if (!fields) {
        fields = [];
        statementLine = lineNumber;
      } else if (tag[1] === '20' && fields.some((field) => field.tag === '20')) {
        // Rabobank starts the next statement with :20: and no separator line.
        closeStatement(lineNumber - 1);
        fields = [];
        statementLine = lineNumber;
      }
      current = {
        tag: tag[1]!,
        line: lineNumber,
        column: offset + tag[0].length + 1,
        lines: [content.slice(tag[0].length)],
        untrimmedLines: [untrimmed.slice(offset + tag[0].length)],
      };
      return;
    }
    if (current) {
      const open = current as { lines: string[]; untrimmedLines: string[] };
      open.lines.push(content);
      open.untrimmedLines.push(untrimmed.slice(offset));
      return;
    }
    throw new BankFileError(
      `"${content.slice(0, 40)}" is neither an MT940 tag (":20:", ":61:", …) nor a known bank envelope line.`,
      { line: lineNumber, column: offset + 1 },
    );
  };

  const handleFinHeader = (content: string, lineNumber: number, offset: number): void => {
    const header = finHeaderPattern.exec(content);
    const rest = content.slice(header?.[0].length ?? 0);
    if (!header || (header[4] === undefined && rest.trim() !== '')) {
      throw new BankFileError('a SWIFT FIN header "{1:…}" that does not open block {4:.', {
        line: lineNumber,
        column: offset + 1,
      });
    }
    if (inFinBlock) {
      throw new BankFileError(
        `a new FIN message starts before the one of line ${finBlockLine} ended with "-}".`,
        {
          line: lineNumber,
          column: offset + 1,
        },
      );
    }
    closeStatement(lineNumber - 1);
    inFinBlock = true;
    finBlockLine = lineNumber;
    awaitingBlock4 = header[4] === undefined;
    if (rest.trim() !== '') handleTagOrText(rest, lineNumber, offset + header[0].length);
  };

  splitLines(text).forEach((rawLine, index) => {
    const lineNumber = index + 1;
    untrimmed = rawLine.replace(controlBytes, '');
    // Not /\s+$/: V8 retries it at every blank of a long run, quadratic in the run's length.
    const line = untrimmed.trimEnd();
    if (line === '') {
      // A blank line ends a wrapped value (ING separates entries with one).
      closeField();
      return;
    }
    lastLine = lineNumber;
    if (awaitingBlock4) {
      if (!line.startsWith('{4:')) {
        throw new BankFileError('the FIN header is not followed by block {4:.', {
          line: lineNumber,
          column: 1,
        });
      }
      awaitingBlock4 = false;
      const rest = line.slice(3);
      if (rest.trim() !== '') handleTagOrText(rest, lineNumber, 3);
      return;
    }
    if (line.startsWith('-}')) {
      if (!inFinBlock) {
        throw new BankFileError('"-}" closes a FIN block {4: that was never opened.', {
          line: lineNumber,
          column: 1,
        });
      }
      inFinBlock = false;
      closeStatement(lineNumber);
      let rest = line.slice(2);
      rest = rest.slice(finTrailerPattern.exec(rest)?.[0].length ?? 0);
      if (rest === '') return;
      if (rest.startsWith('{1:'))
        return handleFinHeader(rest, lineNumber, line.length - rest.length);
      throw new BankFileError(`unexpected "${rest.slice(0, 20)}" after the end of a FIN message.`, {
        line: lineNumber,
        column: line.length - rest.length + 1,
      });
    }
    if (line.startsWith('{1:')) return handleFinHeader(line, lineNumber, 0);
    if (separatorPattern.test(line) && !inFinBlock) {
      closeStatement(lineNumber);
      return;
    }
    if (!fields && !current && preambles.some((pattern) => pattern.test(line))) return;
    handleTagOrText(line, lineNumber, 0);
  });

  if (inFinBlock) {
    throw new BankFileError(
      `the FIN message of line ${finBlockLine} is not closed by "-}": the file is truncated.`,
      { line: lastLine },
    );
  }
  closeStatement(lastLine);
  return statements;
}
