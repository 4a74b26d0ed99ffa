import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_JOB } from '@mainline/api';
import { openTestDatabase, sqlText, testEngine, type TestDatabase } from '@mainline/db';
import { CRASH_ACTIONS } from './support/crash-package.ts';
import { crashFacts } from './support/crash-facts.ts';
import { seedCrashWorld } from './support/crash-seed.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { TaskDriver } from './support/task-driver.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './support/webhook-receiver.ts';

// The crash test of the process runtime (issue 6): the real server (`mainline serve`, its job
// worker included) is SIGKILLed in the middle of 10,000 task completions over REST, with a webhook
// delivery held open at that moment, and started again; a client completes the rest, retrying the
// completions it got no answer to. Afterwards no task is lost or duplicated, every completion took
// effect exactly once, and every webhook arrived at least once, always with its own stable
// Idempotency-Key.

/** Instances, each completed twice (review, approve): 10,000 completions, 10,000 webhooks. */
const INSTANCES = 5_000;
const COMPLETIONS = INSTANCES * 2;
/** Completions in flight at once. */
const CALLERS = 8;
const SECRET = 'whsec_crash_test';

describe.runIf(testEngine() === 'postgres')(
  'SIGKILL of the server during 10,000 task completions (PostgreSQL only: a PGlite server is in-process — its database lives and dies with the server, and no second process, like this test seeding and checking it, can open it)',
  () => {
    let database: TestDatabase;
    let receiver: WebhookReceiver;
    const servers: ServerProcess[] = [];
    beforeAll(async () => {
      receiver = await startWebhookReceiver(SECRET);
      database = await openTestDatabase();
    });
    afterAll(async () => {
      for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await Promise.all(servers.map((s) => s.exited));
      await receiver?.close();
      await database?.close();
    });

    it('loses no task, duplicates none, and delivers every webhook at least once under one stable Idempotency-Key', async () => {
      const started = performance.now();
      const world = await seedCrashWorld(database, receiver.url, INSTANCES);
      const seeded = performance.now();
      // the receiver is on this machine: allowed as a webhook target (internal addresses are refused otherwise)
      const env = { MAINLINE_WEBHOOK_SECRET: SECRET, MAINLINE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' };

      // 1. Complete until somewhere between 30 % and 60 % of the way; then hold the next webhook
      //    delivery unanswered (its job stays running) and SIGKILL the server with completions in flight.
      const killAt = Math.round(COMPLETIONS * (0.3 + Math.random() * 0.3));
      const first = await startServerProcess(database.url!, env);
      servers.push(first);
      const crash: { completedBefore: number; held?: Promise<ReceivedWebhook> } = { completedBefore: 0 };
      const driver = new TaskDriver({
        token: world.token,
        concurrency: CALLERS,
        outcome: 'done',
        onCompleted: (completed) => {
          if (completed < killAt || crash.held) return;
          crash.held = receiver.holdNext().then((held) => {
            crash.completedBefore = driver.completed;
            first.child.kill('SIGKILL');
            return held;
          });
        },
      });
      expect(await driver.run(first.base), 'the run ended without the kill: no webhook came to be held').toBe('server-gone');
      expect(crash.held, 'the server went away before the test killed it').toBeDefined();
      const held = await crash.held!;
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // the kill hit work in flight: completions that got no answer
      expect(driver.uncertain.size).toBeGreaterThan(0);
      const uncertainAtKill = driver.uncertain.size;
      const killed = performance.now();

      // 2. Start the server again; the client sends its unanswered completions again, then lists and completes the rest.
      const second = await startServerProcess(database.url!, env);
      servers.push(second);
      expect(await driver.run(second.base)).toBe('done');
      expect(driver.unexpected).toEqual([]);
      expect(driver.uncertain.size).toBe(0);
      const driven = performance.now();

      // 3. The worker drains the queue: the held delivery's job comes back once its lease (30 s) has run out.
      const jobsNotDone = () =>
        database.rows<{ status: string }>(
          sqlText(`SELECT id, type, status, attempts, run_at, locked_until, last_error FROM jobs WHERE (type = $1 AND status <> 'done') OR status = 'failed' ORDER BY run_at`, [WEBHOOK_JOB]),
        );
      for (const end = Date.now() + 120_000; Date.now() < end && (await jobsNotDone()).some((j) => j.status !== 'failed'); ) await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await jobsNotDone()).toEqual([]);
      const drained = performance.now();
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toEqual({ code: 0, signal: null });

      const distinctDeliveries = new Set(receiver.received.map((d) => d.id)).size;
      const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
      console.info(
        [
          `crash test: ${INSTANCES.toLocaleString('en')} instances seeded in ${s(started, seeded)}; killed after ${crash.completedBefore.toLocaleString('en')} of ${COMPLETIONS.toLocaleString('en')} completions (${s(seeded, killed)} incl. start-up),`,
          `  ${uncertainAtKill} completions unanswered at the kill (${driver.committedBeforeKill.length} had committed, ${driver.redoneAfterKill.length} redone), ${driver.connectionErrors} requests cut off;`,
          `  the rest completed in ${s(killed, driven)} incl. restart; the queue drained ${s(driven, drained)} later; ${(receiver.received.length - distinctDeliveries).toLocaleString('en')} webhook request(s) repeated;`,
          `  ${driver.completed} answered 200; ${driver.lists} inbox lists; ${s(started, performance.now())} in all`,
        ].join('\n'),
      );

      const facts = await crashFacts(database);
      // no task lost, none duplicated: every instance ran to its end with one task per user task, each completed once
      expect(facts.instances).toEqual({ completed: INSTANCES });
      expect(facts.tasks).toEqual({ 'review/completed': INSTANCES, 'approve/completed': INSTANCES });
      expect(facts.duplicateTasks).toBe(0);
      expect(facts.instancesMissingATask).toBe(0);
      expect(facts.completedEvents).toBe(COMPLETIONS);
      expect(facts.completedEventTasks).toBe(COMPLETIONS);
      // every completion's record change happened once: a step applied twice would count 3
      expect(facts.records).toEqual({ 'approved/2': INSTANCES });
      expect(facts.updatesPerRecord).toEqual({ 2: INSTANCES });
      // the client's view agrees: each completion answered 200 once, or was cut off after it committed (409 when sent again)
      expect(driver.committedBeforeKill.length + driver.redoneAfterKill.length).toBe(uncertainAtKill);
      expect(driver.completed + driver.committedBeforeKill.length).toBe(COMPLETIONS);
      expect(facts.processIncidents).toBe(0);
      expect(facts.jobs[`${WEBHOOK_JOB}/done`]).toBe(COMPLETIONS);
      expect(Object.keys(facts.jobs).filter((k) => k.endsWith('/failed'))).toEqual([]);
      expect(facts.jobIncidents).toBe(0);
      expect(Object.keys(facts.deliveryLog)).toEqual(['delivered']);

      // every webhook queued once per action and instance, each under its own delivery id …
      expect(facts.queuedWebhooks.size).toBe(COMPLETIONS);
      expect(new Set(facts.queuedWebhooks.values()).size).toBe(COMPLETIONS);
      // … received at least once, every request of one step's webhook under that step's delivery id as Idempotency-Key, signed
      const stepOf = new Map([...facts.queuedWebhooks].map(([id, step]) => [step, id]));
      const keysOf = new Map<string, Set<string | undefined>>();
      for (const d of receiver.received) keysOf.set(`${d.instance}/${d.node}`, (keysOf.get(`${d.instance}/${d.node}`) ?? new Set()).add(d.idempotencyKey));
      const few = (list: string[]) => (list.length === 0 ? 'none' : `${list.length}, e.g. ${list.slice(0, 3).join('; ')}`);
      expect({
        'steps whose webhook never arrived': few([...stepOf.keys()].filter((step) => !keysOf.has(step))),
        'requests from no queued webhook': few([...keysOf.keys()].filter((step) => !stepOf.has(step))),
        'steps whose requests carried another or more than one key': few(
          [...keysOf].filter(([step, keys]) => stepOf.has(step) && (keys.size !== 1 || !keys.has(stepOf.get(step)))).map(([step, keys]) => `${step}: ${[...keys].join(', ')}`),
        ),
        'requests whose body id is not their Idempotency-Key': few(receiver.received.filter((d) => d.id !== d.idempotencyKey).map((d) => `${d.id} ≠ ${d.idempotencyKey}`)),
        'requests not signed with the secret': few(receiver.received.filter((d) => !d.signed).map((d) => d.id)),
      }).toEqual({
        'steps whose webhook never arrived': 'none',
        'requests from no queued webhook': 'none',
        'steps whose requests carried another or more than one key': 'none',
        'requests whose body id is not their Idempotency-Key': 'none',
        'requests not signed with the secret': 'none',
      });
      // the record as the step left it: reviewed after the first signature, approved after the second
      const payloads = new Set(receiver.received.map((d) => `${d.node} ${String(d.payload.stage)} ${String(d.payload.steps)}`));
      expect([...payloads].sort()).toEqual([`${CRASH_ACTIONS[1]} approved 2`, `${CRASH_ACTIONS[0]} reviewed 1`]);
      // the delivery cut off by the kill came again after the restart (with the same key: checked above)
      expect(receiver.received.filter((d) => d.instance === held.instance && d.node === held.node).length).toBeGreaterThan(1);
    }, 600_000); // 2.5–5 minutes on the 2-core machine shared with other work
  },
);
