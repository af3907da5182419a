export function PaymentsPage() {
  return (
    <>
      <h1>Payments</h1>
      <p>This part of Settle is being built.</p>
    </>
  );
}
