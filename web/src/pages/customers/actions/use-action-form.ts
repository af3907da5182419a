import type { SendOptions } from '../../../api/client';
import { useAction } from '../../../api/use-action';
import { invalidField } from '../../../components/error-alert';
import { useNotice } from '../../../components/notice';

/**
 * What an action's form does with its request: sends it once however often it is clicked
 * (useAction, so `perform` must keep its identity: useCallback), names the field the API's error
 * points at, and on success says in the page's notice what was done and closes the dialog.
 * `form` is what ActionForm needs besides its labels and onSubmit.
 */
export function useActionForm<Input, Result>({
  perform,
  done,
  close,
}: {
  perform: (input: Input, options: SendOptions) => Promise<Result>;
  /** The notice, from what the API answered. */
  done: (result: Result) => string;
  close: () => void;
}) {
  const { notify } = useNotice();
  const action = useAction(perform);
  const run = async (input: Input) => {
    const result = await action.run(input);
    if (!result) return;
    notify(done(result));
    close();
  };
  return {
    invalid: invalidField(action.error),
    submit: (input: Input) => void run(input),
    form: { close, running: action.running, error: action.error },
  };
}
