import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import { Amount, Currency, Id, ref } from '../platform/http/schemas.js';
import type { searchBook } from './search-book.service.js';

export const SearchResultsSchema = Type.Object(
  {
    customers: Type.Array(
      Type.Object({
        id: ref(Id),
        ref: Type.String(),
        name: Type.String(),
        currency: ref(Currency),
      }),
      { description: 'By name' },
    ),
    invoices: Type.Array(
      Type.Object({
        id: ref(Id),
        number: Type.String(),
        customer_id: ref(Id),
        customer_name: Type.String(),
        currency: ref(Currency),
        status: Type.String(),
        open: ref(Amount),
      }),
      { description: 'Issued invoices, by number' },
    ),
  },
  { $id: 'SearchResults' },
);

export function searchResultsView(results: Awaited<ReturnType<typeof searchBook>>) {
  return {
    customers: results.customers.map((customer) => ({
      id: customer.id,
      ref: customer.ref,
      name: customer.name,
      currency: customer.currency,
    })),
    invoices: results.invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number ?? '',
      customer_id: invoice.customer_id,
      customer_name: invoice.customer_name,
      currency: invoice.currency,
      status: invoice.status,
      open: formatAmount(BigInt(invoice.open_minor), invoice.currency),
    })),
  };
}
