import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';

const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface Served {
  child: ChildProcess;
  output: () => string;
  base: string;
}

/** Starts `mainline serve` on a free port and waits for the lines that follow start-up. */
async function serve(args: string[], env: Record<string, string>, waitFor: RegExp): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', '0', ...args], { cwd: root, env: { ...process.env, ...env, LOG_LEVEL: 'warn', NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${output}`)), 90_000);
    const check = () => {
      if (waitFor.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const base = /Mainline is running at (http:\/\/\S+)/.exec(output)?.[1];
  if (!base) throw new Error(`no URL printed:\n${output}`);
  return { child, output: () => output, base };
}

async function stop(served: Served): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => served.child.once('exit', resolve));
  served.child.kill('SIGTERM');
  return exited;
}

async function login(base: string, username: string, password: string) {
  const response = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: response.status, cookie, body: (await response.json()) as { user?: { mustChangePassword: boolean } } };
}

describe(`mainline serve (${testEngine()})`, () => {
  const work = mkdtempSync(join(tmpdir(), 'mainline-serve-'));
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A data directory for PGlite, or a throw-away PostgreSQL database passed as DATABASE_URL. */
  async function target(name: string): Promise<{ args: string[]; env: Record<string, string> }> {
    if (testEngine() === 'pglite') return { args: ['--data', join(work, name)], env: {} };
    const database = await openTestDatabase();
    databases.push(database);
    return { args: [], env: { DATABASE_URL: database.url! } };
  }

  it('--demo publishes the template, loads the demo organisation, prints the logins, serves them, and stops on SIGTERM', async () => {
    const { args, env } = await target('demo');
    const served = await serve([...args, '--demo'], env, /Demo sign-ins:[\s\S]*service-manager/);
    expect(served.output()).toContain('Published the main-line template as version 1.');
    expect(served.output()).toMatch(/sales-rep\s+demo\s+east\s+salesRep@east/);
    const rep = await login(served.base, 'sales-rep', 'demo');
    expect(rep.status).toBe(200);
    const current = await fetch(`${served.base}/api/v1/config/current`, { headers: { cookie: rep.cookie } });
    const body = (await current.json()) as { version: { id: number; packageId: string; objects: { id: string }[] } };
    expect(body.version).toMatchObject({ id: 1, packageId: 'mainLine' });
    expect(body.version.objects.map((o) => o.id)).toContain('opportunity');
    expect(await stop(served)).toBe(0);

    // A second start keeps what is there: nothing is published again, no password is reset.
    const again = await serve([...args, '--demo'], env, /Demo sign-ins:[\s\S]*service-manager/);
    expect(again.output()).not.toContain('Published');
    expect(again.output()).toMatch(/sales-rep\s+\(unchanged\)/);
    expect(await stop(again)).toBe(0);
  }, 180_000);

  it('on an empty database creates the administrator with a one-time password that must be changed', async () => {
    const { args, env } = await target('fresh');
    const served = await serve(args, env, /one-time password: \S+/);
    const password = /one-time password: (\S+)/.exec(served.output())![1]!;
    const admin = await login(served.base, 'admin', password);
    expect(admin.status).toBe(200);
    expect(admin.body.user?.mustChangePassword).toBe(true);
    expect(await stop(served)).toBe(0);
  }, 120_000);

  it('refuses a bad port as a usage error', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', 'eighty'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a number');
  });
});
