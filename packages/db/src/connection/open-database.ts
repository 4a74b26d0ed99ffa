import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import { fileURLToPath } from 'node:url';
import * as platform from '../schema/platform.ts';
import type { Database, Db } from './database.ts';
import { listenOnPostgres } from './postgres-listener.ts';

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; in memory when absent. */
  dataDir?: string;
  /** A PGlite data dump (from `dumpPglite`) to start from, much faster than migrating anew. */
  loadDataDir?: Blob | File;
  /** Apply migrations (default true). */
  migrate?: boolean;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Opens the database: PostgreSQL when a URL is given, else embedded PGlite; applies migrations. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  const client = await PGlite.create(options.dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  const db = drizzlePglite({ client, schema: platform }) as unknown as Db;
  if (options.migrate !== false) await migratePglite(drizzlePglite({ client }), { migrationsFolder });
  return {
    kind: 'pglite',
    db,
    rows: (query, tx) => rowsOf(tx ?? db, query),
    async listen(channel, onMessage) {
      const unsubscribe = await client.listen(channel, onMessage);
      return async () => unsubscribe();
    },
    async notify(channel, payload, tx) {
      await (tx ?? db).execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    close: () => client.close(),
    dumpDataDir: async () => (await client.dumpDataDir('none')) as Blob,
  };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle pooled connection the server drops (restart, `DROP DATABASE … WITH (FORCE)`) emits
  // 'error' on the pool; unhandled, that would crash the process. The pool discards the client.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') process.emitWarning(`PostgreSQL pool: ${error.message}`);
  });
  const db = drizzlePg({ client: pool, schema: platform }) as unknown as Db;
  const dialect = new PgDialect();
  const prepared = async <T>(query: SQL, prefix: string, client: pg.Pool | pg.PoolClient): Promise<T[]> => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const name = `${prefix}_${createHash('sha1').update(text).digest('base64url')}`;
    const result = await client.query({ name, text, values: params as unknown[] });
    return result.rows as T[];
  };
  // a transaction's own connection (drizzle's node-postgres session holds it as `client`)
  const clientOf = (tx: Db) => (tx as unknown as { session: { client: pg.PoolClient } }).session.client;
  if (options.migrate !== false) await migratePg(drizzlePg({ client: pool }), { migrationsFolder });
  const unlisteners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    db,
    rows: (query, tx, options) => (options?.prepareAs === undefined ? rowsOf(tx ?? db, query) : prepared(query, options.prepareAs, tx ? clientOf(tx) : pool)),
    async listen(channel, onMessage) {
      const stop = await listenOnPostgres(url, channel, onMessage);
      unlisteners.add(stop);
      return async () => {
        unlisteners.delete(stop);
        await stop();
      };
    },
    async notify(channel, payload, tx) {
      await (tx ?? db).execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    async close() {
      await Promise.all([...unlisteners].map((stop) => stop()));
      await pool.end();
    },
  };
}
