import { useEffect } from 'react';
import type { CustomerList } from '../../../api/types';
import { useApiGet } from '../../../api/use-api-get';

export type PickedCustomer = CustomerList['items'][number];

/**
 * A customer found by name or reference: a search box and the first twenty matches, found by the
 * API, so it works on a book of any size. The first match is chosen until another is.
 */
export function CustomerPicker({
  idPrefix,
  search,
  onSearch,
  chosenId,
  onChoose,
  invalid,
}: {
  idPrefix: string;
  search: string;
  onSearch: (search: string) => void;
  chosenId: string;
  onChoose: (customer: PickedCustomer | undefined) => void;
  invalid?: boolean | undefined;
}) {
  const found = useApiGet<CustomerList>('/customers', {
    q: search.trim(),
    limit: '20',
    sort: 'name',
  });
  const matches = found.state === 'loaded' ? found.data.items : [];
  const chosen = matches.find((customer) => customer.id === chosenId) ?? matches[0];
  const loaded = found.state === 'loaded';
  // The parent holds the choice: tell it when the matches change what is chosen.
  useEffect(() => {
    if (loaded && (chosen?.id ?? '') !== chosenId) onChoose(chosen);
  }, [loaded, chosen, chosenId, onChoose]);
  return (
    <>
      <label className="field">
        <span>Find a customer (name or reference)</span>
        <input
          id={`${idPrefix}-search`}
          name="q"
          value={search}
          onChange={(event) => onSearch(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Customer</span>
        <select
          id={`${idPrefix}-customer`}
          name="customer_id"
          value={chosen?.id ?? ''}
          onChange={(event) =>
            onChoose(matches.find((customer) => customer.id === event.target.value))
          }
          aria-invalid={invalid || undefined}
        >
          {found.state === 'loading' && <option value="">Finding customers…</option>}
          {found.state !== 'loading' && matches.length === 0 && (
            <option value="">No customer matches</option>
          )}
          {matches.map((customer) => (
            <option key={customer.id} value={customer.id}>
              {customer.name} ({customer.ref})
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
