import { Type } from '@sinclair/typebox';
import { actorOf, permit } from '../auth/permit.routes.js';
import type { RouteContext } from '../platform/http/app.js';
import { errorResponses, IdempotencyHeaders, IdParams, ref, Id } from '../platform/http/schemas.js';
import { resendInvoice } from './queue-invoice-email.service.js';

/** Sending an issued invoice again; issuing sends it the first time (messaging.hooks.ts). */
export async function invoiceEmailRoutes({ app, database }: RouteContext) {
  app.post(
    '/invoices/:id/send',
    {
      preHandler: permit(database, 'invoices.post'),
      schema: {
        tags: ['invoices'],
        summary:
          "E-mail an issued invoice again to the customer's billing contacts, with its PDF (and its e-invoice when the customer wants it)",
        params: IdParams,
        headers: IdempotencyHeaders,
        response: {
          202: Type.Object({
            message_id: ref(Id),
            to: Type.Array(Type.String()),
            notices: Type.Array(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const queued = await resendInvoice(database, actorOf(request), request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply
        .status(202)
        .send({ message_id: queued.messageId!, to: [...queued.to], notices: [...queued.notices] });
    },
  );
}
