import { createRequire } from 'node:module';
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { parseCalendarDate } from '../../core/calendar-date.js';
import { AppError } from '../../core/errors.js';

/**
 * What every request is checked against before a route sees it: the schema's formats (a
 * calendar date must be a real day, so "2025-02-30" and "0000-00-00" are refused here rather
 * than by the database as a 500), and text that no field may hold.
 */
export const ajvOptions = {
  customOptions: {
    removeAdditional: false,
    coerceTypes: 'array',
    allErrors: false,
    formats: {
      'calendar-date': (value: string) => parseCalendarDate(value).ok,
    },
  },
} as const;

/**
 * The answers' serializer checks union branches with its own Ajv, which must know the format
 * too: only to pick the branch (the value was produced by Settle), so the shape is enough.
 */
export const serializerOptions = {
  ajv: { formats: { 'calendar-date': /^\d{4}-\d{2}-\d{2}$/ } },
} as const;

// A NUL byte cannot be stored in a PostgreSQL text column, and a lone UTF-16 surrogate is not
// text at all (it cannot be encoded as UTF-8): both would fail deep in a query.
const malformed = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findMalformed(value: unknown, path: string): string | null {
  if (typeof value === 'string') return malformed.test(value) ? path : null;
  // A file sent as bytes (a CSV import) is not text to check here; its reader checks it.
  if (ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findMalformed(item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (malformed.test(key)) return path === '' ? key : `${path}.${key}`;
      const found = findMalformed(item, path === '' ? key : `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Refuses a NUL byte or a lone surrogate anywhere in the path parameters, query or body, naming the field. */
export async function rejectMalformedText(request: FastifyRequest): Promise<void> {
  for (const part of [request.params, request.query, request.body]) {
    const field = findMalformed(part, '');
    if (field !== null) {
      throw new AppError(
        'invalid',
        'text_invalid',
        'The text holds a NUL character or a lone UTF-16 surrogate, which no field accepts.',
        field || undefined,
      );
    }
  }
}

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;

/** When a route's schemas become its validators and serializers. */
export type SchemaCompilation = 'at-start' | 'on-first-use';

/**
 * Fastify's own serializer compiler (fast-json-stringify), resolved from Fastify's directory as
 * Fastify itself loads it, so that it can be wrapped below without a dependency of Settle's own.
 */
const fastifySerializers = createRequire(import.meta.resolve('fastify'))(
  '@fastify/fast-json-stringify-compiler',
) as () => (externalSchemas: unknown, options: unknown) => (route: unknown) => Serializer;

type Serializer = (data: unknown) => string;

/**
 * The compilers of the routes' schemas. Query strings and paths are text, so their numbers and
 * lists are coerced from it ("limit=50", one "status" for a list of them); a JSON body is typed
 * already, so nothing in it is coerced. A JSON number where the API takes a decimal string, an
 * amount such as 10.5, is refused naming the field instead of being turned into "10.5" behind the
 * caller's back.
 *
 * Compiling every route's validators and serializers took most of the time `settle serve` needed
 * to answer its first request (issue #16): the server compiles each on first use, so a route
 * nobody calls costs nothing; test/integration/route-schemas-compile.test.ts compiles them all.
 */
export function schemaCompilers(compilation: SchemaCompilation): SchemaController {
  const when = compilation === 'at-start' ? <T>(compile: () => T) => compile() : undefined;
  return {
    compilersFactory: {
      buildValidator: ((
        externalSchemas: never,
        serverOptions: { customOptions: Record<string, unknown> },
      ) => {
        const build = AjvCompiler();
        const coercing = build(externalSchemas, serverOptions as never);
        const strict = build(externalSchemas, {
          ...serverOptions,
          customOptions: { ...serverOptions.customOptions, coerceTypes: false },
        } as never);
        return (route: { httpPart?: string }) => {
          const compile = () =>
            (route.httpPart === 'body'
              ? strict(route as never)
              : coercing(route as never)) as unknown as Validator;
          return when ? when(compile) : validatorOnFirstUse(compile);
        };
      }) as never,
      buildSerializer: ((externalSchemas: unknown, serializerOptions: unknown) => {
        const build = fastifySerializers()(externalSchemas, serializerOptions);
        return (route: unknown) => {
          if (when) return build(route);
          let compiled: Serializer | undefined;
          return (data: unknown) => (compiled ??= build(route))(data);
        };
      }) as never,
    },
  };
}

/** An Ajv validator as Fastify calls it: with the request as parent data, to coerce a root value. */
interface Validator {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown;
  schemaEnv?: unknown;
}

function validatorOnFirstUse(compile: () => Validator): Validator {
  let compiled: Validator | undefined;
  const validate: Validator = (data, context) => {
    compiled ??= compile();
    const result = compiled(data, context);
    validate.errors = compiled.errors;
    return result;
  };
  // Fastify passes the parent data (which lets Ajv coerce a root value) only to a function that
  // has this property, as Ajv's own functions do.
  validate.schemaEnv = true;
  return validate;
}
