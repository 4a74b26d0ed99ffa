import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../connection/database.ts';
import { createIndexSql, dropIndexSql } from '../records/ddl.ts';
import { RECORD_SCHEMA } from '../records/sql-names.ts';
import { publishTasks, recordIndexes } from '../schema/publishing.ts';
import { dbError } from './db-error.ts';

export interface IndexBuildReport {
  name: string;
  status: 'ready' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

/** A claimed task whose process shows no build progress for this long was abandoned (the process died). */
const ABANDONED_AFTER = '1 minute';

/**
 * Builds the indexes a publish left pending (large tables on PostgreSQL) with CREATE INDEX
 * CONCURRENTLY, which does not block writers, outside any transaction. Safe to call at any time
 * from any process: a task is claimed by one process with an UPDATE, a build in progress
 * elsewhere is left alone, and a build a crash interrupted (an INVALID index) is dropped and
 * built again.
 */
export async function buildPendingIndexes(database: Database, only?: readonly string[]): Promise<IndexBuildReport[]> {
  const reports: IndexBuildReport[] = [];
  const concurrently = database.kind === 'postgres';
  const tasks = await database.db
    .select()
    .from(publishTasks)
    .where(and(eq(publishTasks.kind, 'buildIndex'), inArray(publishTasks.status, ['pending', 'running'])))
    .orderBy(publishTasks.id);
  for (const task of tasks) {
    const name = String(task.payload.name);
    if (only && !only.includes(name)) continue;
    const start = performance.now();
    if (!(await claim(database, task.id, name))) continue;
    const [index] = await database.db.select().from(recordIndexes).where(eq(recordIndexes.name, name));
    if (!index || index.status !== 'pending') {
      await finishTask(database, task.id, 'done', null);
      reports.push({ name, status: 'skipped', ms: performance.now() - start });
      continue;
    }
    try {
      const leftover = await database.rows(sql`
        SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${RECORD_SCHEMA} AND c.relname = ${name} AND NOT i.indisvalid`);
      if (leftover.length > 0) await database.db.execute(sql.raw(dropIndexSql(name, concurrently)));
      await database.db.execute(sql.raw(createIndexSql(index.spec, concurrently)));
      await database.db.update(recordIndexes).set({ status: 'ready', error: null }).where(eq(recordIndexes.name, name));
      await finishTask(database, task.id, 'done', null);
      reports.push({ name, status: 'ready', ms: performance.now() - start });
    } catch (error) {
      const { message } = dbError(error);
      await database.db.execute(sql.raw(dropIndexSql(name, concurrently))).catch(() => undefined);
      await database.db.update(recordIndexes).set({ status: 'failed', error: message }).where(eq(recordIndexes.name, name));
      await finishTask(database, task.id, 'failed', message);
      reports.push({ name, status: 'failed', ms: performance.now() - start, error: message });
    }
  }
  return reports;
}

async function claim(database: Database, taskId: number, name: string): Promise<boolean> {
  if (database.kind === 'postgres') {
    const building = await database.rows(sql`
      SELECT 1 FROM pg_stat_progress_create_index p JOIN pg_class c ON c.oid = p.index_relid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${RECORD_SCHEMA} AND c.relname = ${name}`);
    if (building.length > 0) return false;
  }
  const claimed = await database.rows(sql`
    UPDATE publish_tasks SET status = 'running', claimed_at = now()
    WHERE id = ${taskId} AND (status = 'pending' OR (status = 'running' AND claimed_at < now() - ${ABANDONED_AFTER}::interval))
    RETURNING id`);
  return claimed.length > 0;
}

async function finishTask(database: Database, id: number, status: 'done' | 'failed', error: string | null): Promise<void> {
  await database.db.update(publishTasks).set({ status, error, finishedAt: new Date() }).where(eq(publishTasks.id, id));
}

