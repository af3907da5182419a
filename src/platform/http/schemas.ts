import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Shared API schemas. Each has an $id so that the OpenAPI document names it as a component.
 * Amounts travel as decimal strings in major units ("1234.50"), always beside their currency;
 * calendar dates as YYYY-MM-DD strings.
 */
export const Amount = Type.String({
  $id: 'Amount',
  pattern: '^-?[0-9]{1,22}(\\.[0-9]{1,4})?$',
  description: 'Decimal string in major units',
  examples: ['1234.50'],
});
export const CalendarDateSchema = Type.String({
  $id: 'CalendarDate',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  format: 'calendar-date',
  description: 'A calendar date, YYYY-MM-DD',
  examples: ['2026-11-23'],
});
export const Id = Type.String({ $id: 'Id', format: 'uuid', description: 'A UUIDv7' });
export const Currency = Type.String({
  $id: 'Currency',
  pattern: '^[A-Za-z]{3}$',
  description: 'ISO 4217 code',
  examples: ['EUR'],
});

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: 'Stable machine code, e.g. application_exceeds_open_balance',
      }),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'The request field the error is about' })),
      details: Type.Optional(Type.Array(Type.Any())),
    }),
  },
  { $id: 'Error' },
);

export const sharedSchemas = [Amount, CalendarDateSchema, Id, Currency, ErrorBody];

export const ref = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });

export const errorResponses = {
  400: ref(ErrorBody),
  401: ref(ErrorBody),
  403: ref(ErrorBody),
  404: ref(ErrorBody),
  409: ref(ErrorBody),
};

export const IdParams = Type.Object({ id: ref(Id) });

export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, description: 'Page size (default 50)' }),
  ),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
};

export function pageOf<T extends TSchema>(item: T, id: string) {
  return Type.Object(
    { items: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) },
    { $id: id },
  );
}

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Retry-safe key: a replay returns the first result',
    }),
  ),
});

/** "-due_on" → { key: 'due_on', descending: true }, checked against the allowed keys. */
export function SortQuery(keys: readonly string[]) {
  return Type.Optional(
    Type.String({
      pattern: `^-?(${keys.join('|')})$`,
      description: `One of ${keys.join(', ')}; prefix - for descending`,
    }),
  );
}
