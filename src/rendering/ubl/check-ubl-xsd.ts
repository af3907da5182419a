import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorDetail, XmlDocument, XsdValidator } from 'libxml2-wasm';
import { AppError } from '../../core/errors.js';
import { projectFile } from '../../platform/files/project-files.js';

/**
 * Validates an e-invoice against the OASIS UBL 2.1 schemas shipped in `./xsd/` before it leaves,
 * so a writer bug surfaces as a clear refusal here rather than as a rejection by the receiver's
 * access point. Compiling the schemas (about 2.7 MB of XSD) takes a second or so; each compiled
 * validator is kept for the life of the process, after which a document takes about a millisecond.
 */
const schemaFiles = {
  Invoice: 'maindoc/UBL-Invoice-2.1.xsd',
  CreditNote: 'maindoc/UBL-CreditNote-2.1.xsd',
} as const;
type RootName = keyof typeof schemaFiles;

/**
 * The compiled validators, with their schema documents: those are never disposed, because the
 * compiled schema may still point into them when it reports an error.
 */
const validators = new Map<RootName, { validator: XsdValidator; schema: XmlDocument }>();
let inputProviderRegistered = false;

type Libxml2 = typeof import('libxml2-wasm');
/**
 * libxml2 is loaded with the first document checked: its WebAssembly is instantiated as the
 * module loads, about 0.1 s that every server start and every command reaching this module
 * paid before, whether or not it exported an e-invoice.
 */
let libxml2: Promise<Libxml2> | undefined;

/** Ends with the path separator, so a sibling folder such as `xsd-other/` never matches. */
const schemaDirectory = projectFile('src', 'rendering', 'ubl', 'xsd') + sep;

/** The schema file libxml2 asks for, when it lies inside the shipped schema folder. */
function schemaFile(filename: string): string | null {
  try {
    const path = resolve(filename.startsWith('file:') ? fileURLToPath(filename) : filename);
    return path.startsWith(schemaDirectory) && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Lets libxml2 read the schemas' xsd:import/xsd:include targets, which it resolves relative to the
 * URL the main schema was parsed with (its path), so ../common/… is found beside maindoc/. The
 * provider is process-wide; it serves only files inside the schema folder, so no other XML that
 * Settle parses with libxml2 can make it read a file of the machine.
 */
function registerSchemaInputProvider(lib: Libxml2): void {
  if (inputProviderRegistered) return;
  lib.xmlRegisterInputProvider({
    match: (filename) => schemaFile(filename) !== null,
    open: (filename) => {
      const path = schemaFile(filename);
      return path === null ? undefined : openSync(path, 'r');
    },
    read: (fd, buffer) => {
      try {
        return readSync(fd, buffer, 0, buffer.byteLength, null);
      } catch {
        return -1;
      }
    },
    close: (fd) => {
      closeSync(fd);
      return true;
    },
  });
  inputProviderRegistered = true;
}

function validatorFor(lib: Libxml2, root: RootName): XsdValidator {
  const cached = validators.get(root);
  if (cached) return cached.validator;
  registerSchemaInputProvider(lib);
  const path = join(schemaDirectory, schemaFiles[root]);
  const schema = lib.XmlDocument.fromBuffer(readFileSync(path), { url: path });
  const validator = lib.XsdValidator.fromDoc(schema);
  validators.set(root, { validator, schema });
  return validator;
}

function describe(details: readonly ErrorDetail[]): string[] {
  return details.map((detail) => `line ${detail.line ?? '?'}: ${detail.message.trim()}`);
}

function invalid(message: string, problems: string[]): AppError {
  return new AppError(
    'invalid',
    'ubl_schema_invalid',
    `${message}\n${problems.join('\n')}`.trim(),
    undefined,
    { problems },
  );
}

/** The root element's local name, when the document is a UBL invoice or credit note. */
function rootNameOf(document: XmlDocument): RootName | null {
  const root = document.root;
  const namespace = root.namespaceUri;
  if (
    root.name === 'Invoice' &&
    namespace === 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'
  )
    return 'Invoice';
  if (
    root.name === 'CreditNote' &&
    namespace === 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2'
  )
    return 'CreditNote';
  return null;
}

/**
 * Throws `AppError('invalid', 'ubl_schema_invalid', …)` with libxml2's messages and their line
 * numbers (also in `details.problems`) unless `xml` is a UBL 2.1 Invoice or CreditNote valid
 * against its schema.
 */
export async function checkUblXsd(xml: string): Promise<void> {
  libxml2 ??= import('libxml2-wasm');
  const lib = await libxml2;
  let document: XmlDocument;
  try {
    document = lib.XmlDocument.fromString(xml);
  } catch (error) {
    if (error instanceof lib.XmlLibError)
      throw invalid('The e-invoice is not well-formed XML:', describe(error.details));
    throw error;
  }
  try {
    const root = rootNameOf(document);
    if (root === null) {
      throw invalid('The e-invoice is not a UBL 2.1 Invoice or CreditNote:', [
        `line 1: the root element is {${document.root.namespaceUri}}${document.root.name}`,
      ]);
    }
    try {
      validatorFor(lib, root).validate(document);
    } catch (error) {
      if (error instanceof lib.XmlLibError)
        throw invalid(
          `The e-invoice does not match the UBL 2.1 ${root} schema:`,
          describe(error.details),
        );
      throw error;
    }
  } finally {
    document.dispose();
  }
}
