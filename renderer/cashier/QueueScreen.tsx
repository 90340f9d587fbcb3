/** Placeholder until the Queue screen lands (issue #6 / #7). */
export function QueueScreen() {
  return <section className="screen" data-testid="queue-screen" />;
}
