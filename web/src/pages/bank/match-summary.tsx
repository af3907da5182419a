import type { BankLine, BankMatch, BankProposal } from '../../api/types';
import { Link } from '../../routing';
import { evidenceLabel, flagLabel, percent } from './bank-words';

type Proposal = BankMatch | BankProposal;

/** A customer named "Name (REF)", linked to its page. */
export function MatchCustomer({ match }: { match: Proposal }) {
  const name = match.customer_name
    ? `${match.customer_name}${match.customer_ref ? ` (${match.customer_ref})` : ''}`
    : (match.customer_ref ?? 'Customer');
  return <Link to={`/customers/${match.customer_id}`}>{name}</Link>;
}

/** The invoices a match pays, each linked to its page. */
export function MatchInvoices({ match }: { match: Proposal }) {
  if (match.flags.includes('reverse_payment'))
    return 'payment_id' in match && match.payment_id ? (
      <Link to={`/payments/${match.payment_id}`}>reverse its payment</Link>
    ) : (
      <>reverse its payment</>
    );
  if (match.allocations.length === 0) return <>all as credit</>;
  return (
    <>
      {match.allocations.map((allocation, index) => (
        <span key={allocation.invoice_id}>
          {index > 0 && ', '}
          <Link to={`/invoices/${allocation.invoice_id}`}>
            {allocation.invoice_number ?? 'invoice'}
          </Link>
        </span>
      ))}
    </>
  );
}

/** The kinds of evidence, in words: "invoice number in the text, amount fits". */
export function evidenceWords(match: Proposal): string {
  return [...new Set(match.evidence.map((item) => evidenceLabel(item.kind)))].join(', ');
}

export function flagWords(match: Proposal): string {
  return match.flags.map(flagLabel).join(', ');
}

/** The applied match of a line, if any. */
export function appliedMatch(line: BankLine): BankMatch | undefined {
  return line.matches.find((match) => match.state === 'applied');
}

/** The proposals still open, best first. */
export function proposalsOf(line: BankLine): BankMatch[] {
  return line.matches.filter((match) => match.state === 'proposed').sort((a, b) => a.rank - b.rank);
}

/** A queue row's last cell: what was applied, or the best proposal with its confidence. */
export function MatchCell({ line }: { line: BankLine }) {
  const applied = appliedMatch(line);
  if (applied) {
    return (
      <>
        <span className="match-state applied">Applied</span> <MatchCustomer match={applied} />:{' '}
        <MatchInvoices match={applied} />
        <span className="match-by">
          {' '}
          ·{' '}
          {applied.basis === 'person' ? `by ${applied.applied_by ?? 'a person'}` : 'by the matcher'}
        </span>
      </>
    );
  }
  const best = proposalsOf(line)[0];
  if (!best) return <span className="muted">No proposal</span>;
  const flags = flagWords(best);
  return (
    <>
      <MatchCustomer match={best} />: <MatchInvoices match={best} />{' '}
      <span className="confidence">{percent(best.confidence)}</span>
      <span className="evidence-words">
        {' '}
        · {evidenceWords(best) || 'no evidence'}
        {flags && ` · ${flags}`}
      </span>
    </>
  );
}
