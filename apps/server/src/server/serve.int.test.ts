import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine } from '@mainline/db';
import { startServer, type RunningServer } from './serve.ts';

/** A GET over a fresh connection (no keep-alive pool), resolving to status and body. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`startServer (${testEngine()})`, () => {
  let running: RunningServer | undefined;
  afterAll(() => running?.shutdown());

  it('prints its URLs, serves, and on shutdown finishes the request in flight, refuses new ones and closes the database', async () => {
    const opened = await openTestDatabase();
    let databaseClosed = false;
    const database = { ...opened, close: async () => ((databaseClosed = true), await opened.close()) };
    const lines: string[] = [];
    let started: () => void = () => {};
    const slowStarted = new Promise<void>((resolve) => (started = resolve));
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    running = await startServer({
      database,
      port: 0,
      logger: false,
      handleSignals: false,
      print: (line) => lines.push(line),
      setup: (app) => {
        app.get('/slow', { config: { auth: 'public' } }, async () => {
          started();
          await released;
          return { finished: true };
        });
      },
    });
    expect(lines[0]).toBe(`Mainline is running at ${running.urls.base}`);
    expect(lines.join('\n')).toContain(`${running.urls.base}/api/v1/health`);
    expect(lines.join('\n')).toContain(`${running.urls.base}/trpc`);
    expect((await get(running.urls.health)).status).toBe(200);

    const inFlight = get(`${running.urls.base}/slow`);
    await slowStarted;
    const shutdown = running.shutdown('test');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(get(running.urls.health)).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
    release();
    expect(await inFlight).toEqual({ status: 200, body: '{"finished":true}' });
    await shutdown;
    await running.closed;
    expect(databaseClosed).toBe(true);
  });

  it('shuts down on SIGTERM after the request in flight, and exits 0', async () => {
    const fixture = fileURLToPath(new URL('./testing/serve-fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const waitFor = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => stdout.includes(text) && resolve();
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          check();
        });
        child.once('exit', () => reject(new Error(`server exited before "${text}": ${stdout}${stderr}`)));
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor('Mainline is running at ');
    const base = /Mainline is running at (\S+)/.exec(stdout)?.[1];
    const inFlight = get(`${base}/slow`);
    await waitFor('slow-started');
    child.kill('SIGTERM');
    expect(await inFlight).toEqual({ status: 200, body: '{"finished":true}' });
    expect(await exited).toBe(0);
    expect(stdout).toContain('closed');
  });
});
