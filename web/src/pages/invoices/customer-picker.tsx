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
import type { Customer, CustomerList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';

const nameOf = (customer: Customer) => `${customer.name} (${customer.ref})`;

/**
 * The customer of an invoice, found by typing part of its name or reference: the API searches
 * (a book may hold thousands of customers), and react-aria's combo box gives the list its
 * keyboard and screen-reader behaviour. The chosen customer brings the currency and the terms.
 */
export function CustomerPicker({
  value,
  onChange,
  invalid,
}: {
  value: Customer | null;
  onChange: (customer: Customer | null) => void;
  invalid: boolean;
}) {
  const [text, setText] = useState(value ? nameOf(value) : '');
  // Once a customer is chosen its name fills the input; searching for that text would hide the others.
  const search = value && text === nameOf(value) ? '' : text.trim();
  const found = useApiGet<CustomerList>('/customers', { q: search, limit: '20', sort: 'name' });
  const items = found.state === 'loaded' ? [...found.data.items] : [];
  if (value && !items.some((customer) => customer.id === value.id)) items.unshift(value);
  return (
    <ComboBox
      className="customer-picker field"
      items={items}
      inputValue={text}
      onInputChange={setText}
      selectedKey={value?.id ?? null}
      onSelectionChange={(key) => {
        const chosen = items.find((customer) => customer.id === key) ?? null;
        onChange(chosen);
        if (chosen) setText(nameOf(chosen));
      }}
      // The API has already filtered by the text; filtering again here would drop its matches on ref.
      defaultFilter={() => true}
      menuTrigger="focus"
      isInvalid={invalid}
    >
      <Label>Customer</Label>
      <div className="combo-input">
        <Input name="customer_id" placeholder="Type a name or reference" size={34} />
        <Button aria-label="Show customers">▾</Button>
      </div>
      {found.state === 'failed' && (
        <Text slot="errorMessage" className="error">
          {found.error.message}
        </Text>
      )}
      <Popover className="combo-popover">
        <ListBox<Customer>
          renderEmptyState={() => (
            <p className="combo-empty">
              {found.state === 'loading' ? 'Searching…' : 'No customer matches.'}
            </p>
          )}
        >
          {(customer) => (
            <ListBoxItem id={customer.id} textValue={nameOf(customer)} className="combo-option">
              {nameOf(customer)} · {customer.currency}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
