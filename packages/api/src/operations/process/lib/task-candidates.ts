import { sql, type SQL } from 'drizzle-orm';
import { roleClosure } from '@mainline/access';
import type { ActiveVersion } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { callerAccess } from '../../records/lib/caller-access.ts';

/** What makes the caller a candidate for unclaimed tasks: the roles they hold (inherited ones too) where they hold them, and their queues. */
export interface Candidacy {
  userId: string;
  /** Parallel arrays: role `roles[i]` held in unit `units[i]`. */
  roles: string[];
  units: string[];
  queues: string[];
}

/** The caller's candidacy in `version` (its roles, inheritance and queues); the caller's access must be resolved in it. */
export function candidacy(ctx: OperationContext, version: ActiveVersion): Candidacy {
  const { access } = callerAccess(ctx, version);
  const roles: string[] = [];
  const units: string[] = [];
  const byId = new Map(version.package.roles.map((r) => [r.id, r]));
  for (const held of access?.held ?? []) {
    for (const role of roleClosure(byId, held.roleId)) {
      roles.push(role.id);
      units.push(held.orgUnitId);
    }
  }
  const mine = new Set(roles);
  const queues = (version.package.queues ?? []).filter((q) => q.members.roles.some((r) => mine.has(r))).map((q) => q.id);
  return { userId: ctx.actor.userId ?? '', roles, units, queues };
}

/**
 * Open tasks the caller may work on, as SQL on `alias` (a process_tasks row): theirs; unclaimed
 * ones of a role they hold in the task's unit (a task to a role with no holder near the record is
 * for its holders anywhere); unclaimed ones of their queues.
 */
export function candidateSql(c: Candidacy, alias = 't'): SQL {
  const t = (column: string) => sql.raw(`"${alias}"."${column}"`);
  return sql`${t('status')} = 'open' AND (
    ${t('assignee_id')} = ${c.userId}::uuid
    OR (${t('assignee_id')} IS NULL AND ${t('candidate_role')} IS NOT NULL AND EXISTS (
      SELECT 1 FROM unnest(${sql.param(c.roles)}::text[], ${sql.param(c.units)}::uuid[]) AS h(role, unit)
       WHERE h.role = ${t('candidate_role')} AND (${t('candidate_unit')} IS NULL OR h.unit = ${t('candidate_unit')})))
    OR (${t('assignee_id')} IS NULL AND ${t('queue_id')} = ANY(${sql.param(c.queues)}::text[])))`;
}

/** The in-memory twin of candidateSql for one task row. */
export function isCandidate(c: Candidacy, task: { status: string; assigneeId: string | null; candidateRole: string | null; candidateUnit: string | null; queueId: string | null }): boolean {
  if (task.status !== 'open') return false;
  if (task.assigneeId !== null) return task.assigneeId === c.userId;
  if (task.candidateRole !== null) return c.roles.some((role, i) => role === task.candidateRole && (task.candidateUnit === null || c.units[i] === task.candidateUnit));
  return task.queueId !== null && c.queues.includes(task.queueId);
}
