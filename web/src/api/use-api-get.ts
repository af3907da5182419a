import { useEffect, useState, useSyncExternalStore } from 'react';
import { getJson, type QueryParams } from './client';
import { dataVersion, subscribeDataChanged } from './data-changed';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: Error }
  | { readonly state: 'loaded'; readonly data: T };

const loading = { state: 'loading' } as const;

/**
 * GETs an API resource and reloads it whenever the path or the parameters change. An answer is
 * kept with the request it answers, so that the moment the address changes the old report is no
 * longer shown under the new parameters, and a request overtaken by a newer one is aborted.
 */
export function useApiGet<T>(path: string, params: QueryParams = {}): Loaded<T> {
  // Compared by value: callers build a new parameters object on every render.
  const paramsText = JSON.stringify(params);
  const key = `${path}?${paramsText}`;
  const version = useSyncExternalStore(subscribeDataChanged, dataVersion);
  const [answer, setAnswer] = useState<{ key: string; loaded: Loaded<T> } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getJson<T>(path, JSON.parse(paramsText) as QueryParams, controller.signal).then(
      (data) => setAnswer({ key, loaded: { state: 'loaded', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setAnswer({
          key,
          loaded: {
            state: 'failed',
            error: error instanceof Error ? error : new Error(String(error)),
          },
        });
      },
    );
    return () => controller.abort();
  }, [path, paramsText, key, version]);
  return answer?.key === key ? answer.loaded : loading;
}
