import { and, eq, isNull, sql } from 'drizzle-orm';
import { processTasks, processInstances, type ActiveVersion } from '@mainline/db';
import type { LocalizedText } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { requireReader } from '../records/lib/read-scope.ts';
import { versionById, versionInForce } from '../records/lib/version-in-force.ts';
import { candidacy, candidateSql } from './lib/task-candidates.ts';

export interface ListTasksInput {
  /** `mine`: assigned to the caller; `available`: unclaimed ones they may take; `all` (default): both. */
  view?: 'all' | 'mine' | 'available';
  /** At most this many (1–200, default 50). */
  limit?: number;
}

export interface InboxTask {
  id: string;
  process: { id: string; label: LocalizedText };
  node: { id: string; label: LocalizedText | null; form: string | null; outcomes: { id: string; label: LocalizedText; requiresComment: boolean }[] };
  object: string;
  recordId: string;
  instanceId: string;
  stage: string | null;
  assigneeId: string | null;
  candidateRole: string | null;
  queueId: string | null;
  priority: number | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
}

/**
 * The caller's inbox: their tasks, and the unclaimed tasks of their roles (in the task's unit) and
 * queues — highest priority first, then the earliest due, then the oldest.
 */
export async function listTasks(ctx: OperationContext, input: ListTasksInput = {}): Promise<InboxTask[]> {
  requireReader(ctx);
  if (!ctx.actor.userId) throw new OperationError(422, 'process.no-inbox', 'The command line has no inbox: list the tasks of a user (mainline tasks --user <username>).');
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new OperationError(422, 'process.invalid', 'The limit is a whole number from 1 to 200.', [{ pointer: '/limit', code: 'process.limit', message: '1 to 200.' }]);
  const view = input.view ?? 'all';
  if (!['all', 'mine', 'available'].includes(view)) throw new OperationError(422, 'process.invalid', 'The view is all, mine or available.', [{ pointer: '/view', code: 'process.view', message: 'all, mine or available.' }]);
  const version = await versionInForce(ctx);
  const mine = candidacy(ctx, version);
  const narrowed = view === 'mine' ? eq(processTasks.assigneeId, mine.userId) : view === 'available' ? isNull(processTasks.assigneeId) : sql`true`;
  const rows = await ctx.database.db
    .select({ task: processTasks, stage: processInstances.stage })
    .from(processTasks)
    .innerJoin(processInstances, eq(processInstances.id, processTasks.instanceId))
    .where(and(candidateSql(mine, 'process_tasks'), narrowed))
    .orderBy(sql`${processTasks.priority} DESC NULLS LAST`, sql`${processTasks.dueAt} ASC NULLS LAST`, processTasks.createdAt)
    .limit(limit);
  const versions = new Map<number, ActiveVersion>();
  for (const id of new Set(rows.map((r) => r.task.versionId))) versions.set(id, id === version.id ? version : await versionById(ctx, id));
  const now = Date.now();
  return rows.map(({ task, stage }) => {
    const process = versions.get(task.versionId)!.package.processes?.find((p) => p.id === task.processId);
    const node = process?.nodes.find((n) => n.id === task.nodeId);
    const userTask = node?.type === 'userTask' ? node : null;
    return {
      id: task.id,
      process: { id: task.processId, label: process?.label ?? { en: task.processId, 'zh-CN': task.processId } },
      node: {
        id: task.nodeId,
        label: node?.label ?? null,
        form: userTask?.form ?? null,
        outcomes: (userTask?.outcomes ?? []).map((o) => ({ id: o.id, label: o.label, requiresComment: o.requiresComment === true })),
      },
      object: task.objectId,
      recordId: task.recordId,
      instanceId: task.instanceId,
      stage,
      assigneeId: task.assigneeId,
      candidateRole: task.candidateRole,
      queueId: task.queueId,
      priority: task.priority,
      dueAt: task.dueAt?.toISOString() ?? null,
      overdue: task.dueAt !== null && task.dueAt.getTime() < now,
      createdAt: task.createdAt.toISOString(),
    };
  });
}

