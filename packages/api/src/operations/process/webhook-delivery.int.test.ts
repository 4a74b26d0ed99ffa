import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@mainline/db';
import { enqueue, startWorker, type Worker } from '@mainline/jobs';
import { OperationError } from '../../errors.ts';
import { createRecord } from '../records/create-record.ts';
import { openReadFixture, type ReadFixture } from '../records/read-test-fixtures.ts';
import { webhookHandler, type WebhookDeliveryOptions } from './lib/webhook-delivery.ts';
import { WEBHOOK_JOB, type WebhookPayload } from './lib/webhook-payload.ts';
import { webhookSignature } from './lib/webhook-signature.ts';
import { listIncidents } from './list-incidents.ts';
import { listWebhookDeliveries } from './list-webhook-deliveries.ts';
import { retryIncident } from './retry-incident.ts';
import { name } from '../../testing/process-fixtures.ts';


interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
/** What the receiver answers, request after request, per path (then 200); `hang`: no answer at all. */
type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

type Verify = (rawBody: string | Buffer, headers: IncomingHttpHeaders, secret: string, toleranceSeconds?: number) => boolean;

/** The verification snippet of docs/webhooks.md, loaded as integrators would copy it. */
async function documentedVerification(): Promise<Verify> {
  const doc = await readFile(fileURLToPath(new URL('../../../../../docs/webhooks.md', import.meta.url)), 'utf8');
  const section = doc.slice(doc.indexOf('## Verifying a delivery'));
  const snippet = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!snippet) throw new Error('docs/webhooks.md has no js snippet under "Verifying a delivery"');
  const dir = await mkdtemp(join(tmpdir(), 'mainline-webhook-doc-'));
  try {
    await writeFile(join(dir, 'verify.mjs'), snippet);
    const module = (await import(pathToFileURL(join(dir, 'verify.mjs')).href)) as { verifyMainlineWebhook: Verify };
    return module.verifyMainlineWebhook;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Webhook deliveries from the job queue to a receiver on this machine: signed as documented, the
// same Idempotency-Key on every attempt, retried on errors and timeouts, not after 410, never sent
// without a secret; each attempt in the delivery log.
describe(`webhook delivery (${testEngine()})`, () => {
  let f: ReadFixture;
  let receiver: Server;
  let base: string;
  let verify: Verify;
  const received: Received[] = [];
  const script = new Map<string, Answer[]>();
  const hanging: ServerResponse[] = [];
  const workers: Worker[] = [];
  const secrets: Record<string, string | undefined> = { MAINLINE_WEBHOOK_SECRET_ERP: 'whsec_erp_test', MAINLINE_WEBHOOK_SECRET: 'whsec_default_test' };

  // the receiver is on this machine (127.0.0.1): the workers allow it explicitly, as a server would
  // with MAINLINE_WEBHOOK_ALLOW_HOSTS — internal addresses are refused by default
  const worker = async (options: WebhookDeliveryOptions = {}) => {
    const started = await startWorker(f.database, { handlers: { [WEBHOOK_JOB]: webhookHandler(f.database, { secrets, allowHosts: ['127.0.0.1'], ...options }) }, pollMs: 20 });
    workers.push(started);
    return started;
  };
  const deliver = async (path: string, secret: string | null = 'ERP') => {
    const payload: WebhookPayload = {
      url: `${base}${path}`,
      secret,
      body: { id: randomUUID(), process: 'erpSync', instance: randomUUID(), node: 'tellErp', object: 'account', record: { id: randomUUID(), name: 'Acme' }, payload: { total: 42 } },
    };
    const { job } = await enqueue(f.database.db, { type: WEBHOOK_JOB, payload, key: `webhook:${payload.body.id}`, maxAttempts: 8 });
    return { jobId: job.id, payload };
  };
  const jobRow = async (id: string) =>
    (await f.database.rows<{ status: string; attempts: number; last_error: string | null; wait_s: number }>(sql`SELECT *, extract(epoch FROM run_at - now())::float AS wait_s FROM jobs WHERE id = ${id}`))[0]!;
  const waitFor = async (what: string, check: () => Promise<boolean> | boolean) => {
    const end = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const settled = (jobId: string, status: string, attempts: number) => waitFor(`job ${status} after ${attempts}`, async () => {
    const row = await jobRow(jobId);
    return row.status === status && row.attempts === attempts;
  });
  /** Skips the backoff: the retry is due now. */
  const dueNow = (jobId: string) => f.database.rows(sql`UPDATE jobs SET run_at = now() WHERE id = ${jobId} AND status = 'pending'`);
  const log = async (path: string) => (await listWebhookDeliveries(f.ctx, { url: `${base}${path}` })).attempts.reverse();
  const at = (path: string) => received.filter((r) => r.path === path);

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = script.get(path)?.shift() ?? { status: 200 };
        if (answer === 'hang') return void hanging.push(response);
        response.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    verify = await documentedVerification();
    f = await openReadFixture((pkg) => {
      const position = { x: 0, y: 0 };
      // a new customer is sent to the ERP
      pkg.processes!.push({
        id: 'erpSync',
        label: name('ERP sync'),
        object: 'account',
        triggers: [{ type: 'onCreate', condition: 'accountType == "customer"' }],
        nodes: [
          { id: 'start', type: 'start', position },
          { id: 'tellErp', type: 'action', position, steps: [{ type: 'webhook', url: `${base}/erp`, secret: 'ERP', payload: { customer: 'name', kind: 'accountType' } }] },
          { id: 'end', type: 'end', position },
        ],
        edges: [
          { id: 'toErp', from: 'start', to: 'tellErp' },
          { id: 'toEnd', from: 'tellErp', to: 'end' },
        ],
      });
    });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ graceMs: 2_000 })));
  });
  afterAll(async () => {
    for (const response of hanging) response.destroy();
    receiver?.closeAllConnections();
    receiver?.close();
    await f?.database.close();
  });

  it('delivers a process webhook step: the signature verifies with the documented snippet, the Idempotency-Key is the delivery id', async () => {
    await worker();
    const created = await createRecord(f.userCtx, { object: 'account', values: { name: 'Hook Co', accountType: 'customer' } });
    await waitFor('the delivery', async () => (await log('/erp')).some((a) => a.result === 'delivered'));
    const [request] = at('/erp');
    const body = JSON.parse(request!.body) as WebhookPayload['body'];
    expect(body).toMatchObject({ process: 'erpSync', node: 'tellErp', object: 'account', record: { id: created.id, name: 'Hook Co' }, payload: { customer: 'Hook Co', kind: 'customer' } });
    expect(request!.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': body.id });
    expect(request!.headers['mainline-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify(request!.body, request!.headers, 'whsec_erp_test')).toBe(true);
    // the log of the endpoint, and of the instance
    const [attempt] = await log('/erp');
    expect(attempt).toMatchObject({ deliveryId: body.id, attempt: 1, result: 'delivered', statusCode: 200, error: null, processId: 'erpSync', instanceId: body.instance, nodeId: 'tellErp' });
    expect((await listWebhookDeliveries(f.ctx, { instanceId: body.instance })).attempts.map((a) => a.id)).toEqual([attempt!.id]);
  });

  it('refuses what the documented check must refuse: another secret, a changed body, an old timestamp', () => {
    const [request] = at('/erp');
    const { body, headers } = request!;
    expect(verify(body, headers, 'whsec_someone_else')).toBe(false);
    expect(verify(body.replace('Hook Co', 'Hook Ltd'), headers, 'whsec_erp_test')).toBe(false);
    expect(verify(Buffer.from(body), headers, 'whsec_erp_test')).toBe(true);
    const old = Math.floor(Date.now() / 1000) - 600;
    const replayed = { ...headers, 'mainline-timestamp': String(old), 'mainline-signature': webhookSignature('whsec_erp_test', old, body) };
    expect(verify(body, replayed, 'whsec_erp_test')).toBe(false);
    expect(verify(body, replayed, 'whsec_erp_test', 3_600)).toBe(true);
    expect(verify(body, { ...headers, 'mainline-signature': undefined }, 'whsec_erp_test')).toBe(false);
  });

  it('retries after a 500 with the same Idempotency-Key, after the webhook backoff; both attempts logged', async () => {
    script.set('/flaky', [{ status: 500, body: 'database is down\n  try later' }]);
    await worker();
    const { jobId, payload } = await deliver('/flaky');
    await settled(jobId, 'pending', 1);
    const waiting = await jobRow(jobId);
    expect(waiting.last_error).toContain(`webhook.http-error: ${base}/flaky answered 500: database is down try later`);
    expect(waiting.wait_s).toBeGreaterThan(10); // 15–30 s: the webhook schedule, not the worker's 1 s
    await dueNow(jobId);
    await settled(jobId, 'done', 2);
    const requests = at('/flaky');
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual([payload.body.id, payload.body.id]);
    expect(requests.every((r) => verify(r.body, r.headers, 'whsec_erp_test'))).toBe(true);
    expect((await log('/flaky')).map((a) => [a.deliveryId, a.attempt, a.result, a.statusCode])).toEqual([
      [payload.body.id, 1, 'failed', 500],
      [payload.body.id, 2, 'delivered', 200],
    ]);
  });

  it('waits at least what a 503 Retry-After asks', async () => {
    script.set('/busy', [{ status: 503, headers: { 'Retry-After': '1800' } }]);
    await worker();
    const { jobId } = await deliver('/busy');
    await settled(jobId, 'pending', 1);
    expect((await jobRow(jobId)).wait_s).toBeGreaterThan(1_700);
  });

  it('stops at a 410: no retry, an incident, the log says gone', async () => {
    script.set('/gone', [{ status: 410, body: 'endpoint removed' }]);
    await worker();
    const { jobId } = await deliver('/gone');
    await settled(jobId, 'failed', 1);
    expect(at('/gone')).toHaveLength(1);
    const incident = (await listIncidents(f.ctx)).jobs.find((i) => i.jobId === jobId);
    expect(incident?.error).toContain(`webhook.gone: ${base}/gone answered 410: endpoint removed (not retried)`);
    expect((await log('/gone')).map((a) => [a.attempt, a.result, a.statusCode])).toEqual([[1, 'gone', 410]]);
  });

  it('never sends without a secret: an incident at once; once the secret is set, retrying the incident delivers', async () => {
    await worker();
    const { jobId, payload } = await deliver('/billing', 'BILLING');
    await settled(jobId, 'failed', 1);
    expect(at('/billing')).toEqual([]);
    const incident = (await listIncidents(f.ctx)).jobs.find((i) => i.jobId === jobId);
    expect(incident?.error).toContain('webhook.secret-missing: no value for the secret "BILLING": set MAINLINE_WEBHOOK_SECRET_BILLING');
    expect((await log('/billing')).map((a) => [a.attempt, a.result, a.statusCode])).toEqual([[1, 'not-sent', null]]);
    secrets.MAINLINE_WEBHOOK_SECRET_BILLING = 'whsec_billing_test';
    await retryIncident(f.ctx, { jobIncidentId: incident!.id });
    await settled(jobId, 'done', 1);
    const [request] = at('/billing');
    expect(request!.headers['idempotency-key']).toBe(payload.body.id);
    expect(verify(request!.body, request!.headers, 'whsec_billing_test')).toBe(true);
    expect((await log('/billing')).map((a) => a.result)).toEqual(['not-sent', 'delivered']);
  });

  it('signs a step without a secret with the default one, MAINLINE_WEBHOOK_SECRET', async () => {
    await worker();
    const { jobId } = await deliver('/default', null);
    await settled(jobId, 'done', 1);
    const [request] = at('/default');
    expect(verify(request!.body, request!.headers, 'whsec_default_test')).toBe(true);
  });

  it('retries an attempt that gets no answer in time, and one that cannot connect', async () => {
    script.set('/slow', ['hang']);
    await worker({ timeoutMs: 300 });
    const { jobId, payload } = await deliver('/slow');
    await settled(jobId, 'pending', 1);
    expect((await jobRow(jobId)).last_error).toContain(`webhook.timeout: ${base}/slow gave no answer within 300 ms`);
    await dueNow(jobId);
    await settled(jobId, 'done', 2);
    expect(at('/slow').map((r) => r.headers['idempotency-key'])).toEqual([payload.body.id, payload.body.id]);
    expect((await log('/slow')).map((a) => [a.attempt, a.result, a.statusCode])).toEqual([
      [1, 'failed', null],
      [2, 'delivered', 200],
    ]);
    // a port nothing listens on any more
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/hook`;
    probe.close();
    await once(probe, 'close');
    const closed = { url, secret: 'ERP', body: { ...payload.body, id: randomUUID() } } satisfies WebhookPayload;
    const { job } = await enqueue(f.database.db, { type: WEBHOOK_JOB, payload: closed, maxAttempts: 8 });
    await settled(job.id, 'pending', 1);
    expect((await jobRow(job.id)).last_error).toContain(`webhook.network-error: ${url} could not be reached (ECONNREFUSED)`);
  });

  it('refuses internal addresses unless allowed: nothing sent, an incident that says why', async () => {
    await worker({ allowHosts: [] });
    const { jobId } = await deliver('/internal');
    await settled(jobId, 'failed', 1);
    expect(at('/internal')).toEqual([]);
    const incidents = (await listIncidents(f.ctx)).jobs;
    expect(incidents.find((i) => i.jobId === jobId)?.error).toContain(`webhook.address-refused: ${base}/internal: 127.0.0.1 is loopback (127.0.0.0/8); webhooks are not sent to internal addresses unless the host is allowed (MAINLINE_WEBHOOK_ALLOW_HOSTS)`);
    expect((await log('/internal')).map((a) => [a.attempt, a.result, a.statusCode])).toEqual([[1, 'not-sent', null]]);
    // the cloud's metadata service, and a name that resolves to this machine
    for (const [url, why] of [
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is link-local'],
      [`http://localhost:${new URL(base).port}/local`, 'localhost resolves to'],
    ] as const) {
      const payload = { url, secret: 'ERP', body: { id: randomUUID(), process: 'erpSync', instance: randomUUID(), node: 'tellErp', object: 'account', record: { id: randomUUID() }, payload: {} } } satisfies WebhookPayload;
      const { job } = await enqueue(f.database.db, { type: WEBHOOK_JOB, payload, maxAttempts: 8 });
      await settled(job.id, 'failed', 1);
      expect((await listIncidents(f.ctx)).jobs.find((i) => i.jobId === job.id)?.error).toContain(why);
    }
    expect(at('/local')).toEqual([]);
  });

  it('does not follow a redirect: it counts as a failure', async () => {
    script.set('/moved', [{ status: 302, headers: { Location: `${base}/elsewhere` } }]);
    await worker();
    const { jobId } = await deliver('/moved');
    await settled(jobId, 'pending', 1);
    expect(at('/elsewhere')).toEqual([]);
    expect((await log('/moved')).map((a) => [a.result, a.statusCode])).toEqual([['failed', 302]]);
  });

  it('shows the log to admins only, newest first, page by page', async () => {
    try {
      await listWebhookDeliveries(f.userCtx);
      expect.unreachable('a user who is not an admin reads the log');
    } catch (error) {
      expect(error).toBeInstanceOf(OperationError);
      expect((error as OperationError).code).toBe('auth.forbidden');
    }
    await expect(listWebhookDeliveries(f.ctx, { limit: 0 })).rejects.toMatchObject({ code: 'webhook.invalid' });
    await expect(listWebhookDeliveries(f.ctx, { instanceId: 'nope' })).rejects.toMatchObject({ code: 'webhook.invalid' });
    const all = (await listWebhookDeliveries(f.ctx, { limit: 500 })).attempts.map((a) => a.id);
    expect(all.length).toBeGreaterThan(5);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    const paged: number[] = [];
    let before: number | undefined;
    do {
      const page = await listWebhookDeliveries(f.ctx, { limit: 2, ...(before === undefined ? {} : { before }) });
      paged.push(...page.attempts.map((a) => a.id));
      before = page.next ?? undefined;
    } while (before !== undefined);
    expect(paged).toEqual(all);
  });
});
