import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import { errorResponses, ref } from '../platform/http/schemas.js';
import { creditControlModes } from './credit-limit.js';
import { getCreditControl, setCreditControl } from './manage-credit-limits.service.js';

const CreditControlSchema = Type.Object(
  {
    mode: Type.String({
      enum: [...creditControlModes],
      description:
        'How a new invoice for a customer on credit hold or over its credit limit is treated: off (not checked), warn (issued, ' +
        'with warnings), block (issuing is refused; drafts are only warned about)',
    }),
  },
  { $id: 'CreditControl' },
);

export const creditControlSchemas = [CreditControlSchema];

export async function creditControlRoutes({ app, database }: RouteContext) {
  app.get(
    '/settings/credit-control',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['settings'],
        summary: "The organization's credit control",
        response: { 200: ref(CreditControlSchema), ...errorResponses },
      },
    },
    async (request) => getCreditControl(database, actorOf(request)),
  );

  app.put(
    '/settings/credit-control',
    {
      preHandler: permit(database, 'settings.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Set the credit control',
        // Checked by the service rather than by an enum, so that the API and the CLI answer alike.
        body: Type.Object(
          { mode: Type.String({ maxLength: 16, description: 'off, warn or block' }) },
          { additionalProperties: false },
        ),
        response: { 200: ref(CreditControlSchema), ...errorResponses },
      },
    },
    async (request) => setCreditControl(database, actorOf(request), request.body),
  );
}
