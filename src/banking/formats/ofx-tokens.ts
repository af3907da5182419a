import { BankFileError, bankFileLimits } from './bank-statement.js';

/**
 * OFX comes in two syntaxes that banks mix freely: 1.x is SGML, where a leaf element usually has
 * no closing tag (`<TRNAMT>-12.50<FITID>…`), and 2.x is XML, yet real 2.x files (ANZ's) still
 * leave leaves unclosed. So one reader serves both: a leaf's value is the text up to the next
 * tag, an element with children (an aggregate) must be closed explicitly, and a closing tag that
 * matches nothing open is an error. No XML parser can read the 1.x half, so this is hand-written.
 */
export interface OfxElement {
  readonly name: string;
  /** The leaf's value, entities decoded and trimmed ("" for an empty leaf); null for an aggregate. */
  readonly text: string | null;
  readonly children: readonly OfxElement[];
  /** Where the start tag begins, 1-based. */
  readonly line: number;
  readonly column: number;
}

export interface OfxDocument {
  /** "OFX 102", "OFX 211": from the 1.x header's VERSION or the `<?OFX?>` instruction; null if neither. */
  readonly version: string | null;
  readonly syntax: 'sgml' | 'xml';
  /** The 1.x `KEY:VALUE` header, or the attributes of the `<?OFX?>` instruction. */
  readonly header: Readonly<Record<string, string>>;
  readonly root: OfxElement;
}

interface OpenElement {
  name: string;
  line: number;
  column: number;
  children: OfxElement[];
  /** Text seen since the start tag (or since the last child), still raw. */
  text: string;
}

/** Turns offsets into line and column under LF, CRLF and CR-only endings alike. */
class Positions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    const ending = /\r\n|\r|\n/g;
    for (let match = ending.exec(text); match; match = ending.exec(text)) {
      this.lineStarts.push(match.index + match[0].length);
    }
  }

  at(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }
}

const namedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/**
 * Decodes entities; a bare `&` (common in 1.x files: "AT&T") is kept as written, and so is a
 * reference to no character: past U+10FFFF, a lone surrogate, or NUL, which PostgreSQL's text
 * refuses (found by fuzzing).
 */
function decodeEntities(raw: string): string {
  const character = (code: number, whole: string) =>
    code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff
      ? whole
      : String.fromCodePoint(code);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return character(Number.parseInt(name.slice(2), 16), whole);
    }
    if (name.startsWith('#')) {
      return character(Number.parseInt(name.slice(1), 10), whole);
    }
    return namedEntities[name.toLowerCase()] ?? whole;
  });
}

const tagName = /^[A-Za-z][A-Za-z0-9_.]*$/;

/**
 * Elements the OFX specification defines as leaves. Without a DTD an empty unclosed leaf
 * (`<NAME>` straight before `<MEMO>`) would look like an aggregate holding what follows; for
 * these names the next tag ends it instead. Any other element is told by its text.
 */
const knownLeaves = new Set([
  'ACCTID',
  'ACCTKEY',
  'ACCTTYPE',
  'BALAMT',
  'BANKID',
  'BRANCHID',
  'CHECKNUM',
  'CODE',
  'CORRECTACTION',
  'CORRECTFITID',
  'CURDEF',
  'CURRATE',
  'CURSYM',
  'DTASOF',
  'DTAVAIL',
  'DTEND',
  'DTPOSTED',
  'DTSERVER',
  'DTSTART',
  'DTUSER',
  'EXTDNAME',
  'FITID',
  'INV401KSOURCE',
  'LANGUAGE',
  'MEMO',
  'MESSAGE',
  'NAME',
  'PAYEEID',
  'REFNUM',
  'SEVERITY',
  'SIC',
  'SRVRTID',
  'TRNAMT',
  'TRNTYPE',
  'TRNUID',
]);

export function readOfxDocument(input: string): OfxDocument {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const positions = new Positions(text);
  const fail = (message: string, offset: number, element?: string): never => {
    throw new BankFileError(message, { ...positions.at(offset), element });
  };

  let offset = skipWhitespace(text, 0);
  let syntax: 'sgml' | 'xml' = 'sgml';
  let header: Record<string, string> = {};
  let version: string | null = null;

  if (text.startsWith('<?', offset) || text.startsWith('<!', offset)) {
    syntax = 'xml';
    // The XML prolog: declarations, the <?OFX?> instruction, comments; never a DOCTYPE, whose
    // entity declarations an OFX file has no use for and which could only be hostile.
    while (text.startsWith('<?', offset) || text.startsWith('<!', offset)) {
      if (text.startsWith('<!--', offset)) {
        const end = text.indexOf('-->', offset + 4);
        if (end < 0) fail('the comment is never closed with "-->".', offset);
        offset = skipWhitespace(text, end + 3);
        continue;
      }
      if (text.startsWith('<!', offset)) {
        fail('a <!DOCTYPE> or other declaration is not accepted in an OFX file.', offset);
      }
      const end = text.indexOf('?>', offset + 2);
      if (end < 0) fail('the processing instruction is never closed with "?>".', offset);
      const instruction = text.slice(offset + 2, end);
      if (/^OFX\s/i.test(instruction)) {
        if (instruction.length > bankFileLimits.ofxInstructionLengthMax) {
          // Its attributes are read with a regular expression that is quadratic in a long one.
          fail(
            `the <?OFX?> instruction is ${instruction.length} characters long; at most ${bankFileLimits.ofxInstructionLengthMax} are read.`,
            offset,
          );
        }
        header = instructionAttributes(instruction);
        if (header.VERSION) version = `OFX ${header.VERSION}`;
      }
      offset = skipWhitespace(text, end + 2);
    }
  } else if (!text.startsWith('<', offset)) {
    // The 1.x header: KEY:VALUE pairs, one a line in every file seen, but split on any
    // whitespace so that a file flattened onto one line still reads.
    const bodyStart = text.indexOf('<', offset);
    const headerEnd = bodyStart < 0 ? text.length : bodyStart;
    const pair = /\S+/g;
    pair.lastIndex = offset;
    for (let match = pair.exec(text); match && match.index < headerEnd; match = pair.exec(text)) {
      const word = match[0].slice(0, headerEnd - match.index);
      const colon = word.indexOf(':');
      if (colon <= 0) {
        fail(`"${word}" is not a KEY:VALUE pair of an OFX 1.x header.`, match.index);
      }
      header[word.slice(0, colon).toUpperCase()] = word.slice(colon + 1);
    }
    if (header.OFXHEADER === undefined) {
      fail('not an OFX file: the header has no OFXHEADER.', offset);
    }
    if (header.VERSION) version = `OFX ${header.VERSION}`;
    if (bodyStart < 0)
      fail('the file ends after its header: there is no <OFX> element.', headerEnd);
    offset = bodyStart;
  }

  const stack: OpenElement[] = [];
  let root: OfxElement | null = null;

  const closeTop = (): void => {
    const open = stack.pop()!;
    const hasChildren = open.children.length > 0;
    const element: OfxElement = {
      name: open.name,
      text: hasChildren ? null : decodeEntities(open.text).trim(),
      children: open.children,
      line: open.line,
      column: open.column,
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
  };

  while (offset < text.length) {
    const lt = text.indexOf('<', offset);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > offset) {
      const chunk = text.slice(offset, textEnd);
      const top = stack.at(-1);
      if (top) top.text += chunk;
      else if (chunk.trim() !== '') fail('text outside the <OFX> element.', offset);
      offset = textEnd;
      continue;
    }
    if (text.startsWith('<!--', offset)) {
      const end = text.indexOf('-->', offset + 4);
      if (end < 0) fail('the comment is never closed with "-->".', offset);
      offset = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', offset)) {
      const end = text.indexOf(']]>', offset + 9);
      if (end < 0) fail('the CDATA section is never closed with "]]>".', offset);
      const top = stack.at(-1);
      if (!top) fail('a CDATA section outside the <OFX> element.', offset);
      // Escape it so that decoding the element's text later leaves the CDATA content as written.
      top!.text += text.slice(offset + 9, end).replace(/&/g, '&amp;');
      offset = end + 3;
      continue;
    }
    if (text.startsWith('<!', offset)) {
      fail('a <!DOCTYPE> or other declaration is not accepted in an OFX file.', offset);
    }
    if (text.startsWith('<?', offset)) {
      fail('a processing instruction inside the OFX body.', offset);
    }
    const gt = text.indexOf('>', offset);
    const nextLt = text.indexOf('<', offset + 1);
    if (gt < 0 || (nextLt >= 0 && nextLt < gt)) fail('the tag is never closed with ">".', offset);
    const inside = text.slice(offset + 1, gt).trim();

    if (inside.startsWith('/')) {
      const name = inside.slice(1).trim();
      if (!tagName.test(name)) fail(`"<${inside}>" is not a closing tag.`, offset);
      let index = stack.length - 1;
      while (index >= 0 && stack[index]!.name !== name) index--;
      if (index < 0) {
        const top = stack.at(-1);
        fail(
          top
            ? `the closing tag </${name}> does not match the open <${top.name}> (line ${top.line}, column ${top.column}).`
            : `the closing tag </${name}> closes no open element.`,
          offset,
          name,
        );
      }
      // SGML leaves between it and the element it closes end here; an aggregate never does.
      while (stack.length - 1 > index) {
        const top = stack.at(-1)!;
        if (top.children.length > 0) {
          fail(
            `<${top.name}> (line ${top.line}, column ${top.column}) holds elements and is not closed before </${name}>.`,
            offset,
            top.name,
          );
        }
        closeTop();
      }
      const own = stack.at(-1)!;
      if (own.children.length > 0 && own.text.trim() !== '') {
        fail(`<${name}> holds both elements and text.`, offset, name);
      }
      closeTop();
      offset = gt + 1;
      continue;
    }

    const selfClosing = inside.endsWith('/');
    const name = (selfClosing ? inside.slice(0, -1) : inside).trim();
    if (!tagName.test(name)) fail(`"<${inside}>" is not an OFX tag.`, offset);
    if (root !== null) fail(`<${name}> after the closing </OFX>.`, offset, name);
    const top = stack.at(-1);
    if (
      top &&
      (top.text.trim() !== '' || (knownLeaves.has(top.name) && top.children.length === 0))
    ) {
      // The open element has a value: it is an SGML leaf whose end tag was left out.
      if (top.children.length > 0)
        fail(`<${top.name}> holds both elements and text.`, offset, top.name);
      closeTop();
    } else if (top) {
      top.text = '';
    }
    const position = positions.at(offset);
    if (stack.length === 0 && name !== 'OFX') {
      fail(`the file's root element is <${name}>, not <OFX>.`, offset, name);
    }
    stack.push({ name, ...position, children: [], text: '' });
    if (selfClosing) closeTop();
    offset = gt + 1;
  }

  if (stack.length > 0) {
    const open = [...stack].reverse().find((element) => element.children.length > 0) ?? stack[0]!;
    fail(
      `the file ends before <${open.name}> (line ${open.line}, column ${open.column}) is closed: it is cut short.`,
      text.length,
      open.name,
    );
  }
  if (root === null) fail('the file has no <OFX> element.', text.length);
  return { version, syntax, header, root: root! };
}

function skipWhitespace(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

function instructionAttributes(instruction: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const attribute = /([A-Za-z][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let match = attribute.exec(instruction); match; match = attribute.exec(instruction)) {
    attributes[match[1]!.toUpperCase()] = match[2] ?? match[3] ?? '';
  }
  return attributes;
}
