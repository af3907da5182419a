import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Runs the official EN 16931 business rules for UBL (CEN/TC 434 validation artefacts 1.3.16,
 * a Schematron compiled to XSLT 2.0) on a document, with SaxonJS. SaxonJS runs only compiled
 * stylesheets (SEF); compiling this one takes about a minute, so the SEF is cached under
 * node_modules/.cache by the XSLT's sha256 and made once, by whichever test worker comes first.
 */

/** What the rules need an assertion to be: its rule id, `fatal` or `warning`, and its text. */
export interface FailedAssert {
  readonly id: string;
  readonly flag: string;
  readonly location: string;
  readonly text: string;
}

/** Long enough for a cold cache: compiling the rules takes a minute or more on a busy machine. */
export const en16931TestTimeoutMs = 600_000;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const en16931RulesPath = join(
  root,
  'test/fixtures/ubl/cen-en16931-ubl-validation-1.3.16.xslt',
);
const cacheDirectory = join(root, 'node_modules/.cache/settle-en16931');

interface SaxonResult {
  readonly principalResult: string;
  readonly stylesheetInternal: unknown;
}
interface SaxonJsApi {
  transform(options: Record<string, unknown>, mode: 'sync'): SaxonResult;
}
// saxon-js has no type declarations; this is the one call used.
const require = createRequire(import.meta.url);
const SaxonJS = require('saxon-js') as SaxonJsApi;

const run = promisify(execFile);

/** The path of the compiled rules, compiling them first when no worker has yet. */
export async function compiledRulesPath(): Promise<string> {
  const sha256 = createHash('sha256').update(readFileSync(en16931RulesPath)).digest('hex');
  const target = join(cacheDirectory, `${sha256}.sef.json`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDirectory, { recursive: true });
  // Each worker compiles into its own file and renames it into place: rename is atomic, so a
  // reader sees either no SEF or a whole one, and two workers racing both leave a complete file.
  const partial = join(
    cacheDirectory,
    `${sha256}.${process.pid}.${randomBytes(6).toString('hex')}.partial.json`,
  );
  try {
    await run(
      process.execPath,
      [
        require.resolve('xslt3/xslt3.js'),
        `-xsl:${en16931RulesPath}`,
        `-export:${partial}`,
        '-nogo',
        '-relocate:on',
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return target;
}

let stylesheet: Promise<unknown> | null = null;

/** The rules loaded into SaxonJS once per process; later runs reuse the loaded form. */
function loadedRules(): Promise<unknown> {
  stylesheet ??= compiledRulesPath().then(
    (path) =>
      SaxonJS.transform(
        {
          stylesheetFileName: path,
          sourceText: '<Empty/>',
          destination: 'serialized',
        },
        'sync',
      ).stylesheetInternal,
  );
  return stylesheet;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

function attribute(attributes: string, name: string): string {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return match ? decodeEntities(match[1]!) : '';
}

/** Every `svrl:failed-assert` of an SVRL report. */
export function failedAssertsOf(svrl: string): FailedAssert[] {
  const asserts: FailedAssert[] = [];
  const pattern =
    /<svrl:failed-assert\b([^>]*)>[\s\S]*?<svrl:text>([\s\S]*?)<\/svrl:text>[\s\S]*?<\/svrl:failed-assert>/g;
  for (const match of svrl.matchAll(pattern)) {
    asserts.push({
      id: attribute(match[1]!, 'id'),
      flag: attribute(match[1]!, 'flag'),
      location: attribute(match[1]!, 'location'),
      text: decodeEntities(match[2]!).replace(/\s+/g, ' ').trim(),
    });
  }
  return asserts;
}

/** The SVRL report of the EN 16931 rules on a UBL document. */
export async function en16931Report(xml: string): Promise<string> {
  const stylesheetInternal = await loadedRules();
  return SaxonJS.transform(
    { stylesheetInternal, sourceText: xml, destination: 'serialized' },
    'sync',
  ).principalResult;
}

/** The failed assertions of the EN 16931 rules on a UBL document, fatal and warnings alike. */
export async function en16931FailedAsserts(xml: string): Promise<FailedAssert[]> {
  return failedAssertsOf(await en16931Report(xml));
}

/** Only the rule violations (`flag="fatal"`), the ones that make a receiver reject the document. */
export async function en16931Fatal(xml: string): Promise<FailedAssert[]> {
  return (await en16931FailedAsserts(xml)).filter((assert) => assert.flag === 'fatal');
}
