export function CollectionsPage() {
  return (
    <>
      <h1>Collections</h1>
      <p>This part of Settle is being built.</p>
    </>
  );
}
