import { Type } from '@sinclair/typebox';
import { actorOf, permit } from '../auth/permit.routes.js';
import type { RouteContext } from '../platform/http/app.js';
import { errorResponses, IdParams } from '../platform/http/schemas.js';
import { getDocumentPdf } from './get-document-pdf.service.js';
import { getDocumentUbl } from './get-document-ubl.service.js';

const binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

/**
 * The documents a customer receives, for anyone who may read the book: the PDF (rendered once,
 * then served as stored) and the UBL e-invoice (checked against the UBL 2.1 schema every time).
 */
export async function renderingRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const documents: { path: string; kind: 'invoice' | 'credit_note'; label: string }[] = [
    { path: '/invoices/{id}', kind: 'invoice', label: 'invoice' },
    { path: '/credit-notes/{id}', kind: 'credit_note', label: 'credit note' },
  ];
  for (const { path, kind, label } of documents) {
    app.get(
      `${path.replace('{id}', ':id')}/pdf`,
      {
        preHandler: read,
        schema: {
          tags: ['documents'],
          summary: `The ${label} as the PDF the customer receives (the same bytes every time; its SHA-256 in the X-Content-SHA256 header)`,
          params: IdParams,
          produces: ['application/pdf'],
          response: { 200: binary('application/pdf'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const pdf = await getDocumentPdf(database, actorOf(request), kind, request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
          .header('x-content-sha256', pdf.sha256)
          .send(Buffer.from(pdf.content));
      },
    );
    app.get(
      `${path.replace('{id}', ':id')}/ubl`,
      {
        preHandler: read,
        schema: {
          tags: ['documents'],
          summary: `The ${label} as a UBL 2.1 e-invoice (Peppol BIS Billing 3.0, EN 16931), checked against the UBL 2.1 schema; refused, naming the field, when EN 16931 cannot express it`,
          params: IdParams,
          produces: ['application/xml'],
          response: { 200: binary('application/xml'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const ubl = await getDocumentUbl(database, actorOf(request), kind, request.params.id);
        return reply
          .type('application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${ubl.fileName}"`)
          .send(Buffer.from(ubl.xml, 'utf8'));
      },
    );
  }
}
