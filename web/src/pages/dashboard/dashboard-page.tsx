export function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <p>This part of Settle is being built.</p>
    </>
  );
}
