import { useApiGet } from '../api/use-api-get';
import { Link } from '../routing';

/**
 * A link to the customer a document belongs to, named "Name (REF)" once the customer has loaded;
 * until then (or if it cannot be read) by the reference the document carries.
 */
export function CustomerLink({
  document,
}: {
  document: { readonly customer_id: string; readonly customer_ref?: string };
}) {
  const customer = useApiGet<{ name: string; ref: string }>(`/customers/${document.customer_id}`);
  const name =
    customer.state === 'loaded'
      ? `${customer.data.name} (${customer.data.ref})`
      : (document.customer_ref ?? document.customer_id);
  return <Link to={`/customers/${document.customer_id}`}>{name}</Link>;
}
