import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase, type Database } from '@mainline/db';

export interface DatabaseFlags {
  /** PGlite data directory (ignored when DATABASE_URL is set). */
  data?: string;
}

/** Where the embedded database lives unless `--data` or MAINLINE_DATA says otherwise. */
export const DEFAULT_DATA_DIR = '.data/mainline';

/** What the command will open, for messages: the PostgreSQL URL without its password, or the PGlite directory. */
export function describeDatabase(flags: DatabaseFlags): string {
  const url = process.env.DATABASE_URL;
  if (url) {
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    return `PostgreSQL ${shown.toString()}`;
  }
  return `PGlite ${resolve(dataDirOf(flags))}`;
}

function dataDirOf(flags: DatabaseFlags): string {
  return flags.data ?? process.env.MAINLINE_DATA ?? DEFAULT_DATA_DIR;
}

/**
 * Opens the database a CLI command works on: PostgreSQL when DATABASE_URL is set, else embedded
 * PGlite in `--data` (default `.data/mainline`), created and migrated on first use.
 */
export async function openCliDatabase(flags: DatabaseFlags = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) return openDatabase({ url });
  const dataDir = resolve(dataDirOf(flags));
  mkdirSync(dataDir, { recursive: true });
  return openDatabase({ dataDir });
}

/** Runs `work` on the CLI database and always closes it. */
export async function withCliDatabase<T>(flags: DatabaseFlags, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openCliDatabase(flags);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
