import { now } from '../../core/clock.js';
import type { Database } from '../db/database.js';
import { countHit, deleteStaleCounters, readHits } from './rate-limit.sql.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Old windows are swept now and then rather than on every hit. */
const sweepEveryHits = 200;
const sweepAfterMs = 24 * 60 * 60 * 1000;

/**
 * A store for @fastify/rate-limit that keeps its counters in the database, so that the login
 * limit holds across every server process on one PostgreSQL (and costs nothing more on PGlite,
 * where one process owns the data). The plugin makes it with `new`, hence a class per database.
 */
export function databaseRateLimitStore(database: Database) {
  let hits = 0;
  return class DatabaseRateLimitStore {
    /** Each limited route counts apart: its method and URL prefix the client's key. */
    readonly prefix: string;

    constructor(options?: { routeInfo?: { method?: string | string[]; url?: string } }) {
      const route = options?.routeInfo;
      this.prefix = route?.url ? `${[route.method].flat().join(',')} ${route.url}|` : '';
    }

    incr(client: string, callback: Callback, timeWindow: number): void {
      const key = this.prefix + client;
      const at = now();
      hits += 1;
      const sweep =
        hits % sweepEveryHits === 0
          ? deleteStaleCounters(database.db, new Date(at.getTime() - sweepAfterMs))
          : Promise.resolve();
      sweep
        .then(() => countHit(database.db, key, at, timeWindow))
        .then(({ count, windowStartedAt }) =>
          callback(null, {
            current: count,
            ttl: Math.max(0, windowStartedAt.getTime() + timeWindow - at.getTime()),
          }),
        )
        .catch((error: Error) => callback(error));
    }

    read(client: string, callback: Callback, timeWindow: number): void {
      const key = this.prefix + client;
      const at = now();
      readHits(database.db, key)
        .then((state) => {
          if (state === undefined || state.windowStartedAt.getTime() + timeWindow <= at.getTime())
            return callback(null, { current: 0, ttl: 0 });
          return callback(null, {
            current: state.count,
            ttl: state.windowStartedAt.getTime() + timeWindow - at.getTime(),
          });
        })
        .catch((error: Error) => callback(error));
    }

    child(options: {
      routeInfo?: { method?: string | string[]; url?: string };
    }): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(options);
    }
  };
}
