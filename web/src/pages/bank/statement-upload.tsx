import { useCallback, useState, type FormEvent } from 'react';
import { Label, ProgressBar } from 'react-aria-components';
import { uploadFile, type SendOptions } from '../../api/client';
import type { BankAccountList, BankImportResult } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { useAction } from '../../api/use-action';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { CheckboxField, SelectField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import { ReportTable } from '../../components/report-table';
import { formatAmount } from '../../format/money';
import { Link } from '../../routing';
import { evidenceWords, MatchCustomer, MatchInvoices } from './match-summary';
import { percent } from './bank-words';

type Upload = { file: File; autoApply: boolean; bankAccountId: string };

const fieldLabels: Readonly<Record<string, string>> = {
  bank_account_id: 'Bank account',
  format: 'Statement file',
  file_name: 'Statement file',
};

const outcomeLabels: Readonly<Record<BankImportResult['lines'][number]['outcome'], string>> = {
  applied: 'Applied',
  review: 'To review',
  ignored: 'Ignored',
  duplicate: 'Duplicate',
};

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

/** "november.xml: 6 lines read, 1 applied, 5 to review, 0 ignored, 0 duplicates." */
export function importCounts(result: BankImportResult): string {
  const { counts } = result;
  const name = result.file.name ?? 'The statement';
  if (result.already_imported)
    return `${name} was imported before: nothing was added (${plural(counts.duplicate, 'duplicate')}).`;
  return `${name}: ${plural(result.file.lines, 'line')} read, ${counts.applied} applied, ${counts.review} to review, ${counts.ignored} ignored, ${plural(counts.duplicate, 'duplicate')}.`;
}

/** The counts and the file's warnings (a statement that does not add up), for the notice. */
export function importSummary(result: BankImportResult): string {
  const { warnings } = result.file;
  return warnings.length && !result.already_imported
    ? `${importCounts(result)} ${plural(warnings.length, 'warning')}: ${warnings.join(' ')}`
    : importCounts(result);
}

function Imported({ result }: { result: BankImportResult }) {
  const name = result.file.name ?? 'the statement';
  return (
    <section aria-labelledby="statement-result" className="statement-result">
      <h3 id="statement-result">What came of {name}</h3>
      <p data-testid="statement-summary">{importCounts(result)}</p>
      {result.file.warnings.length > 0 && (
        <ul className="statement-warnings" aria-label="Warnings">
          {result.file.warnings.map((warning) => (
            <li key={warning} className="warning">
              {warning}
            </li>
          ))}
        </ul>
      )}
      {result.lines.length > 0 && (
        <ReportTable
          label={`Lines of ${name}`}
          columns={['#', 'Date', { amount: 'Amount' }, 'Payer', 'Outcome', 'Customer and invoices']}
        >
          {result.lines.map((line) => {
            const best = line.proposals[0];
            return (
              <tr key={`${line.position}-${line.ref}`}>
                <td>
                  <Link
                    to={`/bank/lines/${line.id}`}
                    aria-label={`Line ${line.position}: ${line.ref}`}
                  >
                    {line.position}
                  </Link>
                </td>
                <td>{line.value_date ?? line.booking_date ?? '—'}</td>
                <td className="amount">
                  {line.direction === 'debit' ? '−' : ''}
                  {formatAmount(line.amount, line.currency)} {line.currency}
                </td>
                <td>{line.payer_name ?? '—'}</td>
                <td className="outcome-cell">
                  {outcomeLabels[line.outcome]}
                  {line.reason && <span className="muted"> · {line.reason}</span>}
                </td>
                <td className="match-cell">
                  {best ? (
                    <>
                      <MatchCustomer match={best} />: <MatchInvoices match={best} />{' '}
                      {line.outcome !== 'applied' && (
                        <span className="confidence">{percent(best.confidence)}</span>
                      )}
                      <span className="evidence-words"> · {evidenceWords(best)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </ReportTable>
      )}
    </section>
  );
}

function Progress({
  percent: sent,
  fileName,
  done,
}: {
  percent: number;
  fileName: string;
  done: boolean;
}) {
  const uploaded = sent >= 100;
  return (
    <ProgressBar
      className="statement-progress"
      value={sent}
      isIndeterminate={uploaded && !done}
      valueLabel={uploaded ? (done ? 'Done' : 'Uploaded; matching…') : `${sent} %`}
    >
      {({ percentage, valueText, isIndeterminate }) => (
        <>
          <div className="statement-progress-text">
            <Label>Uploading {fileName}</Label>
            <span>{valueText}</span>
          </div>
          <div className="statement-progress-track">
            <div
              className="statement-progress-fill"
              style={{ width: `${isIndeterminate ? 100 : (percentage ?? 0)}%` }}
            />
          </div>
        </>
      )}
    </ProgressBar>
  );
}

/**
 * A bank statement uploaded as it came from the bank: the format is read from the file (a CSV
 * needs the account whose mapping reads it); with the box ticked, the payments the matcher is sure
 * of are posted at once. Says what happened and lists the file's lines.
 */
export function StatementUpload() {
  const { notify } = useNotice();
  const accounts = useApiGet<BankAccountList>('/bank/accounts');
  const [file, setFile] = useState<File | null>(null);
  const [autoApply, setAutoApply] = useState(true);
  const [bankAccountId, setBankAccountId] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const perform = useCallback((upload: Upload, options: SendOptions) => {
    const params = new URLSearchParams({ file_name: upload.file.name });
    if (upload.autoApply) params.set('auto_apply', 'true');
    if (upload.bankAccountId) params.set('bank_account_id', upload.bankAccountId);
    if (/\.csv$/i.test(upload.file.name)) params.set('format', 'csv');
    return uploadFile<BankImportResult>(`/bank/statements?${params.toString()}`, upload.file, {
      ...options,
      contentType: 'application/octet-stream',
      onProgress: (loaded, total) =>
        setSent(total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 100),
    });
  }, []);
  const action = useAction(perform);
  const invalid = invalidField(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      return;
    }
    setSent(0);
    const result = await action.run({ file, autoApply, bankAccountId });
    setSent(100);
    if (result) notify(importSummary(result));
  };
  return (
    <section aria-labelledby="statement-upload" className="statement-upload">
      <h2 id="statement-upload">Upload a bank statement</h2>
      <form
        aria-label="Upload a bank statement"
        className="report-form"
        onSubmit={(event) => void submit(event)}
      >
        <label className="field">
          <span>Statement file (camt.053/054, MT940, BAI2, OFX or CSV)</span>
          <input
            type="file"
            name="file"
            accept=".xml,.sta,.mt940,.txt,.bai,.bai2,.ofx,.qfx,.csv"
            aria-invalid={missingFile || invalid === 'format' || undefined}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setMissingFile(false);
              setSent(null);
              action.reset();
            }}
          />
        </label>
        <SelectField
          name="bank_account_id"
          label="Bank account (needed for CSV)"
          value={bankAccountId}
          onChange={setBankAccountId}
          invalidField={invalid}
        >
          <option value="">As the file names it</option>
          {accounts.state === 'loaded' &&
            accounts.data.items.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
                {account.iban ? ` (${account.iban})` : ''}
              </option>
            ))}
        </SelectField>
        <CheckboxField
          name="auto_apply"
          label="Apply sure matches automatically"
          checked={autoApply}
          onChange={setAutoApply}
        />
        <button type="submit" disabled={action.running}>
          {action.running ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {missingFile && (
        <p role="alert" className="error">
          Choose the statement file to upload.
        </p>
      )}
      {sent !== null && file && (
        <Progress percent={sent} fileName={file.name} done={!action.running} />
      )}
      {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
      {action.state.status === 'done' && <Imported result={action.state.result} />}
    </section>
  );
}
