import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Database } from '../db/database.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What route plugins get: the app (typed for TypeBox) and the database. */
export interface RouteContext {
  readonly app: App;
  readonly database: Database;
}

/** Parses "-due_on" into a sort key and direction; the schema has already checked the key. */
export function parseSort(
  sort: string | undefined,
  fallback: string,
): { key: string; descending: boolean } {
  const value = sort ?? fallback;
  return value.startsWith('-')
    ? { key: value.slice(1), descending: true }
    : { key: value, descending: false };
}
