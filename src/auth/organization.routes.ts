import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../platform/http/app.js';
import { CalendarDateSchema, errorResponses, Id, ref } from '../platform/http/schemas.js';
import { getOrganizationSettings } from '../organizations/get-organization.service.js';
import { updateOrganization } from '../organizations/update-organization.service.js';
import { organizationView } from '../organizations/organization.view.js';
import { actorOf, permit } from './permit.routes.js';

// The organization's routes live with auth, not in organizations: they need `permit`, and auth
// sits after organizations on their floor.

const OrganizationSchema = Type.Object(
  {
    id: ref(Id),
    slug: Type.String({ description: 'Names the organization at sign-in and in the CLI (--org)' }),
    name: Type.String(),
    base_currency: Type.String({
      description: 'ISO 4217; fixed once the organization exists',
    }),
    time_zone: Type.String({
      description: 'IANA time zone: where "today" is for document dates and the daily run',
    }),
    created_at: Type.String({ format: 'date-time' }),
    // Today in the organization's time zone: the date documents and runs default to.
    today: ref(CalendarDateSchema),
  },
  { $id: 'Organization' },
);

export async function organizationRoutes({ app, database }: RouteContext) {
  const manage = permit(database, 'settings.manage');

  app.get(
    '/organization',
    {
      // Every role may read its organization's name, currency, time zone and today.
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['settings'],
        summary: "The caller's organization: name, base currency, time zone and today there",
        response: { 200: ref(OrganizationSchema), ...errorResponses },
      },
    },
    async (request) => organizationView(await getOrganizationSettings(database, actorOf(request))),
  );

  app.patch(
    '/organization',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary: 'Rename the organization or change its time zone (fields left out stay)',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 2000 })),
            time_zone: Type.Optional(
              Type.String({ maxLength: 100, description: 'e.g. Europe/Paris' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(OrganizationSchema), ...errorResponses },
      },
    },
    async (request) =>
      organizationView(
        await updateOrganization(database, actorOf(request), {
          name: request.body.name,
          timeZone: request.body.time_zone,
        }),
      ),
  );
}

export const organizationSchemas = [OrganizationSchema];
