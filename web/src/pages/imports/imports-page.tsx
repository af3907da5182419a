export function ImportsPage() {
  return <h1>Import a CSV file</h1>;
}
