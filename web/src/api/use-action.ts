import { useCallback, useRef, useState } from 'react';
import { ApiError, type SendOptions } from './client';
import { dataChanged } from './data-changed';

export type ActionState<Result> =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'failed'; readonly error: Error }
  | { readonly status: 'done'; readonly result: Result };

const newKey = (): string => crypto.randomUUID();

/**
 * Whether a failed request may have been applied by the server. An answer that refuses the
 * request (4xx other than 401) says it was not, so the corrected request is a new one with a new
 * key. Without an answer, after a 5xx, or when the session expired mid-way, it may have been: the
 * retry then carries the same key and the server applies it at most once.
 */
function mayHaveBeenApplied(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 401 || error.status >= 500;
}

/**
 * One action a form or a button performs (record a payment, issue an invoice, …). It carries an
 * Idempotency-Key made when the form opens and kept until the action succeeds, so a double click
 * or a retry after a lost answer never doubles it; after success every list on screen reloads.
 */
export function useAction<Input, Result>(
  perform: (input: Input, options: SendOptions) => Promise<Result>,
) {
  const key = useRef(newKey());
  const running = useRef(false);
  const [state, setState] = useState<ActionState<Result>>({ status: 'idle' });
  const run = useCallback(
    async (input: Input): Promise<Result | undefined> => {
      // A second click while the first is on its way is the same action, not a new one.
      if (running.current) return undefined;
      running.current = true;
      setState({ status: 'running' });
      try {
        const result = await perform(input, { idempotencyKey: key.current });
        key.current = newKey();
        setState({ status: 'done', result });
        dataChanged();
        return result;
      } catch (failure: unknown) {
        if (!mayHaveBeenApplied(failure)) key.current = newKey();
        setState({
          status: 'failed',
          error: failure instanceof Error ? failure : new Error(String(failure)),
        });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [perform],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return {
    run,
    reset,
    state,
    running: state.status === 'running',
    error: state.status === 'failed' ? state.error : undefined,
  };
}
