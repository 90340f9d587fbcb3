/** Placeholder until the Settings screen lands (issue #6 / #7). */
export function SettingsScreen() {
  return <section className="screen" data-testid="settings-screen" />;
}
