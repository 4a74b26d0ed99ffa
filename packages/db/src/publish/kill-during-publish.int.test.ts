import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { publishPackage } from './publish-package.ts';
import { bigPackage } from './testing/big-package.ts';
import { configPackage, field, object } from './testing/packages.ts';
import { physicalSnapshot } from './testing/records.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./testing/publish-child.ts', import.meta.url));

const children = new Set<ChildProcess>();

/** Runs the child publish until it pauses at `pauseAt` inside its transaction, then SIGKILLs it. */
function publishAndKill(url: string, pauseAt: string, beforeKill: () => Promise<void>): Promise<{ output: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader (not the tsx binary, which would run the script in a grandchild the kill misses)
    const proc = spawn(process.execPath, ['--import', 'tsx', child, url, pauseAt, '60', '60'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(proc);
    proc.on('exit', () => children.delete(proc));
    let output = '';
    let paused = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('paused\n') && !paused) {
        paused = true;
        void beforeKill().finally(() => proc.kill('SIGKILL'));
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => resolve({ output, signal }));
  });
}

describe.runIf(testEngine() === 'postgres')('killing a process during a publish (PostgreSQL only)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    await publishPackage(database, configPackage([object('o0', [field('name', 'text')])]));
  });
  afterAll(async () => {
    for (const proc of children) proc.kill('SIGKILL');
    await database?.close();
  });

  for (const [when, pauseAt] of [
    ['in the middle of the DDL', 'createIndex:300'],
    ['after all DDL, just before the commit', 'notify'],
  ] as const) {
    it(`leaves the old version in force and no partial DDL when killed ${when}`, async () => {
      const before = await physicalSnapshot(database);
      let locks = 0;
      const { output, signal } = await publishAndKill(database.url!, pauseAt, async () => {
        // the child's transaction is open and holds the locks of the DDL it ran
        const [row] = await database.rows<{ n: number }>(sql`
          SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE a.datname = current_database() AND a.state LIKE 'idle in transaction%' AND l.mode = 'AccessExclusiveLock' AND l.locktype = 'relation'`);
        locks = row!.n;
      });
      expect(locks).toBeGreaterThan(59);
      expect(signal).toBe('SIGKILL');
      expect(output.match(/^step createTable:\d+$/gm)).toHaveLength(59);
      expect(output).not.toContain('committed');
      // the server notices the dead client and rolls its transaction back
      await expect
        .poll(async () => (await database.rows(sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`)).length, { timeout: 10_000 })
        .toBe(0);
      expect(await physicalSnapshot(database)).toEqual(before);
      expect(await database.rows(sql`SELECT unit_key, version_id FROM rollout_assignments`)).toEqual([{ unit_key: '*', version_id: 1 }]);
      expect(await database.rows(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'rec'`)).toEqual([{ table_name: 'o0' }]);
    });
  }

  it('lets the same publish succeed afterwards', async () => {
    const result = await publishPackage(database, bigPackage(60, 60));
    expect(result.versionId).toBe(2);
  });
});
