export function CreditControlPage() {
  return <h1>Credit control</h1>;
}
