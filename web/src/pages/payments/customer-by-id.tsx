import type { ReactNode } from 'react';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import type { PickedCustomer } from './customer-picker';

function LoadCustomer({
  id,
  children,
}: {
  id: string;
  children: (customer: PickedCustomer | null) => ReactNode;
}) {
  const customer = useApiGet<PickedCustomer>(`/customers/${encodeURIComponent(id)}`);
  if (customer.state === 'loading') return <Loading what="the customer" />;
  if (customer.state === 'failed')
    return (
      <>
        <ErrorAlert error={customer.error} />
        {children(null)}
      </>
    );
  return <>{children(customer.data)}</>;
}

/**
 * The customer an address names by id (`?customer_id=…`), loaded so that a form shows its name;
 * without an id, the form starts with no customer.
 */
export function CustomerById({
  id,
  children,
}: {
  id: string;
  children: (customer: PickedCustomer | null) => ReactNode;
}) {
  if (!id) return <>{children(null)}</>;
  return <LoadCustomer id={id}>{children}</LoadCustomer>;
}
