/** Placeholder until the EndOfDay screen lands (issue #6 / #7). */
export function EndOfDayScreen() {
  return <section className="screen" data-testid="endOfDay-screen" />;
}
