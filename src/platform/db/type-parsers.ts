import pg from 'pg';

/**
 * One set of type parsers for PostgreSQL and PGlite alike: int8 becomes `bigint` (money must not
 * pass through a float), and `date` stays the `YYYY-MM-DD` string it is (the pg default turns it
 * into a local midnight, which shifts the day in any time zone west of UTC).
 *
 * Reports sum money in `numeric`, never `int8`: PostgreSQL's sum(int8) is numeric, and a cast back
 * to int8 would overflow on a book whose totals pass 9.2 × 10^18 minor units, breaking the report
 * for good. An integral numeric (a sum of minor units) becomes `bigint`, which has no bound;
 * a numeric with decimals (a quantity, a tax rate, a goal's target) stays the exact string it is.
 */
const int8Oid = 20;
const numericOid = 1700;
const integral = /^-?\d+$/;
const dateOid = 1082;
const int8ArrayOid = 1016;

export const settleTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === int8Oid) return (value: string) => BigInt(value);
    if (oid === dateOid) return (value: string) => value;
    if (oid === numericOid)
      return (value: string) => (integral.test(value) ? BigInt(value) : value);
    if (oid === int8ArrayOid) {
      const parseArray = pg.types.getTypeParser(1009 as never, 'text') as (
        value: string,
      ) => string[];
      return (value: string) =>
        parseArray(value).map((item) => (item === null ? null : BigInt(item)));
    }
    return pg.types.getTypeParser(oid as never, format ?? 'text');
  },
};
