import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { ActiveVersion } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError, type Problem } from '../../../errors.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';
import { accessRulesSql } from '../../records/lib/access-sql.ts';
import { actionRules } from '../../records/lib/caller-access.ts';
import { filterSql } from '../../records/lib/filter-sql.ts';
import { readScope } from '../../records/lib/read-scope.ts';
import { targetIn, type RecordTarget } from '../../records/lib/record-target.ts';

export interface HandOverWorkInput {
  /** The user whose work is handed over (an id; may be disabled: someone who left). */
  from: string;
  /** The user who takes it (an id; must be active). */
  to: string;
  /** The objects whose records move; default every object the caller may transfer. */
  objects?: string[];
  /** A CEL filter for every object, or one per object id (objects without one move all of `from`'s records the caller may transfer). */
  filter?: string | Record<string, string>;
  /** The org unit the moved records go to (an id of a unit that is not retired); default: each keeps its unit. */
  orgUnit?: string;
  /** Count what would move; write nothing. */
  dryRun?: boolean;
}

/** One object of a handover: the records that move are the rows of `target` (alias `t`) where `where` holds. */
export interface HandoverObject {
  target: RecordTarget;
  /** Owned by `from`, live, matching the filter, allowed by the caller's read and transfer rules — compiled into SQL on alias `t`. */
  where: SQL;
  /**
   * The records (alias `t`) on which the open tasks of `from` move to `to`: with a filter, the
   * records that move (`where`); without one — all of `from`'s work on this object — every live
   * record of the object the caller may read (a manager's approval task on someone else's deal
   * goes too).
   */
  tasksOn: SQL;
  filter: string | null;
}

/**
 * A checked handover, ready to run in one transaction. Each kind of work moved (the open tasks of
 * `from`, then the records) is a step that takes this plan and the transaction.
 */
export interface HandoverPlan {
  /** In `details.handover` of every audit entry the handover writes. */
  id: string;
  version: ActiveVersion;
  from: string;
  to: string;
  orgUnit: string | null;
  dryRun: boolean;
  objects: HandoverObject[];
}

function invalid(problems: Problem[]): OperationError {
  const message = problems.length === 1 ? problems[0]!.message : `The handover has ${problems.length} problems.`;
  return new OperationError(422, 'access.handover.invalid', message, problems);
}

function denied(pointer: string, message: string): OperationError {
  return new OperationError(403, 'access.denied', message, [{ pointer, code: 'access.denied', message }]);
}

/**
 * Checks the input's shape, the objects (known; a transfer grant on each one named — 403 — or, by
 * default, every object with one) and the filters (valid CEL in the SQL subset), and compiles
 * which records of each object move. The users and the unit are checked in the transaction.
 */
export function planHandover(ctx: OperationContext, version: ActiveVersion, input: HandOverWorkInput): HandoverPlan {
  const problems: Problem[] = [];
  if (typeof input.from !== 'string' || !isUuid(input.from)) problems.push({ pointer: '/from', code: 'access.handover.from-unknown', message: `There is no user ${JSON.stringify(input.from)}.` });
  if (typeof input.to !== 'string' || !isUuid(input.to)) problems.push({ pointer: '/to', code: 'records.owner-inactive', message: `There is no active user ${JSON.stringify(input.to)}.` });
  else if (typeof input.from === 'string' && input.to.toLowerCase() === input.from.toLowerCase()) problems.push({ pointer: '/to', code: 'access.handover.same-user', message: 'The records already belong to this user: hand them over to someone else.' });
  if (input.objects !== undefined && (!Array.isArray(input.objects) || input.objects.length === 0 || input.objects.some((o) => typeof o !== 'string'))) {
    problems.push({ pointer: '/objects', code: 'access.handover.objects-invalid', message: 'Name at least one object id, or leave `objects` out for every object you may transfer.' });
  }
  if (input.orgUnit !== undefined && (typeof input.orgUnit !== 'string' || !isUuid(input.orgUnit))) problems.push({ pointer: '/orgUnit', code: 'records.org-unit-inactive', message: `There is no active org unit ${JSON.stringify(input.orgUnit)}.` });
  if (problems.length > 0) throw invalid(problems);

  const targets = handoverTargets(ctx, version, input.objects);
  const perObject = typeof input.filter === 'object' && input.filter !== null && !Array.isArray(input.filter) ? input.filter : null;
  if (perObject) {
    const included = new Set(targets.map((t) => t.object.id));
    const stray = Object.keys(perObject).filter((id) => !included.has(id));
    if (stray.length > 0) throw invalid(stray.map((id) => ({ pointer: `/filter/${id}`, code: 'access.handover.filter-object', message: `"${id}" is not among the objects handed over.` })));
  }
  const objects = targets.map((target): HandoverObject => {
    const id = target.object.id;
    const source = (perObject ? perObject[id] : input.filter) as string | undefined; // not a string: filterSql refuses it
    const filter = source === undefined ? sql`true` : filterSql(ctx, target, source, 't', perObject ? `/filter/${id}` : '/filter');
    const transfer = actionRules(ctx, version, id, 'transfer');
    const transferable = transfer === null ? sql`true` : accessRulesSql(ctx, target, 't', transfer);
    const readable = readScope(ctx, target, 't');
    const where = sql`t."owner" = ${input.from}::uuid AND t."deletedAt" IS NULL AND (${filter}) AND ${readable} AND ${transferable}`;
    const tasksOn = source === undefined ? sql`t."deletedAt" IS NULL AND ${readable}` : where;
    return { target, where, tasksOn, filter: source === undefined ? null : source };
  });
  return { id: randomUUID(), version, from: input.from, to: input.to, orgUnit: input.orgUnit ?? null, dryRun: input.dryRun === true, objects };
}

/** The objects named (each must be known and transferable by the caller), or every object the caller may transfer. */
function handoverTargets(ctx: OperationContext, version: ActiveVersion, named: readonly string[] | undefined): RecordTarget[] {
  const transferable = (id: string) => {
    const rules = actionRules(ctx, version, id, 'transfer');
    return rules === null || rules.length > 0;
  };
  if (named === undefined) {
    const targets = version.package.objects.filter((o) => transferable(o.id)).map((o) => targetIn(version, o.id));
    if (targets.length === 0) throw denied('', 'You may not transfer records of any object: a handover needs the transfer grant.');
    return targets;
  }
  const targets: RecordTarget[] = [];
  for (const [i, id] of named.entries()) {
    if (named.indexOf(id) !== i) continue;
    let target: RecordTarget;
    try {
      target = targetIn(version, id);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      throw new OperationError(error.status, error.code, error.message, error.problems.map((p) => ({ ...p, pointer: `/objects/${i}` })));
    }
    if (!transferable(id)) throw denied(`/objects/${i}`, `You may not transfer ${id} records.`);
    targets.push(target);
  }
  return targets;
}
