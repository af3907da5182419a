import type { CustomerList } from '../api/types';
import { useApiGet } from '../api/use-api-get';
import { Link } from '../routing';

/**
 * What a new organization sees instead of an empty report: how to bring its book in. Shown only
 * when it has no customer at all; a book with customers and nothing owed is simply all paid.
 */
export function EmptyBook() {
  const customers = useApiGet<CustomerList>('/customers', { limit: '1' });
  if (customers.state !== 'loaded' || customers.data.items.length > 0) return null;
  return (
    <section className="empty-book" aria-labelledby="empty-book-heading">
      <h2 id="empty-book-heading">Your book is empty</h2>
      <p>Settle has no customers yet. To start:</p>
      <ul>
        <li>
          import your customers, then your open invoices and payments, from CSV files on the{' '}
          <Link to="/imports">Import page</Link>, or with the command line, from the folder Settle
          runs in: <code>npx settle import customers customers.csv</code>, then{' '}
          <code>invoices</code>, <code>credit-notes</code> and <code>payments</code> (the columns
          are in the README, &ldquo;Importing and exporting CSV&rdquo;; on the embedded database,
          stop Settle while it imports);
        </li>
        <li>
          or look around a generated demo business first: stop Settle and start it again with{' '}
          <code>npm start -- --demo</code>.
        </li>
      </ul>
    </section>
  );
}
