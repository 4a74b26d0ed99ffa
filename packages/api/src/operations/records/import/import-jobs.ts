import { rm } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { importJobs } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { requireReader } from '../lib/read-scope.ts';
import { recordTarget } from '../lib/record-target.ts';
import { importRecords, importScope } from './import-records.ts';
import type { ImportRecordsInput } from './import-types.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';

export type ImportJob = typeof importJobs.$inferSelect;

export interface StartImportJobInput extends Omit<ImportRecordsInput, 'source' | 'onProgress'> {
  /** The uploaded CSV, stored as a file: the job reads it and removes it when done. */
  file: string;
}

/**
 * Queues an import of an uploaded file and runs it in the background of this process (status
 * queued → importing (validating for a dry run) → done | failed; counters after every batch — on
 * PGlite, whose one connection the import's transaction holds, they are written when it ends). Returns the job
 * as queued; `finished` settles when it has run (tests and shutdown wait on it).
 */
export async function startImportJob(ctx: OperationContext, input: StartImportJobInput): Promise<{ job: ImportJob; finished: Promise<void> }> {
  const target = await recordTarget(ctx, input.object);
  importScope(ctx, target, input.keyField);
  const { file, ...options } = input;
  const [job] = await ctx.database.db.insert(importJobs).values({ objectId: target.object.id, options, createdBy: ctx.actor.userId }).returning();
  const finished = runJob(ctx, job!.id, input).finally(() => rm(file, { force: true }));
  return { job: job!, finished };
}

async function runJob(ctx: OperationContext, id: string, input: StartImportJobInput): Promise<void> {
  const db = ctx.database.db;
  let phase = 'queued';
  try {
    await db.update(importJobs).set({ status: 'validating', startedAt: new Date() }).where(eq(importJobs.id, id));
    const { file, ...options } = input;
    let pending = Promise.resolve();
    const report = await importRecords(ctx, {
      ...options,
      source: file,
      onProgress: (p) => {
        const status = p.phase;
        phase = status;
        pending = pending.then(() => db.update(importJobs).set({ status, rowsRead: p.rowsRead, rowsWritten: p.rowsWritten, rowsFailed: p.rowsFailed }).where(eq(importJobs.id, id)).then(() => {}));
      },
    });
    await pending;
    const written = report.created + report.updated + report.unchanged;
    await db
      .update(importJobs)
      .set({ status: report.ok ? 'done' : 'failed', rowsRead: report.rowsRead, rowsWritten: report.dryRun ? 0 : written, rowsFailed: report.failed, report: report as unknown as Record<string, unknown>, finishedAt: new Date() })
      .where(eq(importJobs.id, id));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.update(importJobs).set({ status: 'failed', error: `${phase}: ${message}`, finishedAt: new Date() }).where(eq(importJobs.id, id));
  }
}

/** A job with its progress and report: visible to the user who started it and to admins (404 to others). */
export async function getImportJob(ctx: OperationContext, input: { id: string }): Promise<ImportJob> {
  requireReader(ctx);
  const notFound = new OperationError(404, 'records.import.job-not-found', `There is no import job ${input.id}.`, [{ pointer: '/id', code: 'records.import.job-not-found', message: 'No such import job.' }]);
  if (!isUuid(input.id)) throw notFound;
  const [job] = await ctx.database.db.select().from(importJobs).where(eq(importJobs.id, input.id));
  // a job's report quotes the file's cells: it is for the one who started it (and the command line)
  if (!job || (job.createdBy !== ctx.actor.userId && ctx.actor.via !== 'cli')) throw notFound;
  return job;
}
