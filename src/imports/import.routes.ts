import { Type } from '@sinclair/typebox';
import { actorOf, permit } from '../auth/permit.routes.js';
import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { Database } from '../platform/db/database.js';
import type { RouteContext } from '../platform/http/app.js';
import { errorResponses, ref } from '../platform/http/schemas.js';
import { importCreditNotes } from './import-credit-notes.service.js';
import { importCustomers } from './import-customers.service.js';
import type { ImportInput } from './import-input.js';
import { importInvoices } from './import-invoices.service.js';
import { importPayments } from './import-payments.service.js';
import {
  ImportResultSchema,
  importKinds,
  importResultView,
  type ImportCounts,
  type ImportKind,
} from './import.view.js';

const importers: Record<
  ImportKind,
  (database: Database, actor: Actor, input: ImportInput) => Promise<ImportCounts>
> = {
  customers: importCustomers,
  invoices: importInvoices,
  'credit-notes': importCreditNotes,
  payments: importPayments,
};

const csvContentTypes = ['text/csv', 'application/csv'];

/**
 * The file's bytes. An empty CSV body arrives as nothing at all (the importer then says what the
 * file lacks); a body of any other type, such as JSON, is not a file to import.
 */
function csvBody(body: unknown, contentType: string | undefined): Buffer {
  if (Buffer.isBuffer(body)) return body;
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (csvContentTypes.includes(type)) return Buffer.alloc(0);
  throw new AppError(
    'invalid',
    'csv_expected',
    'Send the CSV file itself as the body, with Content-Type: text/csv.',
  );
}

/**
 * `POST /imports/{kind}`: the CSV file is the request body, as bytes, so that the importer reads
 * exactly what the CLI reads from a file (its UTF-8 check names the line of a bad byte). The same
 * importer services run, with the same all-or-nothing transaction, row limit and report of every
 * bad row (`import_rejected`, its `details` listing line, field, code and message).
 */
export async function importRoutes({ app, database }: RouteContext) {
  app.addContentTypeParser(
    csvContentTypes,
    { parseAs: 'buffer', bodyLimit: limits.importBodyBytesMax },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/imports/:kind',
    {
      preHandler: permit(database, 'imports.run'),
      bodyLimit: limits.importBodyBytesMax,
      schema: {
        tags: ['imports'],
        summary:
          'Import a CSV file of customers, invoices, credit notes or payments: every row or none',
        description:
          'The body is the CSV file (Content-Type: text/csv), in the format of `settle import`. A file with any bad row is refused whole with `import_rejected`, whose `details` list every bad row (line, field, code, message).',
        consumes: csvContentTypes,
        params: Type.Object({ kind: Type.String({ enum: [...importKinds] }) }),
        querystring: Type.Object({
          file_name: Type.Optional(
            Type.String({ maxLength: 255, description: 'The file’s name, for the audit log' }),
          ),
        }),
        body: Type.Unsafe<Buffer>({ description: 'The CSV file, as bytes' }),
        response: { 200: ref(ImportResultSchema), ...errorResponses },
      },
    },
    async (request) => {
      const kind = request.params.kind as ImportKind;
      const csv = csvBody(request.body, request.headers['content-type']);
      const fileName = request.query.file_name ?? null;
      const counts = await importers[kind](database, actorOf(request), {
        csv,
        fileName: fileName ?? undefined,
      });
      return importResultView(kind, fileName, counts);
    },
  );
}

export const importSchemas = [ImportResultSchema];
