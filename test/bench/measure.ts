export interface Timing {
  median: number;
  p95: number;
}

function timingOf(times: number[]): Timing {
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! };
}

/** Runs `fn` `runs` times after `warmup` runs and returns the median and p95 in milliseconds. */
export function measure(fn: () => void, { runs = 20, warmup = 3 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return timingOf(times);
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

/**
 * Runs the async `ours` and `baseline` alternately (which goes first alternates too), `runs` times
 * each after `warmup` rounds, so both see the same machine load; median and p95 in milliseconds.
 */
export async function measurePair(ours: () => Promise<unknown>, baseline: () => Promise<unknown>, { runs = 200, warmup = 10 } = {}): Promise<{ ours: Timing; baseline: Timing }> {
  const times = { ours: [] as number[], baseline: [] as number[] };
  const timed = async (which: 'ours' | 'baseline', record: boolean) => {
    const start = performance.now();
    await (which === 'ours' ? ours() : baseline());
    if (record) times[which].push(performance.now() - start);
  };
  for (let i = 0; i < warmup + runs; i++) {
    const order: ('ours' | 'baseline')[] = i % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    for (const which of order) await timed(which, i >= warmup);
  }
  return { ours: timingOf(times.ours), baseline: timingOf(times.baseline) };
}

export const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}×`;
export const perSecond = (n: number) => `${Math.round(n).toLocaleString('en')}/s`;

/**
 * `clients` concurrent loops calling `fn` for `seconds`: calls per second and the median and p95
 * latency in milliseconds — the in-process counterpart of an HTTP load test.
 */
export async function concurrentLoad(fn: () => Promise<unknown>, clients: number, seconds: number): Promise<Timing & { perSecond: number }> {
  const times: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
    }),
  );
  return { ...timingOf(times), perSecond: times.length / ((performance.now() - start) / 1000) };
}
