import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { creditNoteIdByNumber, findInvoiceByNumber } from '../../invoicing/find-invoice.service.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor } from '../../core/actor.js';
import { getDocumentPdf } from '../../rendering/get-document-pdf.service.js';
import { getDocumentUbl } from '../../rendering/get-document-ubl.service.js';
import { withContext, type GlobalOptions } from '../context.js';
import { writeReport } from '../report-output.js';
import { terminal } from '../terminal.js';

type Kind = 'invoice' | 'credit_note';

async function idOf(database: Database, actor: Actor, kind: Kind, number: string) {
  const id =
    kind === 'invoice'
      ? (await findInvoiceByNumber(database.db, actor.orgId, number))?.id
      : await creditNoteIdByNumber(database.db, actor.orgId, number);
  if (!id) {
    throw new AppError(
      'not_found',
      `${kind}_not_found`,
      `There is no ${kind === 'invoice' ? 'invoice' : 'credit note'} numbered ${number}.`,
      'number',
    );
  }
  return id;
}

function refuseBinaryOnTerminal(file: string | undefined): void {
  if (file === undefined && terminal().stdoutIsTTY) {
    throw new AppError(
      'invalid',
      'output_required',
      'A PDF is not for the terminal: give a FILE, or redirect standard output.',
      'file',
    );
  }
}

/** `settle invoice pdf|ubl NUMBER [FILE]` and the same for `credit-note`. */
export function registerDocumentCommands(program: Command): void {
  for (const [name, kind, label] of [
    ['invoice', 'invoice', 'an issued invoice'],
    ['credit-note', 'credit_note', 'a credit note'],
  ] as const) {
    const group = program
      .command(name)
      .description(`${label}'s documents: its PDF and its e-invoice`);
    group
      .command('pdf')
      .description(`${label} as the PDF the customer receives (the same bytes every time)`)
      .argument('<number>', 'the document number, e.g. INV-000042')
      .argument('[file]', 'where to write it (default: standard output)')
      .action(async (number: string, file: string | undefined, _options, command: Command) => {
        refuseBinaryOnTerminal(file);
        await withContext(
          `${name} pdf`,
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const id = await idOf(database, actor, kind, number);
            const pdf = await getDocumentPdf(database, actor, kind, id);
            await writeReport(Buffer.from(pdf.content), file);
          },
        );
      });
    group
      .command('ubl')
      .description(
        `${label} as a UBL 2.1 e-invoice (Peppol BIS Billing 3.0, EN 16931), checked against the UBL 2.1 schema`,
      )
      .argument('<number>', 'the document number')
      .argument('[file]', 'where to write it (default: standard output)')
      .action(async (number: string, file: string | undefined, _options, command: Command) => {
        await withContext(
          `${name} ubl`,
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const id = await idOf(database, actor, kind, number);
            const ubl = await getDocumentUbl(database, actor, kind, id);
            await writeReport(ubl.xml, file);
          },
        );
      });
  }
}
