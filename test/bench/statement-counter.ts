import type { Database } from '@mainline/db';

interface PgClient {
  query: (...args: unknown[]) => unknown;
  release: () => void;
}
interface PgPool {
  connect: () => Promise<PgClient>;
}

export interface StatementTally {
  /** Statements sent, by their text (first 90 characters, parameters and whitespace squeezed). */
  byText: Map<string, { count: number; ms: number }>;
  total: number;
  /** Wall time spent waiting for statements (summed over concurrent callers). */
  ms: number;
}

/**
 * Counts the statements the database's pool sends (and the time waited for each) while `work`
 * runs, by wrapping the pg client's `query` — pg_stat_statements needs a server restart with
 * shared_preload_libraries, which a shared server should not get from a benchmark.
 */
export async function countStatements(database: Database, work: () => Promise<void>): Promise<StatementTally> {
  const pool = (database.db as unknown as { $client: PgPool }).$client;
  const client = await pool.connect();
  const proto = Object.getPrototypeOf(client) as PgClient;
  client.release();
  const original = proto.query;
  const tally: StatementTally = { byText: new Map(), total: 0, ms: 0 };
  proto.query = function (this: PgClient, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').trim().slice(0, 90);
    const start = performance.now();
    const done = () => {
      const elapsed = performance.now() - start;
      const entry = tally.byText.get(text) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += elapsed;
      tally.byText.set(text, entry);
      tally.total++;
      tally.ms += elapsed;
    };
    const callback = args[args.length - 1];
    if (typeof callback === 'function') {
      args[args.length - 1] = (...out: unknown[]) => {
        done();
        return (callback as (...a: unknown[]) => unknown)(...out);
      };
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(done);
    return result;
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return tally;
}
