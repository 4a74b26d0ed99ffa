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

/**
 * Calls per second of `ours` and `baseline`, each run by `workers` concurrent loops, in alternating
 * slices (ours, baseline, baseline, ours, …; `slices` × `sliceMs` each) so that both see the same
 * machine load. A call that returns `false` had nothing left to do: its loop stops for that slice.
 * `between` runs before each slice, outside the time measured.
 */
export async function pairedThroughput(
  ours: () => Promise<boolean>,
  baseline: () => Promise<boolean>,
  workers: number,
  { slices = 8, sliceMs = 500, between }: { slices?: number; sliceMs?: number; between?: () => Promise<void> } = {},
): Promise<{ ours: number; baseline: number }> {
  const totals = { ours: { calls: 0, ms: 0 }, baseline: { calls: 0, ms: 0 } };
  for (let s = 0; s < slices * 2; s++) {
    const which = s % 4 === 0 || s % 4 === 3 ? 'ours' : 'baseline';
    const fn = which === 'ours' ? ours : baseline;
    await between?.();
    const start = performance.now();
    const end = start + sliceMs;
    let calls = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < end && (await fn())) calls++;
      }),
    );
    totals[which].calls += calls;
    totals[which].ms += performance.now() - start;
  }
  return { ours: totals.ours.calls / (totals.ours.ms / 1000), baseline: totals.baseline.calls / (totals.baseline.ms / 1000) };
}

/**
 * The CPU time used so far by this Node process and by the PostgreSQL backends in `pids` (from
 * Linux /proc, where the server runs on this machine; null elsewhere), in milliseconds.
 */
export async function cpuNow(pids: readonly number[]): Promise<{ node: number; postgres: number | null }> {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1000;
  try {
    const { readFile } = await import('node:fs/promises');
    let ticks = 0;
    for (const pid of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    }
    return { node, postgres: ticks * 10 }; // USER_HZ is 100 on Linux
  } catch {
    return { node, postgres: null };
  }
}
