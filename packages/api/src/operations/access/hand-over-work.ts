import { sql } from 'drizzle-orm';
import { auditLog, type Db } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, type Problem } from '../../errors.ts';
import { transact } from '../org/lib/transact.ts';
import { activeOrgUnitProblem, activeOwnerProblem } from '../records/lib/ownership.ts';
import { callerLocale } from '../records/lib/prepare-write.ts';
import { versionInForce } from '../records/lib/version-in-force.ts';
import { requireWriter } from '../records/lib/write-scope.ts';
import { handOverRecords, type HandedOverRecords } from './lib/hand-over-records.ts';
import { handOverTasks, type HandedOverTasks } from './lib/hand-over-tasks.ts';
import { planHandover, type HandOverWorkInput, type HandoverPlan } from './lib/handover-plan.ts';

export type { HandOverWorkInput } from './lib/handover-plan.ts';

export interface HandoverResult {
  dryRun: boolean;
  /** `details.handover` of the audit entries written (null on a dry run: nothing is written). */
  handoverId: string | null;
  versionId: number;
  from: { id: string; username: string };
  to: { id: string; username: string };
  orgUnit: string | null;
  records: HandedOverRecords;
  /** Open process tasks of `from` reassigned to `to` (on a dry run: that would be). */
  tasks: HandedOverTasks;
}

/**
 * Hands the work of one user over to another (an employee leaves or moves): the records `from`
 * owns — of the objects named, or of every object the caller may transfer, matching the filter,
 * within the caller's read and transfer rules — go to `to` (and to `orgUnit` when given), all in
 * one transaction: one audit entry per record (`record.transfer`) and one summary entry
 * (`access.handover`), or nothing at all when anything fails. The open tasks assigned to `from`
 * go to `to` in the same transaction: those on the records that move, and — for an object handed
 * over without a filter, all of `from`'s work there — those on every live record of it the caller
 * may read (a `task.reassigned` process event each). `dryRun` counts what would move and writes
 * nothing. Needs the transfer grant on every object included (403 for an object named
 * without it); `to` must be an active user, `from` may be disabled.
 */
export async function handOverWork(ctx: OperationContext, input: HandOverWorkInput): Promise<HandoverResult> {
  requireWriter(ctx);
  const version = await versionInForce(ctx);
  const plan = planHandover(ctx, version, input);
  return transact(ctx, async (tx) => {
    const users = await handoverUsers(ctx, tx, plan);
    // tasks first: their condition reads the records' owner, which the records step changes
    const tasks = await handOverTasks(ctx, tx, plan);
    const records = await handOverRecords(ctx, tx, plan);
    const result: HandoverResult = { dryRun: plan.dryRun, handoverId: plan.dryRun ? null : plan.id, versionId: version.id, ...users, orgUnit: plan.orgUnit, records, tasks };
    if (!plan.dryRun) await auditHandover(ctx, tx, plan, result);
    return result;
  });
}

/** `from` must exist (disabled or not), `to` must be active, the unit must not be retired: 422 at /from, /to, /orgUnit. */
async function handoverUsers(ctx: OperationContext, tx: Db, plan: HandoverPlan): Promise<Pick<HandoverResult, 'from' | 'to'>> {
  const locale = callerLocale(ctx);
  const problems: Problem[] = [];
  const named = await ctx.database.rows<{ id: string; username: string }>(sql`SELECT id::text AS id, username FROM users WHERE id IN (${plan.from}::uuid, ${plan.to}::uuid)`, tx);
  const from = named.find((u) => u.id === plan.from.toLowerCase());
  const to = named.find((u) => u.id === plan.to.toLowerCase());
  if (!from) problems.push({ pointer: '/from', code: 'access.handover.from-unknown', message: locale === 'zh-CN' ? `用户 ${plan.from} 不存在。` : `There is no user ${plan.from}.` });
  const inactive = await activeOwnerProblem(ctx, tx, plan.to, '/to', locale);
  if (inactive) problems.push(inactive);
  const unit = plan.orgUnit === null ? null : await activeOrgUnitProblem(ctx, tx, plan.orgUnit, '/orgUnit', locale);
  if (unit) problems.push(unit);
  if (problems.length > 0) {
    throw new OperationError(422, 'access.handover.invalid', problems.length === 1 ? problems[0]!.message : `The handover has ${problems.length} problems.`, problems);
  }
  return { from: from!, to: to! };
}

/** The summary entry of a handover (a platform entry: no object, no record), beside the records' own entries. */
async function auditHandover(ctx: OperationContext, tx: Db, plan: HandoverPlan, result: HandoverResult): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: ctx.actor.userId,
    action: 'access.handover',
    versionId: plan.version.id,
    details: {
      by: ctx.actor.username,
      via: ctx.actor.via,
      handover: plan.id,
      from: result.from,
      to: result.to,
      orgUnit: plan.orgUnit,
      filters: Object.fromEntries(plan.objects.map((o) => [o.target.object.id, o.filter])),
      records: result.records,
      tasks: result.tasks,
    },
  });
}
