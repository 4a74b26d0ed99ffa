/**
 * One arrival at a parallel join by `via`. The counters (incoming edge → arrivals waiting) are
 * updated in place; when every incoming edge has at least one arrival, one is taken from each and
 * the join fires (returns true). A surplus arrival on one edge waits for the next complete set,
 * so over any interleaving the join fires exactly min(arrivals per edge) times.
 */
export function arriveAtJoin(counters: Record<string, number>, incoming: readonly string[], via: string): boolean {
  counters[via] = (counters[via] ?? 0) + 1;
  if (!incoming.every((edge) => (counters[edge] ?? 0) > 0)) return false;
  for (const edge of incoming) {
    const left = counters[edge]! - 1;
    if (left === 0) delete counters[edge];
    else counters[edge] = left;
  }
  return true;
}
