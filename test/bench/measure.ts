/** Runs `fn` `runs` times after `warmup` runs and returns the median and p95 in milliseconds. */
export function measure(fn: () => void, { runs = 20, warmup = 3 } = {}): { median: number; p95: number } {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! };
}

/** Calls `fn` for about `seconds` and returns calls per second. */
export function throughput(fn: (i: number) => void, seconds = 1): number {
  let calls = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 10_000; i++) fn(calls + i);
    calls += 10_000;
  }
  return calls / ((performance.now() - start) / 1000);
}

export function row(name: string, value: string, goal = ''): void {
  console.log(`  ${name.padEnd(58)} ${value.padStart(16)}  ${goal}`);
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;
