export function SettingsPage() {
  return (
    <>
      <h1>Settings</h1>
      <p>This part of Settle is being built.</p>
    </>
  );
}
