import { useCallback, useState, type FormEvent } from 'react';
import { Label, ProgressBar } from 'react-aria-components';
import { ApiError, uploadFile, type SendOptions } from '../../api/client';
import type { ImportResult } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ErrorAlert } from '../../components/error-alert';
import { useNotice } from '../../components/notice';
import { ReportTable } from '../../components/report-table';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { badRowsOf, importKinds, uploadPercent, type ImportKind } from './import-kinds';
import './imports.css';

type Upload = { kind: ImportKind; file: File };

/** Where each kind of record is seen once imported. */
const whereToSee: Readonly<Record<ImportKind, { to: string; label: string }>> = {
  customers: { to: '/customers', label: 'See the customers' },
  invoices: { to: '/invoices', label: 'See the invoices' },
  'credit-notes': { to: '/invoices', label: 'See the invoices' },
  payments: { to: '/payments', label: 'See the payments' },
};

function Progress({
  percent,
  fileName,
  done,
}: {
  percent: number;
  fileName: string;
  done: boolean;
}) {
  const sent = percent >= 100;
  return (
    <ProgressBar
      className="upload-progress"
      value={percent}
      isIndeterminate={sent && !done}
      valueLabel={sent ? (done ? 'Done' : 'Uploaded; checking every row…') : `${percent} %`}
    >
      {({ percentage, valueText, isIndeterminate }) => (
        <>
          <div className="upload-progress-text">
            <Label>Uploading {fileName}</Label>
            <span>{valueText}</span>
          </div>
          <div className="upload-progress-track">
            <div
              className={isIndeterminate ? 'upload-progress-fill busy' : 'upload-progress-fill'}
              style={{ width: `${isIndeterminate ? 100 : (percentage ?? 0)}%` }}
            />
          </div>
        </>
      )}
    </ProgressBar>
  );
}

function BadRows({ error }: { error: Error }) {
  const rows = error instanceof ApiError ? badRowsOf(error.details) : [];
  return (
    <>
      <ErrorAlert error={error} />
      {rows.length > 0 && (
        <ReportTable
          label="Rows to fix"
          columns={[{ amount: 'Line' }, 'Column', 'Problem', 'Code']}
        >
          {rows.map((row, index) => (
            <tr key={`${row.line}-${row.field}-${index}`}>
              <td className="amount">{row.line}</td>
              <td>{row.field}</td>
              <td className="wrap">{row.message}</td>
              <td>{row.code}</td>
            </tr>
          ))}
        </ReportTable>
      )}
    </>
  );
}

function Imported({ result }: { result: ImportResult }) {
  const counts = [
    ['Customers', result.customers],
    ['Contacts', result.contacts],
    ['Invoices', result.invoices],
    ['Credit notes', result.credit_notes],
    ['Payments', result.payments],
    ['Applications to invoices', result.applications],
  ] as const;
  const see = whereToSee[result.kind as ImportKind];
  return (
    <section aria-labelledby="import-result" className="import-result">
      <h2 id="import-result">Imported</h2>
      <p>
        {result.summary}
        {result.file_name && ` From ${result.file_name}.`}
      </p>
      <dl className="import-counts">
        {counts
          .filter(([, count]) => count > 0)
          .map(([label, count]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{count}</dd>
            </div>
          ))}
      </dl>
      {see && <Link to={see.to}>{see.label}</Link>}
    </section>
  );
}

function ImportForm() {
  const { notify } = useNotice();
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const perform = useCallback(
    (upload: Upload, options: SendOptions) =>
      uploadFile<ImportResult>(
        `/imports/${upload.kind}?file_name=${encodeURIComponent(upload.file.name)}`,
        upload.file,
        {
          ...options,
          contentType: 'text/csv',
          onProgress: (sent, total) => setPercent(uploadPercent(sent, total)),
        },
      ),
    [],
  );
  const action = useAction(perform);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      return;
    }
    setPercent(0);
    const result = await action.run({ kind, file });
    // A small file may be sent before the browser reports any progress.
    setPercent(100);
    if (result) notify(`${result.summary} From ${file.name}.`);
  };
  const chosen = importKinds.find((item) => item.kind === kind)!;
  return (
    <>
      <form aria-label="Import a CSV file" onSubmit={(event) => void submit(event)}>
        <fieldset className="import-kinds">
          <legend>What the file holds</legend>
          {importKinds.map((item) => (
            <label key={item.kind} className="field-checkbox">
              <input
                type="radio"
                name="kind"
                value={item.kind}
                checked={kind === item.kind}
                onChange={() => {
                  setKind(item.kind);
                  action.reset();
                }}
              />
              <span>{item.label}</span>
            </label>
          ))}
        </fieldset>
        <p className="import-columns" id="import-columns">
          Columns: <code>{chosen.columns}</code>. {chosen.notes} Amounts in major units such as
          1234.50, dates as YYYY-MM-DD, a header row first.
        </p>
        <label className="field import-file">
          <span>CSV file</span>
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby="import-columns"
            aria-invalid={missingFile || undefined}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setMissingFile(false);
              setPercent(null);
              action.reset();
            }}
          />
        </label>
        {missingFile && (
          <p role="alert" className="error">
            Choose the CSV file to import.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={action.running}>
            {action.running ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {percent !== null && file && (
        <Progress percent={percent} fileName={file.name} done={!action.running} />
      )}
      {action.state.status === 'failed' && <BadRows error={action.state.error} />}
      {action.state.status === 'done' && <Imported result={action.state.result} />}
    </>
  );
}

/**
 * Bringing a book in from CSV files: customers first, then invoices, credit notes and payments.
 * Each file is imported whole or not at all; a refused file lists every row to fix by its line.
 */
export function ImportsPage() {
  const can = useCan();
  return (
    <>
      <h1>Import a CSV file</h1>
      <p>
        Import customers first, then invoices, then credit notes and payments. A file with any bad
        row imports nothing, and every bad row is listed with its line number. The same files import
        with <code>npx settle import</code> and come out of <code>settle export</code>.
      </p>
      {can('imports.run') ? (
        <ImportForm />
      ) : (
        <p>
          Your role may not import files. <Link to="/payments">Back to the payments.</Link>
        </p>
      )}
    </>
  );
}
