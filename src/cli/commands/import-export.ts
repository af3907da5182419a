import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { Argument, type Command } from 'commander';
import type { Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { exportCreditNotes } from '../../exports/export-credit-notes.service.js';
import { exportCustomers } from '../../exports/export-customers.service.js';
import { exportInvoices } from '../../exports/export-invoices.service.js';
import { exportPayments } from '../../exports/export-payments.service.js';
import { importCreditNotes } from '../../imports/import-credit-notes.service.js';
import { importCustomers } from '../../imports/import-customers.service.js';
import type { ImportInput, ImportOptions } from '../../imports/import-input.js';
import { progressBar } from '../progress-bar.js';
import { importInvoices } from '../../imports/import-invoices.service.js';
import { importPayments } from '../../imports/import-payments.service.js';
import type { Database } from '../../platform/db/database.js';
import { withContext, type GlobalOptions } from '../context.js';
import { terminal, terminalPath } from '../terminal.js';

const kinds = ['customers', 'invoices', 'credit-notes', 'payments'] as const;
type Kind = (typeof kinds)[number];

type Importer = (
  database: Database,
  actor: Actor,
  input: ImportInput,
  options: ImportOptions,
) => Promise<string>;

/** Each import, with the sentence that sums up what it wrote. */
const importers: Record<Kind, Importer> = {
  customers: async (...args) => {
    const result = await importCustomers(...args);
    return `${count(result.customers, 'customer')} (${count(result.contacts, 'contact')})`;
  },
  invoices: async (...args) => count((await importInvoices(...args)).invoices, 'invoice'),
  'credit-notes': async (...args) => {
    const result = await importCreditNotes(...args);
    return `${count(result.creditNotes, 'credit note')} (${result.applications} applied to invoices)`;
  },
  payments: async (...args) => {
    const result = await importPayments(...args);
    return `${count(result.payments, 'payment')} (${count(result.applications, 'application')} to invoices)`;
  },
};

const exporters: Record<
  Kind,
  (database: Database, actor: Actor, input: { output: Writable }) => Promise<number>
> = {
  customers: exportCustomers,
  invoices: exportInvoices,
  'credit-notes': exportCreditNotes,
  payments: exportPayments,
};

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const formats = `
Formats (a header row, columns in any order, extra columns ignored; amounts in major units such
as 1234.50; dates YYYY-MM-DD):
  customers     ref,name,email,currency,terms
                  terms optional (NET30, DUE_ON_RECEIPT, NET30_EOM, 2/10_NET30; default NET30);
                  a customer with an email gets an accounts-payable contact who receives reminders
  invoices      number,customer_ref,issue_date,due_date,currency,total[,description,po_number]
                  due_date optional (from the customer's terms); invoices keep their numbers
  credit-notes  number,customer_ref,issue_date,currency,total,invoice_number
                  an empty invoice_number leaves the credit unapplied
  payments      ref,customer_ref,received_date,currency,amount,invoice_number
                  one row per application; rows sharing a ref are one payment (the sum of their
                  amounts); an empty invoice_number leaves that part unapplied
`;

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(terminalPath(file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError(
      'invalid',
      'file_unreadable',
      `Cannot read ${file} (${code ?? String(error)}).`,
      'file',
    );
  }
}

/**
 * Writes to `${file}.tmp` and renames it into place only once the export is complete, so that a
 * failed export never leaves a truncated file that looks like a whole one.
 */
async function exportToFile(
  file: string,
  write: (output: Writable) => Promise<number>,
): Promise<number> {
  const path = terminalPath(file);
  const temporary = `${path}.${process.pid}.tmp`;
  let handle;
  try {
    handle = await open(temporary, 'w');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError(
      'invalid',
      'file_unwritable',
      `Cannot write ${file} (${code ?? String(error)}).`,
      'file',
    );
  }
  const output = handle.createWriteStream();
  try {
    const rows = await write(output);
    output.end();
    await finished(output);
    await rename(temporary, path);
    return rows;
  } catch (error) {
    output.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** `settle import <kind> <file>` and `settle export <kind> [file]`. */
export function registerImportExportCommands(program: Command): void {
  program
    .command('import')
    .description(
      'import a CSV file of customers, invoices, credit notes or payments: every row or none',
    )
    .addArgument(new Argument('<kind>', 'what the file holds').choices(kinds))
    .argument('<file>', 'the CSV file')
    .addHelpText(
      'after',
      `${formats}
A file with any bad row is rejected whole: every bad row is listed with its line number, and
nothing is written. Import customers first, then invoices, then credit notes and payments.`,
    )
    .action(async (kind: Kind, file: string, _options, command: Command) => {
      const csv = await readInput(file);
      await withContext(
        `import ${kind}`,
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const started = performance.now();
          const bar = progressBar('rows');
          let summary: string;
          try {
            summary = await importers[kind](
              database,
              actor,
              { csv, fileName: basename(file) },
              { onProgress: bar?.update },
            );
          } finally {
            bar?.stop();
          }
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          terminal().stdout.write(`Imported ${summary} from ${file} in ${seconds} s.\n`);
        },
      );
    });

  program
    .command('export')
    .description(
      'export customers, invoices, credit notes or payments as CSV, in the format import reads',
    )
    .addArgument(new Argument('<kind>', 'what to export').choices(kinds))
    .argument('[file]', 'the CSV file to write (default: standard output)')
    .addHelpText(
      'after',
      `${formats}
Not carried by the formats: refunds, payment reversals (reversed payments are left out),
write-offs, early-payment discounts, invoice lines and tax, and when credit was applied after it
was received. A round trip is exact for books without them.`,
    )
    .action(async (kind: Kind, file: string | undefined, _options, command: Command) => {
      await withContext(
        `export ${kind}`,
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor, say }) => {
          const write = (output: Writable) => exporters[kind](database, actor, { output });
          if (file === undefined) {
            await write(terminal().stdout);
            return;
          }
          const rows = await exportToFile(file, write);
          say(`Exported ${count(rows, 'row')} of ${kind} to ${file}.`);
        },
      );
    });
}
