import { useCallback, useState, type FormEvent } from 'react';
import { sendJson, type SendOptions } from '../../../api/client';
import type { CollectionPolicy, CustomerCollections, PolicyCustomerPage } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { useApiGet } from '../../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../../components/error-alert';
import { ListResults } from '../../../components/list-results';
import { useNotice } from '../../../components/notice';
import { useCan } from '../../../permissions';
import { Link, useLocation } from '../../../routing';
import { readQuery } from '../../../url-query';
import { CustomerPicker, type PickedCustomer } from './customer-picker';

const pathname = '/settings/policies';
const pageSize = '25';

function useAssign(onDone: (result: CustomerCollections) => void) {
  const assign = useAction(
    useCallback(
      (input: { customerId: string; policyId: string | null }, options: SendOptions) =>
        sendJson<CustomerCollections>(
          'PUT',
          `/customers/${input.customerId}/collections`,
          { policy_id: input.policyId },
          options,
        ),
      [],
    ),
  );
  return {
    ...assign,
    run: async (input: { customerId: string; policyId: string | null }) => {
      const result = await assign.run(input);
      if (result) onDone(result);
      return result;
    },
  };
}

/** Finds a customer by name or reference and puts it on this policy. */
function AssignCustomerForm({ policy }: { policy: CollectionPolicy }) {
  const { notify } = useNotice();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<PickedCustomer | undefined>();
  const assign = useAssign((result) => {
    notify(`${chosen?.name ?? 'The customer'} now follows ${result.policy_name}.`);
    setSearch('');
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen) await assign.run({ customerId: chosen.id, policyId: policy.id });
  };
  return (
    <form className="report-form" onSubmit={submit} aria-label={`Put a customer on ${policy.name}`}>
      <CustomerPicker
        idPrefix="assign"
        search={search}
        onSearch={setSearch}
        chosenId={chosen?.id ?? ''}
        onChoose={setChosen}
        invalid={invalidField(assign.error) === 'customer_id'}
      />
      <button type="submit" disabled={!chosen || assign.running}>
        Put on {policy.name}
      </button>
      {assign.error && <ErrorAlert error={assign.error} />}
    </form>
  );
}

function UnassignButton({
  customer,
  policy,
}: {
  customer: PolicyCustomerPage['items'][number];
  policy: CollectionPolicy;
}) {
  const { notify } = useNotice();
  const assign = useAssign((result) =>
    notify(`${customer.name} no longer has ${policy.name}: it follows ${result.policy_name}.`),
  );
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={assign.running}
        onClick={() => void assign.run({ customerId: customer.id, policyId: null })}
      >
        Use the default for {customer.name}
      </button>
      {assign.error && <ErrorAlert error={assign.error} />}
    </>
  );
}

/**
 * Who a policy follows up: the customers assigned to it and, for the default, everyone without a
 * policy of their own; a page at a time, the page in the address.
 */
export function PolicyCustomers({ policy }: { policy: CollectionPolicy }) {
  const can = useCan();
  const assignable = can('collections.work') && policy.archived_at === null;
  const location = useLocation();
  const query = readQuery(location.search, ['policy', 'cursor'] as const);
  const customers = useApiGet<PolicyCustomerPage>(`/collection-policies/${policy.id}/customers`, {
    limit: pageSize,
    cursor: query.policy === policy.id ? query.cursor : '',
  });
  return (
    <section aria-labelledby="policy-customers-heading">
      <h3 id="policy-customers-heading">Customers following {policy.name}</h3>
      {assignable && <AssignCustomerForm policy={policy} />}
      <ListResults
        list={customers}
        what="the customers"
        noneText={
          policy.is_default
            ? 'No customer yet.'
            : 'No customer follows this policy: put one on it above, or make it the default.'
        }
        pathname={pathname}
        query={{ policy: policy.id, cursor: query.policy === policy.id ? query.cursor : '' }}
        fieldLabels={{ cursor: 'Page', limit: 'Page size' }}
      >
        {(list) => (
          <table className="report">
            <caption>Customers following {policy.name}</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Name</th>
                <th scope="col">Why</th>
                {assignable && <th scope="col">Change</th>}
              </tr>
            </thead>
            <tbody>
              {list.items.map((customer) => (
                <tr key={customer.id}>
                  <td>{customer.ref}</td>
                  <td>
                    <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
                  </td>
                  <td>{customer.assigned ? 'Assigned' : 'The default (no policy of its own)'}</td>
                  {assignable && (
                    <td>
                      {customer.assigned && <UnassignButton customer={customer} policy={policy} />}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListResults>
    </section>
  );
}
