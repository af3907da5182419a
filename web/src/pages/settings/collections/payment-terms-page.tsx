export function PaymentTermsPage() {
  return <h1>Payment terms</h1>;
}
