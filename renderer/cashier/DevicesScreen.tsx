/** Placeholder until the Devices screen lands (issue #6 / #7). */
export function DevicesScreen() {
  return <section className="screen" data-testid="devices-screen" />;
}
