export function TemplatesPage() {
  return <h1>Message templates</h1>;
}
