import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { advanceInstance, migrateInstance, planInstanceMigration, type InstanceMigrationPlan } from '@mainline/engine';
import { processEvents, processInstances, processTasks, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { recordEnv } from '../../records/lib/record-env.ts';
import { lockRecord } from '../../records/lib/record-rows.ts';
import { targetIn } from '../../records/lib/record-target.ts';
import { applyEffects } from './apply-effects.ts';
import type { MigrationRequest } from './migration-request.ts';
import { lockInstance } from './process-runtime.ts';

/** What a migration did (or, on a dry run, would do) with one instance. */
export type InstanceMigrationAction = 'migrate' | 'cancel' | 'restart' | 'keep';

export interface InstanceMigrationOutcome {
  action: InstanceMigrationAction;
  plan: InstanceMigrationPlan;
}

/** The action for an instance with this plan under the request: as it is when it can, else what the admin chose. */
export function migrationAction(request: MigrationRequest, plan: InstanceMigrationPlan): InstanceMigrationAction {
  if (plan.migratable) return 'migrate';
  return request.unmapped;
}

/**
 * Migrates one instance in `tx`: locks it (skipped when it ended or moved meanwhile), plans again
 * under the lock, then moves it as it is, restarts it at the chosen node, cancels it on its own
 * version, or keeps it. A moved instance's open tasks follow it (their version, and their node
 * when it was mapped); timers and tasks the move creates or cancels go through the usual effects,
 * and an `instance.migrated` event records the move.
 */
export async function migrateStoredInstance(ctx: OperationContext, tx: Db, request: MigrationRequest, instanceId: string, migrationId: string): Promise<InstanceMigrationOutcome | null> {
  const instance = await lockInstance(tx, instanceId);
  if (!instance || instance.versionId !== request.from.id || instance.processId !== request.processId) return null;
  if (instance.state.status === 'completed' || instance.state.status === 'terminated') return null;
  const plan = planInstanceMigration(request.source, request.target, instance.state, request.map);
  const action = migrationAction(request, plan);
  if (action === 'keep') return { action, plan };

  const now = new Date();
  const fromTarget = targetIn(request.from, instance.objectId);
  if (action === 'cancel') {
    const record = await lockRecord(ctx, tx, fromTarget, instance.recordId);
    const reason = `Cancelled by the migration of "${request.processId}" from version ${request.from.id} to ${request.to.id}.`;
    const result = advanceInstance(request.source, instance.state, { type: 'cancel', reason }, { now, record, expr: recordEnv(fromTarget), newId: randomUUID });
    await storeState(tx, instanceId, request.from.id, result.state);
    await applyEffects(ctx, tx, { instanceId, process: request.source, target: fromTarget, record, user: undefined }, result.effects);
    return { action, plan };
  }

  const toTarget = targetIn(request.to, instance.objectId);
  const record = await lockRecord(ctx, tx, toTarget, instance.recordId);
  const result = migrateInstance(request.source, request.target, instance.state, action === 'restart' ? { restartAt: request.restartAt! } : { map: request.map }, {
    now,
    record,
    expr: recordEnv(toTarget),
    newId: randomUUID,
  });
  await storeState(tx, instanceId, request.to.id, result.state);
  if (action === 'migrate') {
    // the open tasks stay open: they are now tasks of the new version, at their mapped node
    await tx.update(processTasks).set({ versionId: request.to.id }).where(and(eq(processTasks.instanceId, instanceId), eq(processTasks.status, 'open')));
    for (const move of result.taskMoves) await tx.update(processTasks).set({ nodeId: move.to }).where(eq(processTasks.id, move.taskId));
  }
  await tx.insert(processEvents).values({
    instanceId,
    type: 'instance.migrated',
    at: now,
    actorId: ctx.actor.userId,
    details: { migration: migrationId, from: request.from.id, to: request.to.id, how: action === 'restart' ? 'restarted' : 'moved', map: request.map, restartAt: action === 'restart' ? request.restartAt : null, tasks: result.taskMoves },
  });
  await applyEffects(ctx, tx, { instanceId, process: request.target, target: toTarget, record, user: undefined }, result.effects);
  return { action, plan };
}

async function storeState(tx: Db, instanceId: string, versionId: number, state: ReturnType<typeof advanceInstance>['state']): Promise<void> {
  await tx
    .update(processInstances)
    .set({ versionId, status: state.status, stage: state.stage, state: state as unknown as Record<string, unknown>, endedAt: state.endedAt === null ? null : new Date(state.endedAt) })
    .where(eq(processInstances.id, instanceId));
}
