// Goal: a user gets an issued invoice's or credit note's documents from the command line: the
// real `settle` binary on an embedded database filled by `settle demo`, writing the PDF to a file
// or to a pipe, printing the UBL e-invoice, and naming a number it does not know.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockShiftDays } from '../../src/core/clock.js';
import { newCliDirectory, runSettle, settleFromSource } from '../support/cli.js';
import { pdfPagesText } from '../support/pdf.js';

let dir: string;

beforeAll(async () => {
  dir = await newCliDirectory('settle-documents-');
  // Seed 1 at this size has credit notes (about twenty) whatever today is.
  const demo = await runSettle(
    dir,
    'demo',
    '--seed',
    '1',
    '--customers',
    '8',
    '--invoices',
    '150',
    '--months',
    '6',
  );
  if (demo.code !== 0) throw new Error(`settle demo failed: ${demo.stderr}`);
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The buyer's legal name in a UBL document, unescaped. */
function buyerNameIn(xml: string): string {
  const party = xml.slice(xml.indexOf('<cac:AccountingCustomerParty>'));
  const name = /<cbc:RegistrationName>([^<]*)<\/cbc:RegistrationName>/.exec(party)?.[1];
  if (name === undefined) throw new Error('the UBL has no buyer name');
  return name
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** `settle` with its standard output as bytes (a pipe, as when redirected to a file). */
async function settleBytes(...args: string[]): Promise<Buffer> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      fileURLToPath(new URL('../../bin/settle.js', import.meta.url)),
      '--data',
      join(dir, 'data'),
      ...args,
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: '',
        SETTLE_FROM_SOURCE: settleFromSource,
        SETTLE_CLOCK_SHIFT_DAYS: String(clockShiftDays()),
      },
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}

describe('settle invoice and settle credit-note', () => {
  it('prints the e-invoice and writes the PDF of an invoice, both naming its number and customer', async () => {
    // One after another: one process owns the embedded data dir at a time.
    const ubl = await runSettle(dir, 'invoice', 'ubl', 'INV-000001');
    expect(ubl.code, ubl.stderr).toBe(0);
    expect(ubl.stdout.startsWith('<?xml')).toBe(true);
    expect(ubl.stdout).toContain('<Invoice ');
    expect(ubl.stdout).toContain('<cbc:ID>INV-000001</cbc:ID>');
    const customer = buyerNameIn(ubl.stdout);

    const pdf = await runSettle(dir, 'invoice', 'pdf', 'INV-000001', 'invoice.pdf');
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stdout).toBe('');
    const text = (await pdfPagesText(await readFile(join(dir, 'invoice.pdf')))).join('\n');
    expect(text).toContain('INV-000001');
    expect(text).toContain(customer);
  }, 120_000);

  it('writes the PDF to standard output when that is not a terminal, the same bytes as the file', async () => {
    const piped = await settleBytes('invoice', 'pdf', 'INV-000001');
    expect(piped.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Rendered once and kept: the pipe gets exactly the file written before.
    expect(piped.equals(await readFile(join(dir, 'invoice.pdf')))).toBe(true);
  }, 60_000);

  it('does the same for a credit note', async () => {
    const ubl = await runSettle(dir, 'credit-note', 'ubl', 'CN-000001');
    expect(ubl.code, ubl.stderr).toBe(0);
    expect(ubl.stdout).toContain('<CreditNote ');
    expect(ubl.stdout).toContain('<cbc:ID>CN-000001</cbc:ID>');
    const customer = buyerNameIn(ubl.stdout);

    const pdf = await runSettle(dir, 'credit-note', 'pdf', 'CN-000001', 'note.pdf');
    expect(pdf.code, pdf.stderr).toBe(0);
    const text = (await pdfPagesText(await readFile(join(dir, 'note.pdf')))).join('\n');
    expect(text).toContain('CN-000001');
    expect(text).toContain(customer);
  }, 120_000);

  it('exits 1 naming a number it does not know', async () => {
    const result = await runSettle(dir, 'invoice', 'pdf', 'INV-999999', 'missing.pdf');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('INV-999999');
    expect(result.stderr).toContain('invoice_not_found');
    await expect(readFile(join(dir, 'missing.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
