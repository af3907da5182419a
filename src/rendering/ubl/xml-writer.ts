/**
 * A minimal XML tree and serializer for the e-invoice. Every piece of text and every attribute
 * value goes through `escapeText`/`escapeAttribute`, so a customer named `A & B <GmbH>` cannot
 * break the document or inject elements. Absent optional parts are written as `null` children
 * and left out, which keeps the UBL builder a straight transcription of the XSD's sequences.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;
export type XmlChild = XmlNode | null | undefined | false | readonly XmlChild[];

/** Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab, LF and CR). */
// eslint-disable-next-line no-control-regex
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Anything escapeText changes; most text has none of it and is returned as it is. */
// eslint-disable-next-line no-control-regex
const needsEscaping = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeText(text: string): string {
  if (!needsEscaping.test(text)) return text;
  return text
    .replace(forbiddenCharacters, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  if (!needsEscaping.test(text) && !/["'\t\n\r]/.test(text)) return text;
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function flatten(children: readonly XmlChild[], into: XmlNode[]): XmlNode[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) flatten(child as readonly XmlChild[], into);
    else into.push(child as XmlNode);
  }
  return into;
}

/** An element; `null`, `undefined` and `false` children are left out, arrays are spliced in. */
export function element(
  name: string,
  attributes: Readonly<Record<string, string>>,
  ...children: XmlChild[]
): XmlElement {
  return { name, attributes, children: flatten(children, []) };
}

/** A leaf element holding text, or nothing at all when the value is absent or blank. */
export function textElement(
  name: string,
  value: string | null | undefined,
  attributes: Readonly<Record<string, string>> = {},
): XmlElement | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return element(name, attributes, value);
}

function write(node: XmlNode, indent: string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(escapeText(node));
    return;
  }
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  if (node.children.length === 0) {
    out.push(`${indent}<${node.name}${attributes}/>\n`);
    return;
  }
  const onlyText = node.children.every((child) => typeof child === 'string');
  if (onlyText) {
    out.push(`${indent}<${node.name}${attributes}>`);
    for (const child of node.children) write(child, '', out);
    out.push(`</${node.name}>\n`);
    return;
  }
  out.push(`${indent}<${node.name}${attributes}>\n`);
  for (const child of node.children) {
    // Mixed content does not occur in UBL; text beside elements would be a builder error.
    if (typeof child === 'string') throw new Error(`mixed content in <${node.name}>`);
    write(child, `${indent}  `, out);
  }
  out.push(`${indent}</${node.name}>\n`);
}

/** The document with its XML declaration, indented by two spaces, in UTF-8 as a JS string. */
export function serializeXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, '', out);
  return out.join('');
}
