import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from '@mainline/api';
import type { Database, VersionRegistry } from '@mainline/db';
import type { HttpLoadResult } from './http-load.ts';
import { concurrentLoad, ms, perSecond, row } from './measure.ts';
import { handListPage, LIST_FILTER } from './records-list.ts';

const CONNECTIONS = 50;
const SECONDS = 10;
const NARROW_FILTER = 'status == "open" && amount > 19900';

/**
 * GET /api/v1/records/deal with the list's filter and sort, with and without the total, 50 concurrent
 * clients for 10 s each (autocannon in a child process), through createServer on the bench database;
 * skipped when the route does not answer.
 */
export async function benchHttp(database: Database, registry: VersionRegistry, token: string): Promise<void> {
  const app = await createServer({ database, registry, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/v1/records/deal?sort=-closeDate&pageSize=50&filter=`;
    const probe = await fetch(base + encodeURIComponent(LIST_FILTER), { headers: { authorization: `Bearer ${token}` } });
    const body = (await probe.json()) as { records?: unknown[]; code?: string };
    if (probe.status !== 200 || !Array.isArray(body.records) || body.records.length !== 50) {
      row(`HTTP list, ${CONNECTIONS} clients`, 'skipped', `probe answered ${probe.status} ${body.code ?? ''}`);
      return;
    }
    // The floor: the hand-written query alone, 50 concurrent callers on the same pool, no HTTP and no
    // operations layer — the database's own queueing on this machine's cores.
    const floor = await concurrentLoad(() => handListPage(database), CONNECTIONS, SECONDS);
    row(`hand-written list SQL alone, ${CONNECTIONS} concurrent callers × ${SECONDS} s`, perSecond(floor.perSecond), 'in process, no HTTP');
    row('  latency p50 / p95', `${ms(floor.median)} / ${ms(floor.p95)}`, 'the floor under the HTTP figures below');
    // with the total (the default: capped count, or the planner's estimate alone when far above the cap) and without
    // (withTotal=false); the second filter matches ~1,000 rows, where the index on amount can serve page and count
    for (const [filter, what] of [[LIST_FILTER, 'the list above'], [NARROW_FILTER, '~1,000 matches']] as const) {
      for (const [query, how] of [['', 'with total'], ['&withTotal=false', 'withTotal=false']] as const) {
        const result = await load(base + encodeURIComponent(filter) + query, token);
        row(`HTTP GET list (${what}, ${how}), ${CONNECTIONS} clients × ${SECONDS} s`, perSecond(result.perSecond), `${result.requests.toLocaleString('en')} requests, non-2xx ${result.non2xx}, errors ${result.errors}`);
        row('  latency p50 / p99', `${ms(result.p50)} / ${ms(result.p99)}`);
        row('  latency p95', ms(result.p95), 'goal ≤ 50 ms');
      }
    }
  } finally {
    await app.close();
  }
}

function load(url: string, token: string): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./http-load.ts', import.meta.url)), [url, token, String(CONNECTIONS), String(SECONDS)]);
    child.once('message', (message) => resolve(message as HttpLoadResult));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the load generator exited with ${code}`))));
  });
}
