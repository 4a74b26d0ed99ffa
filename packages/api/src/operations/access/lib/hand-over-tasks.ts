import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { table } from '../../records/lib/record-rows.ts';
import type { HandoverObject, HandoverPlan } from './handover-plan.ts';

export interface HandedOverTasks {
  total: number;
  /** Open tasks reassigned (on a dry run: that would be) per object, in the order handed over. */
  byObject: Record<string, number>;
}

/**
 * The tasks step of a handover, in its transaction, before the records step (which changes the
 * owner its condition reads): the open tasks assigned to `from` — by name or claimed — on the
 * records of `HandoverObject.tasksOn` go to `to`. Per object one statement: a count on a dry run,
 * else one `UPDATE … RETURNING` feeding one `INSERT … SELECT` of a `task.reassigned` process event
 * per task (actor the caller; details from, to, reason `handover` and the handover's id).
 * Set-based: nothing is read into memory, whatever the number of tasks. A claimed task stays
 * claimed (now by `to`, who may give it back to its role or queue); a task assigned by name stays
 * assigned by name.
 */
export async function handOverTasks(ctx: OperationContext, tx: Db, plan: HandoverPlan): Promise<HandedOverTasks> {
  const byObject: Record<string, number> = {};
  let total = 0;
  for (const object of plan.objects) {
    const n = plan.dryRun ? await countTasks(ctx, tx, plan, object) : await moveTasks(ctx, tx, plan, object);
    byObject[object.target.object.id] = n;
    total += n;
  }
  return { total, byObject };
}

/** `from`'s open tasks on the object's records where `tasksOn` holds, as a condition on `process_tasks` (alias `pt`). */
function tasksOf(plan: HandoverPlan, { target, tasksOn }: HandoverObject) {
  return sql`pt.status = 'open' AND pt.assignee_id = ${plan.from}::uuid AND pt.object_id = ${target.object.id}
    AND EXISTS (SELECT 1 FROM ${table(target)} AS t WHERE t."id" = pt.record_id AND ${tasksOn})`;
}

async function countTasks(ctx: OperationContext, tx: Db, plan: HandoverPlan, object: HandoverObject): Promise<number> {
  const [row] = await ctx.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM process_tasks AS pt WHERE ${tasksOf(plan, object)}`, tx);
  return row!.n;
}

async function moveTasks(ctx: OperationContext, tx: Db, plan: HandoverPlan, object: HandoverObject): Promise<number> {
  const now = new Date().toISOString();
  const details = JSON.stringify({ from: plan.from, to: plan.to, reason: 'handover', handover: plan.id, by: ctx.actor.username, via: ctx.actor.via });
  const [row] = await ctx.database.rows<{ n: number }>(
    sql`WITH moved AS (
          UPDATE process_tasks AS pt
             SET assignee_id = ${plan.to}::uuid, claimed_at = CASE WHEN pt.claimed_at IS NULL THEN NULL ELSE ${now}::timestamptz END
           WHERE ${tasksOf(plan, object)}
          RETURNING pt.id, pt.instance_id, pt.node_id
        ), events AS (
          INSERT INTO process_events (instance_id, task_id, type, node_id, at, actor_id, details)
          SELECT m.instance_id, m.id, 'task.reassigned', m.node_id, ${now}::timestamptz, ${ctx.actor.userId}::uuid, ${details}::jsonb
            FROM moved AS m
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM events`,
    tx,
  );
  return row!.n;
}
