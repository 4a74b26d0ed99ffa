import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as platform from '../schema/platform.ts';

export type PlatformSchema = typeof platform;
/** A drizzle database or transaction over the platform schema, on PGlite or PostgreSQL alike. */
export type Db = PgDatabase<PgQueryResultHKT, PlatformSchema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /**
   * Runs a statement and returns its rows. `options.prepareAs` names it a prepared statement on
   * PostgreSQL (in `tx`, on the transaction's connection): parsed and planned once per pooled
   * connection, which for a hot, one-statement write is most of its cost. Its rows come with the
   * pg driver's own type parsing (timestamps as Dates). The name must change whenever the tables
   * it reads may (for example with the configuration version); PGlite ignores it.
   */
  rows<T = Record<string, unknown>>(query: SQL, tx?: Db, options?: { prepareAs?: string }): Promise<T[]>;
  /** Subscribes to a notification channel (LISTEN); returns the unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string, tx?: Db): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, to start other databases from. */
  dumpDataDir?(): Promise<Blob>;
}
