import pg from 'pg';

/**
 * One set of type parsers for PostgreSQL and PGlite alike: int8 becomes `bigint` (money must not
 * pass through a float), and `date` stays the `YYYY-MM-DD` string it is (the pg default turns it
 * into a local midnight, which shifts the day in any time zone west of UTC).
 */
const int8Oid = 20;
const dateOid = 1082;
const int8ArrayOid = 1016;

export const settleTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === int8Oid) return (value: string) => BigInt(value);
    if (oid === dateOid) return (value: string) => value;
    if (oid === int8ArrayOid) {
      const parseArray = pg.types.getTypeParser(1009 as never, 'text') as (value: string) => string[];
      return (value: string) => parseArray(value).map((item) => (item === null ? null : BigInt(item)));
    }
    return pg.types.getTypeParser(oid as never, format ?? 'text');
  },
};
