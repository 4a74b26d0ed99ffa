import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from '@mainline/api';
import type { Database, VersionRegistry } from '@mainline/db';
import type { HttpLoadResult } from './http-load.ts';
import { ms, perSecond, row } from './measure.ts';
import { LIST_FILTER } from './records-list.ts';

const CONNECTIONS = 50;
const SECONDS = 10;

/** GET /api/v1/records/deal with the list's filter and sort, 50 concurrent clients for 10 s (autocannon in a child process). */
export async function benchHttp(database: Database, registry: VersionRegistry, token: string): Promise<void> {
  if (!existsSync(fileURLToPath(new URL('../../packages/api/src/http/rest/records-routes.ts', import.meta.url)))) {
    row(`HTTP list, ${CONNECTIONS} clients`, 'skipped', 'records route missing (packages/api/src/http/rest/records-routes.ts)');
    return;
  }
  const app = await createServer({ database, registry, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/v1/records/deal?filter=${encodeURIComponent(LIST_FILTER)}&sort=-closeDate&pageSize=50`;
    const probe = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await probe.json()) as { records?: unknown[]; code?: string };
    if (probe.status !== 200 || !Array.isArray(body.records) || body.records.length !== 50) {
      row(`HTTP list, ${CONNECTIONS} clients`, 'skipped', `probe answered ${probe.status} ${body.code ?? ''}`);
      return;
    }
    const result = await load(url, token);
    row(`HTTP GET list, ${CONNECTIONS} clients × ${SECONDS} s: requests/s`, perSecond(result.perSecond), `${result.requests.toLocaleString('en')} requests, non-2xx ${result.non2xx}, errors ${result.errors}`);
    row('  latency p50', ms(result.p50));
    row('  latency p95', ms(result.p95), 'goal ≤ 50 ms');
    row('  latency p99', ms(result.p99));
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
