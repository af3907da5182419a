import { useEffect, useRef } from 'react';
import type { BankLine, BankMatch } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { ReportTable } from '../../components/report-table';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { basisLabel, evidenceLabel, flagLabel, percent, stateLabels } from './bank-words';
import {
  ApplyProposalButton,
  ReversePaymentButton,
  lineHeadingId,
  CreditDialog,
  ReturnButton,
  SetAsideDialog,
  SplitDialog,
  UndoDialog,
} from './line-actions';
import { RematchDialog } from './rematch';
import { appliedMatch, MatchCustomer, MatchInvoices, proposalsOf } from './match-summary';
import '../payments/payments.css';
import './bank.css';

const money = (line: BankLine, amount: string) =>
  `${formatAmount(amount, line.currency)} ${line.currency}`;

function LineFacts({ line }: { line: BankLine }) {
  const references = Object.entries(line.references);
  return (
    <dl className="facts line-facts">
      <dt>State</dt>
      <dd data-testid="line-state">{stateLabels[line.state]}</dd>
      <dt>Amount</dt>
      <dd>
        {line.direction === 'debit' ? 'Paid out ' : ''}
        {money(line, line.amount)}
        {line.reversal ? ' (a reversal)' : ''}
      </dd>
      <dt>Booked on</dt>
      <dd>{line.booking_date ?? '—'}</dd>
      <dt>Value date</dt>
      <dd>{line.value_date ?? '—'}</dd>
      <dt>Status at the bank</dt>
      <dd>{line.status}</dd>
      <dt>Payer</dt>
      <dd>{line.payer_name ?? '—'}</dd>
      <dt>Payer’s account</dt>
      <dd>
        {line.payer_account ?? '—'}
        {line.payer_bic ? ` (BIC ${line.payer_bic})` : ''}
      </dd>
      <dt>Bank reference</dt>
      <dd>{line.ref}</dd>
      {references.length > 0 && (
        <>
          <dt>References</dt>
          <dd>
            {references.map(([name, value]) => (
              <div key={name}>
                <span className="muted">{name}:</span> {value}
              </div>
            ))}
          </dd>
        </>
      )}
      <dt>Structured creditor references</dt>
      <dd>
        {line.creditor_references.length === 0
          ? '—'
          : line.creditor_references.map((item) => (
              <div key={item.reference}>
                {item.reference}
                {item.type ? <span className="muted"> ({item.type})</span> : null}
              </div>
            ))}
      </dd>
      <dt>Remittance text</dt>
      <dd className="remittance">
        {line.remittance_text.length === 0
          ? '—'
          : line.remittance_text.map((text, index) => <div key={index}>{text}</div>)}
      </dd>
      {line.additional_info && (
        <>
          <dt>Additional information</dt>
          <dd>{line.additional_info}</dd>
        </>
      )}
      {line.transaction_code && (
        <>
          <dt>Transaction code</dt>
          <dd>{line.transaction_code}</dd>
        </>
      )}
      <dt>Bank account</dt>
      <dd>{line.account_name}</dd>
      <dt>File</dt>
      <dd>
        <Link
          to={`/bank?state=${line.state}&file_id=${encodeURIComponent(line.file_id)}`}
          aria-label={`${line.file_name ?? 'unnamed file'}: its lines in the queue`}
        >
          {line.file_name ?? 'unnamed file'}
        </Link>
        <span className="muted">
          {' '}
          ({line.file_format}, line {line.position}, imported {line.imported_at.slice(0, 10)})
        </span>
      </dd>
    </dl>
  );
}

function Evidence({ match, label }: { match: BankMatch; label: string }) {
  return (
    <ReportTable label={label} columns={['Evidence', 'Detail', { amount: 'Weight' }]}>
      {match.evidence.map((item, index) => (
        <tr key={`${item.kind}-${index}`}>
          <td>{evidenceLabel(item.kind)}</td>
          <td className="wrap">{item.detail}</td>
          <td className="amount">{percent(item.weight)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

function Allocations({ line, match, label }: { line: BankLine; match: BankMatch; label: string }) {
  return (
    <ReportTable label={label} columns={['Invoice', { amount: `Amount (${line.currency})` }]}>
      {match.allocations.map((allocation) => (
        <tr key={allocation.invoice_id}>
          <td>
            <Link to={`/invoices/${allocation.invoice_id}`}>
              {allocation.invoice_number ?? 'invoice'}
            </Link>
            {allocation.take_discount ? <span className="muted"> (with its discount)</span> : null}
          </td>
          <td className="amount">{formatAmount(allocation.amount, line.currency)}</td>
        </tr>
      ))}
      <tr>
        <td>Unapplied credit</td>
        <td className="amount">{formatAmount(match.unapplied, line.currency)}</td>
      </tr>
    </ReportTable>
  );
}

const whoLabel = (match: BankMatch) => match.customer_name ?? match.customer_ref ?? 'the customer';

function AppliedSection({
  line,
  applied,
  canPost,
}: {
  line: BankLine;
  applied: BankMatch;
  canPost: boolean;
}) {
  return (
    <section aria-labelledby="applied-heading" className="applied-match">
      <h2 id="applied-heading">Applied</h2>
      <p data-testid="applied-by">
        Applied to <MatchCustomer match={applied} />{' '}
        {applied.basis === 'person'
          ? `by ${applied.applied_by ?? 'a person'}`
          : `by the matcher (${basisLabel(applied.basis)}, ${percent(applied.confidence)} sure${applied.applied_by ? `, run by ${applied.applied_by}` : ''})`}{' '}
        on {applied.created_at.slice(0, 10)}.{' '}
        {applied.payment_id && <Link to={`/payments/${applied.payment_id}`}>See the payment</Link>}
      </p>
      <Allocations line={line} match={applied} label={`Applied to ${whoLabel(applied)}`} />
      <Evidence match={applied} label="Evidence of the applied match" />
      {canPost && (
        <div className="line-actions">
          <UndoDialog line={line} applied={applied} />
        </div>
      )}
    </section>
  );
}

function ProposalCard({
  line,
  proposal,
  index,
  canPost,
}: {
  line: BankLine;
  proposal: BankMatch;
  index: number;
  canPost: boolean;
}) {
  const who = whoLabel(proposal);
  const headingId = `proposal-${proposal.id}`;
  return (
    <article className="proposal" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {index + 1}. {who}: <span className="confidence">{percent(proposal.confidence)}</span>
      </h3>
      <p>
        <MatchCustomer match={proposal} /> · <MatchInvoices match={proposal} /> · resting on{' '}
        {basisLabel(proposal.basis)}
        {proposal.flags.length > 0 && (
          <span className="warning"> · {proposal.flags.map(flagLabel).join(', ')}</span>
        )}
      </p>
      {proposal.allocations.length > 0 && (
        <Allocations line={line} match={proposal} label={`Proposal ${index + 1}: ${who}`} />
      )}
      {proposal.evidence.length > 0 && (
        <Evidence match={proposal} label={`Evidence of proposal ${index + 1}`} />
      )}
      {canPost &&
        (proposal.flags.includes('reverse_payment') ? (
          <ReversePaymentButton line={line} proposal={proposal} />
        ) : (
          <ApplyProposalButton line={line} proposal={proposal} best={index === 0} />
        ))}
    </article>
  );
}

function UndoneHistory({ line }: { line: BankLine }) {
  const undone = line.matches.filter((match) => match.state === 'undone');
  if (undone.length === 0) return null;
  return (
    <section aria-labelledby="undone-heading">
      <h2 id="undone-heading">Undone</h2>
      <ReportTable
        label="Matches undone"
        columns={[
          'Customer',
          'Invoices',
          'Applied by',
          'Undone',
          { amount: `Unapplied (${line.currency})` },
        ]}
      >
        {undone.map((match) => (
          <tr key={match.id}>
            <td>
              <MatchCustomer match={match} />
            </td>
            <td>
              <MatchInvoices match={match} />
            </td>
            <td>{match.basis === 'person' ? (match.applied_by ?? 'a person') : 'the matcher'}</td>
            <td>
              {match.undone_at?.slice(0, 10) ?? '—'}
              {match.undone_by && ` by ${match.undone_by}`}
              {match.undo_reason && `: ${match.undo_reason}`}
            </td>
            <td className="amount">{formatAmount(match.unapplied, line.currency)}</td>
          </tr>
        ))}
      </ReportTable>
    </section>
  );
}

function LineView({ line }: { line: BankLine }) {
  const can = useCan();
  const canPost = can('payments.post');
  const applied = appliedMatch(line);
  const proposals = proposalsOf(line);
  const open = line.state === 'review' || line.state === 'unmatched';
  const customerId = proposals[0]?.customer_id ?? '';
  const heading = `${money(line, line.amount)} from ${line.payer_name ?? 'an unnamed payer'}`;
  // A decision made in a dialog changes the line's state, and the button that opened the dialog
  // (where the focus went back) goes away with it: the focus goes to the heading, not the page.
  const shownState = useRef(line.state);
  useEffect(() => {
    if (shownState.current === line.state) return;
    shownState.current = line.state;
    const focused = document.activeElement;
    if (!focused || focused === document.body) document.getElementById(lineHeadingId)?.focus();
  }, [line.state]);
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/bank">Cash application</Link> › Bank line {line.ref}
      </p>
      {/* Takes the focus when a one-click decision removes the button that had it. */}
      <h1 id={lineHeadingId} tabIndex={-1}>
        {heading}
      </h1>
      <LineFacts line={line} />
      {applied && <AppliedSection line={line} applied={applied} canPost={canPost} />}
      {open && (
        <section aria-labelledby="proposals-heading">
          <h2 id="proposals-heading">Proposals</h2>
          {proposals.length === 0 ? (
            <>
              <p>
                The matcher has no proposal for this line: split it, keep it as a customer’s credit,
                or set it aside
                {line.matches.some((match) => match.state === 'undone')
                  ? '; or match it again, now that the undone match is ruled out'
                  : ''}
                .
              </p>
              {canPost && <RematchDialog />}
            </>
          ) : (
            proposals.map((proposal, index) => (
              <ProposalCard
                key={proposal.id}
                line={line}
                proposal={proposal}
                index={index}
                canPost={canPost}
              />
            ))
          )}
          {canPost && line.direction === 'credit' && (
            <div className="line-actions" role="group" aria-label="Other decisions">
              <SplitDialog line={line} customerId={customerId} />
              <CreditDialog line={line} customerId={customerId} />
              <SetAsideDialog line={line} />
            </div>
          )}
        </section>
      )}
      {line.state === 'ignored' && (
        <section aria-labelledby="aside-heading">
          <h2 id="aside-heading">Set aside</h2>
          <p>
            {line.direction === 'credit' && line.status === 'booked'
              ? `This line was set aside${line.aside_reason ? ` (${line.aside_reason})` : ''}: nothing is posted for it and the matcher leaves it alone.`
              : 'Money out, pending or informational lines are kept but never matched.'}
          </p>
          {canPost && line.direction === 'credit' && line.status === 'booked' && (
            <ReturnButton line={line} />
          )}
        </section>
      )}
      <UndoneHistory line={line} />
    </>
  );
}

/** One bank line: what the bank said, what was applied, the proposals and a person's decisions. */
export function BankLinePage({ id }: { id: string }) {
  const line = useApiGet<BankLine>(`/bank/lines/${encodeURIComponent(id)}`);
  if (line.state === 'loading') return <Loading what="the bank line" />;
  if (line.state === 'failed')
    return (
      <>
        <h1>Bank line</h1>
        <ErrorAlert error={line.error} />
      </>
    );
  return <LineView line={line.data} />;
}
