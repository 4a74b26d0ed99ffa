import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../connection/open-database.ts';
import type { Database } from '../connection/database.ts';

/** Which engine integration tests run on: MAINLINE_TEST_DB=postgres, else PGlite. */
export function testEngine(): 'pglite' | 'postgres' {
  return process.env.MAINLINE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** The PostgreSQL server tests create their throw-away databases on. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

let pgliteDump: Promise<Blob> | undefined;

/** A migrated PGlite, dumped once per test worker: each test database starts from it in ~0.5 s instead of ~3 s. */
function migratedPgliteDump(): Promise<Blob> {
  pgliteDump ??= (async () => {
    const database = await openDatabase();
    const dump = await dumpPglite(database);
    await database.close();
    return dump;
  })();
  return pgliteDump;
}

async function dumpPglite(database: Database): Promise<Blob> {
  if (!database.dumpDataDir) throw new Error('not a PGlite database');
  return database.dumpDataDir();
}

export interface TestDatabase extends Database {
  /** Connection string of the throw-away PostgreSQL database (postgres engine only). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a throw-away database on
 * the PostgreSQL server, dropped again by `close()`.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'pglite') return openDatabase({ loadDataDir: await migratedPgliteDump(), migrate: false });
  const serverUrl = testServerUrl();
  const name = `mainline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${serverUrl} (${String(error)}). Start one (apt-get install -y postgresql && pg_ctlcluster 15 main start) or set DATABASE_URL.`,
      { cause: error },
    );
  }
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
