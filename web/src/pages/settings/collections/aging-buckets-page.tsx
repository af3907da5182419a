import { useCallback, useState, type FormEvent } from 'react';
import { sendJson, type SendOptions } from '../../../api/client';
import type { AgingBuckets } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { useApiGet } from '../../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { useNotice } from '../../../components/notice';
import { useCan } from '../../../permissions';
import { Link } from '../../../routing';
import { defaultAgingBucketBounds, type AgingBasis } from '../../../../../src/reports/aging';
import { bucketName, boundsMax, checkBounds, nextBound } from './aging-bounds';
import './settings-collections.css';

const bases: readonly { basis: AgingBasis; title: string; explanation: string }[] = [
  {
    basis: 'due',
    title: 'Days past due',
    explanation:
      'The first bound is 0: Current is what is not yet due. Each bound is the last day of its bucket.',
  },
  {
    basis: 'issue',
    title: 'Days since issue',
    explanation: 'Each bound is the last day of its bucket, counted from the issue date.',
  },
];

function BoundsFieldset({
  basis,
  title,
  explanation,
  texts,
  editable,
  apiInvalid,
  onChange,
}: {
  basis: AgingBasis;
  title: string;
  explanation: string;
  texts: readonly string[];
  editable: boolean;
  apiInvalid: string | undefined;
  onChange: (texts: string[]) => void;
}) {
  const check = checkBounds(texts, basis);
  const problemId = `${basis}-bounds-problem`;
  return (
    <fieldset>
      <legend>{title}</legend>
      <p className="muted">{explanation}</p>
      <ol className="bound-list">
        {texts.map((text, index) => {
          const invalid =
            (!check.ok && check.index === index) || apiInvalid === `${basis}[${index}]`;
          return (
            <li key={index}>
              <label className="field">
                <span>
                  Bound {index + 1} (days{index === 0 && basis === 'due' ? ', Current' : ''})
                </span>
                <input
                  name={`${basis}[${index}]`}
                  value={text}
                  inputMode="numeric"
                  size={6}
                  readOnly={!editable}
                  onChange={(event) =>
                    onChange(texts.map((other, at) => (at === index ? event.target.value : other)))
                  }
                  aria-invalid={invalid || undefined}
                  aria-describedby={invalid ? problemId : undefined}
                />
              </label>
              {editable && texts.length > 1 && (
                <button
                  type="button"
                  className="remove-bound"
                  onClick={() => onChange(texts.filter((_, at) => at !== index))}
                >
                  Remove bound {index + 1}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {editable && (
        <p>
          <button
            type="button"
            disabled={texts.length >= boundsMax}
            onClick={() => onChange([...texts, nextBound(texts)])}
          >
            Add a bound ({title.toLowerCase()})
          </button>{' '}
          <button
            type="button"
            onClick={() => onChange(defaultAgingBucketBounds[basis].map(String))}
          >
            Use Settle&rsquo;s buckets ({title.toLowerCase()})
          </button>
        </p>
      )}
      {check.ok ? (
        <p>
          Columns: <strong>{check.buckets.map(bucketName).join(' · ')}</strong>
        </p>
      ) : (
        <p id={problemId} className="field-hint" role="alert">
          {check.index !== null ? `Bound ${check.index + 1}: ` : ''}
          {check.message}
        </p>
      )}
    </fieldset>
  );
}

function BucketsForm({ current, editable }: { current: AgingBuckets; editable: boolean }) {
  const { notify } = useNotice();
  const [due, setDue] = useState(() => current.bounds.due.map(String));
  const [issue, setIssue] = useState(() => current.bounds.issue.map(String));
  const save = useAction(
    useCallback(
      (input: { due: number[]; issue: number[] }, options: SendOptions) =>
        sendJson<AgingBuckets>('PUT', '/settings/aging-buckets', input, options),
      [],
    ),
  );
  const dueCheck = checkBounds(due, 'due');
  const issueCheck = checkBounds(issue, 'issue');
  const changed =
    due.join(',') !== current.bounds.due.join(',') ||
    issue.join(',') !== current.bounds.issue.join(',');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!dueCheck.ok || !issueCheck.ok) return;
    const saved = await save.run({ due: dueCheck.bounds, issue: issueCheck.bounds });
    if (saved)
      notify(
        `Aging buckets saved: ${saved.buckets.due.map((bucket) => bucket.label).join(', ')} past due; ${saved.buckets.issue.map((bucket) => bucket.label).join(', ')} since issue.`,
      );
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Aging buckets">
      {bases.map(({ basis, title, explanation }) => (
        <BoundsFieldset
          key={basis}
          basis={basis}
          title={title}
          explanation={explanation}
          texts={basis === 'due' ? due : issue}
          editable={editable}
          apiInvalid={invalidField(save.error)}
          onChange={basis === 'due' ? setDue : setIssue}
        />
      ))}
      {save.error && <ErrorAlert error={save.error} />}
      {editable && (
        <p>
          <button
            type="submit"
            disabled={!changed || !dueCheck.ok || !issueCheck.ok || save.running}
          >
            {save.running ? 'Saving…' : 'Save aging buckets'}
          </button>
        </p>
      )}
    </form>
  );
}

/**
 * The columns of the aging: the organization's buckets for each basis, edited as their upper
 * bounds in days and checked as they are typed by the rules the API applies.
 */
export function AgingBucketsPage() {
  const can = useCan();
  const buckets = useApiGet<AgingBuckets>('/settings/aging-buckets');
  return (
    <>
      <h1>Aging buckets</h1>
      <p className="page-intro">
        How the <Link to="/aging">aging</Link> groups what is owed: on screen, in its CSV and PDF,
        for any date.
      </p>
      {buckets.state === 'loading' && <Loading what="the aging buckets" />}
      {buckets.state === 'failed' && <ErrorAlert error={buckets.error} />}
      {buckets.state === 'loaded' && (
        <BucketsForm
          key={JSON.stringify(buckets.data.bounds)}
          current={buckets.data}
          editable={can('settings.manage')}
        />
      )}
    </>
  );
}
