/** Placeholder until the History screen lands (issue #6 / #7). */
export function HistoryScreen() {
  return <section className="screen" data-testid="history-screen" />;
}
