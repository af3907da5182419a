import { Type } from '@sinclair/typebox';
import { actorOf, permit } from '../auth/permit.routes.js';
import type { RouteContext } from '../platform/http/app.js';
import { errorResponses, ref } from '../platform/http/schemas.js';
import { searchBook, searchLimitMax } from './search-book.service.js';
import { SearchResultsSchema, searchResultsView } from './search.view.js';

export async function searchRoutes({ app, database }: RouteContext) {
  app.get(
    '/search',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['reports'],
        summary: 'Find customers and invoices by the start of a name, reference or number',
        description:
          'Customers whose name or reference, and issued invoices whose number, start with `q` (any case); ' +
          `at most \`limit\` of each (default 8, at most ${searchLimitMax}).`,
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 200 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: searchLimitMax, default: 8 })),
        }),
        response: { 200: ref(SearchResultsSchema), ...errorResponses },
      },
    },
    async (request) =>
      searchResultsView(
        await searchBook(database, actorOf(request), request.query.q, request.query.limit ?? 8),
      ),
  );
}

export const searchSchemas = [SearchResultsSchema];
