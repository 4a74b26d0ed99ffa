import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openTestDatabase, orgUnits, testEngine, type Database, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../context.ts';
import { publish } from '../operations/config/publish.ts';
import { seedDemo } from '../operations/org/seed-demo.ts';
import { signIn, type SignedIn } from '../testing/auth-fixtures.ts';
import { createServer } from './create-server.ts';

/** The version id a signed-in user works in, as the server answers. */
async function versionOf(app: FastifyInstance, user: SignedIn, headers: Record<string, string> = {}): Promise<number | null> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/config/current', cookies: user.cookies, headers });
  expect(response.statusCode).toBe(200);
  return (response.json() as { version: { id: number } | null }).version?.id ?? null;
}

describe(`the configuration in force on running servers (${testEngine()})`, () => {
  let database: TestDatabase;
  let second: Database;
  let serverA: FastifyInstance;
  let serverB: FastifyInstance;
  let ctx: OperationContext;
  let release: () => void = () => {};
  let held: () => void = () => {};

  beforeAll(async () => {
    database = await openTestDatabase();
    // On PostgreSQL the second server has its own pool and LISTEN connection, like a second process.
    second = database.url ? await openDatabase({ url: database.url, migrate: false }) : database;
    serverA = await createServer({ database, logger: false });
    // Requests with x-hold wait after authentication until released: "a request already running".
    serverA.addHook('preHandler', async (request) => {
      if (request.headers['x-hold']) {
        const released = new Promise<void>((resolve) => (release = resolve));
        held();
        await released;
      }
    });
    serverB = await createServer({ database: second, logger: false });
    ctx = { database, actor: cliActor('test') };
  });
  afterAll(async () => {
    await serverA.close();
    await serverB.close();
    if (second !== database) await second.close();
    await database.close();
  });

  it('picks up published versions without a restart on every server, per org unit, and lets running requests finish on theirs', async () => {
    const v1 = loadTemplate('main-line');
    await seedDemo(ctx, v1);
    const rep = { a: await signIn(serverA, { username: 'sales-rep', password: 'demo' }), b: await signIn(serverB, { username: 'sales-rep', password: 'demo' }) };
    const marketing = { a: await signIn(serverA, { username: 'marketing', password: 'demo' }), b: await signIn(serverB, { username: 'marketing', password: 'demo' }) };
    expect(await versionOf(serverA, rep.a)).toBeNull();

    const first = await publish(ctx, { package: v1, message: 'v1' });
    for (const [server, user] of [[serverA, rep.a], [serverB, rep.b], [serverA, marketing.a], [serverB, marketing.b]] as const) {
      await expect.poll(() => versionOf(server, user), { timeout: 10_000 }).toBe(first.versionId);
    }

    // A pilot at headquarters: marketing (hq) moves to v2, the sales rep (east) stays on v1.
    const [hq] = await database.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, 'hq'));
    const v2 = structuredClone(v1) as ConfigPackage;
    v2.objects[0]!.label.en = `${v2.objects[0]!.label.en} (pilot)`;

    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const inFlight = versionOf(serverA, marketing.a, { 'x-hold': '1' });
    await isHeld;
    const pilot = await publish(ctx, { package: v2, to: { units: [hq!.id] }, message: 'v2 pilot' });
    expect(pilot.versionId).toBe((first.versionId ?? 0) + 1);
    await expect.poll(() => versionOf(serverB, marketing.b), { timeout: 10_000 }).toBe(pilot.versionId);
    await expect.poll(() => versionOf(serverA, marketing.a), { timeout: 10_000 }).toBe(pilot.versionId);
    release();
    expect(await inFlight).toBe(first.versionId);
    expect(await versionOf(serverA, rep.a)).toBe(first.versionId);
    expect(await versionOf(serverB, rep.b)).toBe(first.versionId);
  });

  it('refuses anonymous callers', async () => {
    const response = await serverA.inject({ method: 'GET', url: '/api/v1/config/current' });
    expect(response.statusCode).toBe(401);
  });
});
