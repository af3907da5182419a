export function AgingBucketsPage() {
  return <h1>Aging buckets</h1>;
}
