import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../api/client';
import type { CollectionsRun } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { useCan } from '../../permissions';
import { CollectionsNav } from './collections-nav';
import { LetterLink } from './letter-link';

function messagesText(run: CollectionsRun): string {
  return `${run.messages_queued} message${run.messages_queued === 1 ? '' : 's'} queued`;
}

function ActionsTable({ run, caption }: { run: CollectionsRun; caption: string }) {
  if (run.actions.length === 0) return <p>No invoice reaches a step.</p>;
  return (
    <TableScroll label={caption}>
      <table className="report">
        <caption>{caption}</caption>
        <ColumnHeaders columns={['Customer', 'Step', 'Action', 'Invoices']} />
        <tbody>
          {run.actions.map((action) => (
            <tr key={`${action.customer_ref}-${action.step}`}>
              <th scope="row">{action.customer_ref}</th>
              <td>{action.step}</td>
              <td>{action.action.replace(/_/g, ' ')}</td>
              <td className="wrap">{action.invoices.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function RunResult({ run }: { run: CollectionsRun }) {
  return (
    <section aria-labelledby="run-result-heading" className="run-result">
      <h2 id="run-result-heading">What the run of {run.run_on} did</h2>
      <p>
        {run.description}; {messagesText(run)}.
      </p>
      {run.letters.length > 0 && (
        <>
          <h3>Letters to print and post</h3>
          <ul className="report-list">
            {run.letters.map((letter) => (
              <li key={letter.task_id}>
                <LetterLink taskId={letter.task_id} customerName={letter.customer_name} />
              </li>
            ))}
          </ul>
        </>
      )}
      <ActionsTable run={run} caption="What the run did" />
    </section>
  );
}

function RunNow({
  preview,
  onRun,
}: {
  preview: CollectionsRun;
  onRun: (run: CollectionsRun) => void;
}) {
  const { notify } = useNotice();
  const action = useAction(
    useCallback(
      (_: void, options: SendOptions) => postJson<CollectionsRun>('/collections/runs', {}, options),
      [],
    ),
  );
  return (
    <ActionDialog label="Run collections now" title="Run today’s collections?">
      {(close) => (
        <>
          <p>
            Today’s run will do this: {preview.description}. Its e-mails go out at once, and a step
            done today is not done again.
          </p>
          {action.error && <ErrorAlert error={action.error} />}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={close}>
              Not now
            </button>
            <button
              type="button"
              disabled={action.running}
              onClick={async () => {
                const run = await action.run();
                if (!run) return;
                const letters =
                  run.letters.length > 0
                    ? `, ${run.letters.length} letter${run.letters.length === 1 ? '' : 's'} to post`
                    : '';
                notify(
                  `Collections run for ${run.run_on} done: ${run.description}; ${messagesText(run)}${letters}.`,
                );
                onRun(run);
                close();
              }}
            >
              Run now
            </button>
          </div>
        </>
      )}
    </ActionDialog>
  );
}

/**
 * The day's collections run: what it would do today, and for those who manage collections the
 * run itself, with the letters it wrote to download, print and post.
 */
export function RunPage() {
  const canManage = useCan()('collections.manage');
  const preview = useApiGet<CollectionsRun>('/collections/preview');
  const [lastRun, setLastRun] = useState<CollectionsRun | null>(null);
  return (
    <>
      <CollectionsNav />
      <h1>Collections run</h1>
      <p>
        Settle runs the collections once a day by itself. Here you see what today’s run would do now
        {canManage ? ', and can run it at once (steps already done today are not done again)' : ''}.
      </p>
      {lastRun && <RunResult run={lastRun} />}
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Today’s run, previewed</h2>
        {preview.state === 'loading' && <Loading what="the preview" />}
        {preview.state === 'failed' && <ErrorAlert error={preview.error} />}
        {preview.state === 'loaded' && (
          <>
            <p>
              On {preview.data.run_on}: {preview.data.description}.
            </p>
            {canManage && preview.data.actions.length > 0 && (
              <RunNow preview={preview.data} onRun={setLastRun} />
            )}
            <ActionsTable run={preview.data} caption="What today’s run would do" />
          </>
        )}
      </section>
    </>
  );
}
