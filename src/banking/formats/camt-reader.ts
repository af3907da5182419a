import { SaxesParser, type SaxesTagNS } from 'saxes';
import { BankFileError, bankFileLimits } from './bank-statement.js';

/**
 * The XML side of camt: saxes events turned into small element trees, one per part of the file
 * the mapper asks for (an entry, a statement's header, a balance), so that a statement of a
 * hundred thousand entries is never held as one tree. Names are local names: a bank that writes
 * `<camt:Ntry>` and one that writes `<Ntry>` in the default namespace read the same.
 */
export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Text and CDATA directly inside the element, as written (entities already resolved). */
  text: string;
  readonly children: XmlNode[];
  /** Where the start tag begins: 1-based line and column. */
  readonly line: number;
  readonly column: number;
  /** Local names from the root down to this element, joined by "/". */
  readonly path: string;
}

/** What the mapper does with an element when its start tag is read. */
export type Visit = 'capture' | 'descend' | 'skip';

export interface CamtReaderHandlers {
  /**
   * Called for each element outside a captured subtree. `capture` builds the element and all it
   * holds and hands it to `captured` at its end tag; `descend` keeps reading its children one by
   * one (and calls `left` at its end tag); `skip` reads past it building nothing.
   */
  readonly enter: (node: XmlNode, namespace: string) => Visit;
  readonly captured: (node: XmlNode) => void;
  readonly left: (node: XmlNode) => void;
}

export function errorAt(node: XmlNode, message: string): BankFileError {
  return new BankFileError(message, { line: node.line, column: node.column, element: node.path });
}

interface OpenElement {
  readonly node: XmlNode;
  readonly visit: Visit | 'inside';
}

/** Reads the whole text, calling the handlers as elements open and close; throws BankFileError. */
export function readCamtXml(text: string, handlers: CamtReaderHandlers): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: OpenElement[] = [];
  // saxes reports the start tag once it has read its closing ">"; the "<" is where a person looks.
  let tagStart = { line: 1, column: 1 };

  const currentPath = (): string | undefined =>
    stack.length > 0 ? stack[stack.length - 1]!.node.path : undefined;
  const fail = (message: string): never => {
    throw new BankFileError(message, {
      line: parser.line,
      column: parser.column + 1,
      element: currentPath(),
    });
  };

  parser.on('error', (error) => {
    // saxes prefixes its own "line:column: "; the BankFileError says where in its own words.
    fail(`the XML is not well-formed: ${error.message.replace(/^\d+:\d+: /, '')}`);
  });
  parser.on('doctype', () => {
    // A DTD can declare entities that expand to huge texts or read other files; no bank needs one.
    fail('a DOCTYPE is not accepted in a bank statement (no DTDs, no entities).');
  });
  parser.on('opentagstart', (tag) => {
    // Here saxes has read "<", the name and the character after it: step back over them.
    tagStart = { line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    if (stack.length >= bankFileLimits.xmlDepthMax) {
      fail(`<${tag.local}> is nested deeper than the ${bankFileLimits.xmlDepthMax} levels read.`);
    }
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix === '' && attribute.local !== 'xmlns')
        attributes[attribute.local] = attribute.value;
    }
    const node: XmlNode = {
      name: tag.local,
      attributes,
      text: '',
      children: [],
      line: tagStart.line,
      column: tagStart.column,
      path: parent ? `${parent.node.path}/${tag.local}` : tag.local,
    };
    let visit: OpenElement['visit'];
    if (parent === undefined || parent.visit === 'descend') {
      visit = handlers.enter(node, tag.uri);
    } else if (parent.visit === 'skip') {
      visit = 'skip';
    } else {
      parent.node.children.push(node);
      visit = 'inside';
    }
    stack.push({ node, visit });
  });
  const addText = (piece: string): void => {
    const open = stack[stack.length - 1];
    if (open && (open.visit === 'capture' || open.visit === 'inside')) open.node.text += piece;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const open = stack.pop();
    if (open === undefined) return;
    if (open.visit === 'capture') handlers.captured(open.node);
    else if (open.visit === 'descend') handlers.left(open.node);
  });

  // A byte-order mark is not part of the XML; saxes would read it as text before the root.
  parser.write(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (stack.length > 0) {
    fail(`the file ends inside <${stack[stack.length - 1]!.node.name}>: it is truncated.`);
  }
  parser.close();
}

/** The first child of `node` with this local name. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((candidate) => candidate.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((candidate) => candidate.name === name);
}

/** The first element reached by following `path` ("RltdPties/Dbtr/Nm") through any children. */
export function find(node: XmlNode, path: string): XmlNode | undefined {
  const [first, ...rest] = path.split('/');
  for (const candidate of node.children) {
    if (candidate.name !== first) continue;
    if (rest.length === 0) return candidate;
    const found = find(candidate, rest.join('/'));
    if (found) return found;
  }
  return undefined;
}

/**
 * An element's text with the layout of the file taken out: trimmed, and a line break with the
 * indentation around it read as one space (banks wrap long texts, and CR-only files must read the
 * same as LF ones). Spaces within a line are kept as written.
 */
export function cleanText(text: string): string {
  return text.replace(/[ \t]*[\r\n]+[ \t]*/g, ' ').trim();
}

/** The cleaned text at `path`, or null when the element is absent or empty. */
export function textAt(node: XmlNode, path: string): string | null {
  const found = find(node, path);
  if (!found) return null;
  const text = cleanText(found.text);
  return text === '' ? null : text;
}

/** True for `<TxDtls/>` and elements holding only whitespace. */
export function isEmptyElement(node: XmlNode): boolean {
  return node.children.length === 0 && node.text.trim() === '';
}
