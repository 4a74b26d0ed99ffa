import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { planInstanceMigration, type ActiveNodePlan, type InstanceState } from '@mainline/engine';
import { auditLog, processInstances } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { transactRetrying } from '../org/lib/transact.ts';
import { migrationAction, migrateStoredInstance, type InstanceMigrationAction, type InstanceMigrationOutcome } from './lib/migrate-stored-instance.ts';
import { migrationRequest, type MigrateInstancesInput } from './lib/migration-request.ts';

export type { MigrateInstancesInput } from './lib/migration-request.ts';

/** One active node across the instances: where it lands and how many instances rest there. */
export interface MigrationNodeSummary extends Omit<ActiveNodePlan, 'tokens'> {
  instances: number;
}

export interface MigrationInstanceLine {
  id: string;
  recordId: string;
  action: InstanceMigrationAction;
  /** The active nodes of the instance. */
  nodes: string[];
  /** Why it cannot move as it is (empty when it can). */
  problems: string[];
}

export interface MigrationReport {
  process: string;
  from: number;
  to: number;
  dryRun: boolean;
  /** The `details.migration` of the audit entry and of each instance's `instance.migrated` event; null on a dry run. */
  migrationId: string | null;
  /** Running instances of the process on `from` when the migration began. */
  instances: number;
  nodes: MigrationNodeSummary[];
  outcome: Record<InstanceMigrationAction, number>;
  /** The instances, in id order, first MAX_LINES of them. */
  lines: MigrationInstanceLine[];
  truncated: boolean;
}

const BATCH = 200;
const MAX_LINES = 1000;

/**
 * Moves the running instances of a process from one configuration version to another (admins who
 * publish). Each instance moves on its own when every active node still exists with the same type
 * or is mapped (`map`); the rest are kept on their version (default), cancelled or restarted at a
 * node of the new version, as the admin chose. A dry run reports, per active node and per
 * instance, what would happen and changes nothing. Instances move in batches of BATCH, one
 * transaction each, under each instance's row lock (taken after its open tasks', as a completion
 * takes them), so a task completed meanwhile is either before or after the move; a batch that
 * loses a deadlock runs again. `onProgress` hears after each batch. When a batch fails, the
 * batches before it stay moved and the audit entry records them with the failure.
 */
export async function migrateInstances(ctx: OperationContext, input: MigrateInstancesInput, onProgress?: (done: number, total: number) => void): Promise<MigrationReport> {
  requirePermission(ctx.actor, 'publish');
  const request = await migrationRequest(ctx, input);
  const migrationId = request.dryRun ? null : randomUUID();
  const report: MigrationReport = {
    process: request.processId,
    from: request.from.id,
    to: request.to.id,
    dryRun: request.dryRun,
    migrationId,
    instances: 0,
    nodes: [],
    outcome: { migrate: 0, cancel: 0, restart: 0, keep: 0 },
    lines: [],
    truncated: false,
  };
  const nodes = new Map<string, MigrationNodeSummary>();
  const count = (id: string, recordId: string, action: InstanceMigrationAction, plan: { nodes: ActiveNodePlan[] }) => {
    report.outcome[action]++;
    for (const { tokens: _tokens, ...node } of plan.nodes) {
      const key = `${node.node}\u0000${node.status}\u0000${node.target}`;
      const summary = nodes.get(key) ?? { ...node, instances: 0 };
      summary.instances++;
      nodes.set(key, summary);
    }
    if (report.lines.length < MAX_LINES) report.lines.push({ id, recordId, action, nodes: plan.nodes.map((n) => n.node), problems: plan.nodes.flatMap((n) => (n.problem === null ? [] : [n.problem])) });
    else report.truncated = true;
  };

  const live = and(eq(processInstances.processId, request.processId), eq(processInstances.versionId, request.from.id), inArray(processInstances.status, ['running', 'incident']));
  report.instances = await ctx.database.db.$count(processInstances, live);
  let after: string | null = null;
  let done = 0;
  let failed: string | null = null;
  try {
    for (;;) {
      const batch = await ctx.database.db
        .select({ id: processInstances.id, recordId: processInstances.recordId, state: processInstances.state })
        .from(processInstances)
        .where(after === null ? live : and(live, gt(processInstances.id, after)))
        .orderBy(asc(processInstances.id))
        .limit(BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      if (request.dryRun) {
        for (const row of batch) {
          const plan = planInstanceMigration(request.source, request.target, row.state as unknown as InstanceState, request.map);
          count(row.id, row.recordId, migrationAction(request, plan), plan);
        }
      } else {
        // counted once the batch committed (a batch sent back by a deadlock runs again)
        const moved = await transactRetrying(ctx, async (tx) => {
          const outcomes: [string, string, InstanceMigrationOutcome][] = [];
          for (const row of batch) {
            const outcome = await migrateStoredInstance(ctx, tx, request, row.id, migrationId!);
            if (outcome) outcomes.push([row.id, row.recordId, outcome]);
          }
          return outcomes;
        });
        for (const [id, recordId, outcome] of moved) count(id, recordId, outcome.action, outcome.plan);
      }
      done += batch.length;
      onProgress?.(Math.min(done, report.instances), report.instances);
    }
  } catch (error) {
    failed = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    report.nodes = [...nodes.values()];
    // what was moved stays moved: the audit entry says so even when a later batch failed
    if (!request.dryRun) {
      await ctx.database.db.insert(auditLog).values({
        actorId: ctx.actor.userId,
        action: 'process.migrate',
        versionId: request.to.id,
        details: { migration: migrationId, process: request.processId, from: request.from.id, to: request.to.id, map: request.map, unmapped: request.unmapped, restartAt: request.restartAt, outcome: report.outcome, failed },
      });
    }
  }
  return report;
}
