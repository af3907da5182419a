import { useEffect, useState } from 'react';
import {
  ComboBox,
  Header,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  Popover,
  Text,
  type Key,
} from 'react-aria-components';
import { getJson } from '../api/client';
import type { SearchResults } from '../api/types';
import { formatAmount } from '../format/money';
import { navigate } from '../routing';
import { addressOf } from '../url-query';
import './global-search.css';

/** Time to wait after the last key before asking the API, so a word typed fast is one request. */
const typingPauseMs = 200;

type Found =
  | { readonly state: 'idle' }
  | { readonly state: 'searching'; readonly text: string }
  | { readonly state: 'failed'; readonly text: string; readonly message: string }
  | { readonly state: 'found'; readonly text: string; readonly results: SearchResults };

const invoiceStatus: Readonly<Record<string, string>> = {
  open: 'open',
  partially_paid: 'partially paid',
  paid: 'paid',
  written_off: 'written off',
  void: 'void',
};

/**
 * The header's search: a customer by the start of its name or reference, an invoice by the start
 * of its number. A combobox (react-aria): the results are a listbox the arrow keys move through,
 * announced by screen readers, and choosing one opens its page. The last option opens the
 * customer list searched for the same text, which finds it anywhere in a name.
 */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found>({ state: 'idle' });
  const query = text.trim();

  useEffect(() => {
    if (query === '') {
      setFound({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setFound({ state: 'searching', text: query });
      getJson<SearchResults>('/search', { q: query, limit: '6' }, controller.signal).then(
        (results) => setFound({ state: 'found', text: query, results }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setFound({
            state: 'failed',
            text: query,
            message: error instanceof Error ? error.message : String(error),
          });
        },
      );
    }, typingPauseMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  // After a choice the field starts afresh: a new combobox, closed and empty, rather than one
  // that puts the chosen option's text back in the field and searches for it.
  const [generation, setGeneration] = useState(0);
  const choose = (key: Key | null) => {
    if (typeof key !== 'string') return;
    setText('');
    setGeneration((current) => current + 1);
    navigate(key);
  };

  const results = found.state === 'found' && found.text === query ? found.results : null;
  const status =
    found.state === 'searching'
      ? 'Searching…'
      : found.state === 'failed'
        ? `The search failed: ${found.message}`
        : results && results.customers.length === 0 && results.invoices.length === 0
          ? 'No customer or invoice starts with that.'
          : '';

  return (
    <ComboBox
      key={generation}
      className="global-search"
      inputValue={text}
      onInputChange={setText}
      selectedKey={null}
      onSelectionChange={choose}
      // The API has matched already; the combobox shows its answer as it is.
      defaultFilter={() => true}
      menuTrigger="input"
      // An empty list stays open only to say why it is empty; a cleared field closes it.
      allowsEmptyCollection={query !== ''}
    >
      <Label className="global-search-label">Search</Label>
      <Input className="global-search-input" placeholder="Name, ref or invoice no." />
      <Popover className="global-search-popover" placement="bottom end">
        {status && (
          <p className="global-search-status" role="status">
            {status}
          </p>
        )}
        <ListBox className="global-search-list">
          {results && results.customers.length > 0 && (
            <ListBoxSection>
              <Header className="global-search-header">Customers</Header>
              {results.customers.map((customer) => (
                <ListBoxItem
                  key={customer.id}
                  id={`/customers/${customer.id}`}
                  textValue={`${customer.name} ${customer.ref}`}
                  className="global-search-item"
                >
                  <Text slot="label">{customer.name}</Text>{' '}
                  <Text slot="description" className="global-search-detail">
                    {customer.ref} · {customer.currency}
                  </Text>
                </ListBoxItem>
              ))}
            </ListBoxSection>
          )}
          {results && results.invoices.length > 0 && (
            <ListBoxSection>
              <Header className="global-search-header">Invoices</Header>
              {results.invoices.map((invoice) => (
                <ListBoxItem
                  key={invoice.id}
                  id={`/invoices/${invoice.id}`}
                  textValue={`${invoice.number} ${invoice.customer_name}`}
                  className="global-search-item"
                >
                  <Text slot="label">{invoice.number}</Text>{' '}
                  <Text slot="description" className="global-search-detail">
                    {invoice.customer_name} · {invoiceStatus[invoice.status] ?? invoice.status} ·{' '}
                    {formatAmount(invoice.open, invoice.currency)} {invoice.currency} open
                  </Text>
                </ListBoxItem>
              ))}
            </ListBoxSection>
          )}
          {query !== '' && (
            <ListBoxSection>
              <Header className="global-search-header">More</Header>
              <ListBoxItem
                id={addressOf('/customers', { q: query })}
                textValue={`All customers matching ${query}`}
                className="global-search-item"
              >
                All customers with “{query}” in their name or reference
              </ListBoxItem>
            </ListBoxSection>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
