import { randomBytes } from 'node:crypto';
import { openDatabase, quoteIdent, sqlText, type Database } from '@mainline/db';

/** A throw-away database on the server at `url`, dropped after `run`. */
export async function withDatabase<T>(url: string, run: (database: Database, url: string) => Promise<T>): Promise<T> {
  const name = `mainline_bench_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url, migrate: false, poolSize: 1 });
  await admin.db.execute(sqlText(`CREATE DATABASE ${quoteIdent(name)}`));
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString() });
  try {
    return await run(database, dbUrl.toString());
  } finally {
    await database.close();
    // pool.end() resolves before its sockets are closed: a forced drop now would kill a closing
    // connection, and the pool (no 'error' listener) would crash the process
    for (let i = 0; i < 50; i++) {
      const sessions = await admin.rows<{ n: number }>(sqlText('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]));
      if (sessions[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.db.execute(sqlText(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    await admin.close();
  }
}
