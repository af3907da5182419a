export function PoliciesPage() {
  return <h1>Collection policies</h1>;
}
