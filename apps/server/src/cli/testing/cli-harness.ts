import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { openDatabase, openTestDatabase, testEngine, type Database, type TestDatabase } from '@mainline/db';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../../', import.meta.url));

/** What one `mainline` process did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliHarnessOptions {
  /** Start of the temporary work directory's name, e.g. `mainline-csv-`. */
  prefix: string;
  /** More environment variables the commands must not see (DATABASE_URL and MAINLINE_DATA never reach them). */
  unset?: string[];
}

/** One database for a describe block, reached by real `mainline` processes and from the test. */
export interface CliHarness {
  /** A temporary directory for the test's files; the PGlite --data directory is inside it. */
  work: string;
  dataDir: string;
  /** The commands' environment: plain output in English, user `tester`, and DATABASE_URL once `open` found PostgreSQL. */
  env: NodeJS.ProcessEnv;
  /** Runs `mainline <args> --data <dataDir>` as its own process (2–3 s: Node loads the server code and opens the database). */
  mainline(args: string[], options?: { input?: string }): CliRun;
  /** Writes a file into the work directory and returns its path. */
  file(name: string, text: string): string;
  /** The same database from the test process (PGlite: only while no command runs). */
  use<T>(work: (database: Database) => Promise<T>): Promise<T>;
  /** For beforeAll: with MAINLINE_TEST_DB=postgres, opens a throw-away PostgreSQL database for the commands. */
  open(): Promise<void>;
  /** For afterAll: closes that database and removes the work directory. */
  close(): Promise<void>;
}

/**
 * Runs the real `mainline` command against a PGlite --data directory, or with
 * MAINLINE_TEST_DB=postgres against a throw-away PostgreSQL database. Call it in a describe block.
 */
export function cliHarness({ prefix, unset = [] }: CliHarnessOptions): CliHarness {
  // each command is a process that loads the whole server code (2–3 s on a busy 2-core machine),
  // and a test runs several: the default 60 s is too tight for the file's tests
  vi.setConfig({ testTimeout: 180_000 });
  const work = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(work, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LANG: 'C', USER: 'tester' };
  for (const name of ['DATABASE_URL', 'MAINLINE_DATA', ...unset]) delete env[name];
  let postgres: TestDatabase | undefined;
  return {
    work,
    dataDir,
    env,
    mainline(args, { input } = {}) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', main, ...args, '--data', dataDir], { cwd: root, encoding: 'utf8', env, input: input ?? '' });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    file(name, text) {
      writeFileSync(join(work, name), text);
      return join(work, name);
    },
    async use(work) {
      if (postgres) return work(postgres);
      const database = await openDatabase({ dataDir });
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },
    async open() {
      if (testEngine() === 'postgres') {
        postgres = await openTestDatabase();
        env.DATABASE_URL = postgres.url;
      }
    },
    async close() {
      await postgres?.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
