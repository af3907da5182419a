import { useState } from 'react';
import {
  Button,
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';
import type { CustomerList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';

export type PickedCustomer = CustomerList['items'][number];

const customerLabel = (customer: PickedCustomer) => `${customer.name} (${customer.ref})`;

/**
 * A customer chosen by typing part of its name or reference: the API searches (a book has far
 * more customers than a list can hold), and react-aria's combobox gives the keyboard and screen
 * reader behaviour of a native control. The chosen customer stays in the list while the user types
 * another search, so the field never shows an id.
 */
export function CustomerPicker({
  customer,
  onChange,
  label = 'Customer',
  name = 'customer_id',
  invalid = false,
  description,
}: {
  customer: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
  label?: string;
  name?: string;
  invalid?: boolean;
  description?: string;
}) {
  const [input, setInput] = useState(customer ? customerLabel(customer) : '');
  const searching = customer === null || input !== customerLabel(customer);
  const found = useApiGet<CustomerList>('/customers', {
    q: searching ? input.trim() : '',
    limit: '20',
    sort: 'name',
  });
  const items = found.state === 'loaded' ? [...found.data.items] : [];
  if (customer && !items.some((item) => item.id === customer.id)) items.unshift(customer);
  return (
    <ComboBox
      className="field customer-picker"
      name={name}
      items={items}
      inputValue={input}
      onInputChange={(value) => {
        setInput(value);
        if (value === '') onChange(null);
      }}
      selectedKey={customer?.id ?? null}
      onSelectionChange={(key) => {
        const picked = items.find((item) => item.id === key) ?? null;
        onChange(picked);
        if (picked) setInput(customerLabel(picked));
      }}
      menuTrigger="focus"
      allowsEmptyCollection
      isInvalid={invalid}
    >
      <Label>{label}</Label>
      <div className="combo">
        <Input placeholder="Name or reference" />
        <Button aria-label="Show customers">▾</Button>
      </div>
      {description && <Text slot="description">{description}</Text>}
      <Popover className="combo-popover">
        <ListBox
          renderEmptyState={() => (
            <p className="combo-empty">
              {found.state === 'loading' ? 'Searching…' : 'No customer matches.'}
            </p>
          )}
        >
          {(item: PickedCustomer) => (
            <ListBoxItem id={item.id} textValue={customerLabel(item)} className="combo-option">
              {customerLabel(item)}
              <span className="combo-currency"> · {item.currency}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
