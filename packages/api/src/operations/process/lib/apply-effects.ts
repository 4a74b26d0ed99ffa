import { randomUUID } from 'node:crypto';
import type { Effect } from '@mainline/engine';
import { compileExpr, type ExprUser } from '@mainline/expr';
import type { Process } from '@mainline/model';
import { cancelJobs, enqueue } from '@mainline/jobs';
import { notifications, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { insertRecord } from '../../records/create-record.ts';
import { applyUpdate } from '../../records/lib/apply-update.ts';
import type { ApiRecord } from '../../records/lib/prepare-write.ts';
import { recordEnv } from '../../records/lib/record-env.ts';
import { targetIn, type RecordTarget } from '../../records/lib/record-target.ts';
import { createdRecordOwnership } from './created-record-ownership.ts';
import { engineContext } from './process-runtime.ts';
import { cancelTaskSql, completeTaskSql, insertEventsSql, insertTaskSql, reassignTaskSql, type EventRow } from './process-writes.ts';
import { notificationRecipients } from './notification-recipients.ts';
import { taskAssignment } from './task-assignees.ts';
import { PROCESS_TIMER_JOB, timerGroup, type ProcessTimerPayload } from './process-timers.ts';
import { WEBHOOK_JOB, type WebhookPayload } from './webhook-payload.ts';
import { WriteBatch } from './write-batch.ts';

export interface EffectScope {
  instanceId: string;
  process: Process;
  target: RecordTarget;
  record: ApiRecord;
  user: ExprUser | undefined;
}

/**
 * Carries out an advance's effects in its transaction: history events, tasks, timers (jobs),
 * notifications, webhooks (jobs: they leave through the queue after commit), and the record
 * changes and creations of action steps (through the normal write path, as "process"). The task
 * and history writes go out together in `batch` (with what the caller put in it, the instance's
 * row), sent before a record write and at the end.
 */
export async function applyEffects(ctx: OperationContext, tx: Db, scope: EffectScope, effects: readonly Effect[], batch = new WriteBatch()): Promise<void> {
  const events: EventRow[] = [];
  const updates: Record<string, unknown> = {};
  const event = (type: string, at: string, fields: Partial<EventRow> = {}) =>
    events.push({ instanceId: scope.instanceId, type, at: new Date(at), actorId: scope.user?.id || null, ...fields });
  for (const effect of effects) {
    switch (effect.type) {
      case 'instance.start':
        event('instance.started', effect.at, { details: { trigger: effect.trigger, processId: scope.process.id } });
        break;
      case 'instance.complete':
        event('instance.completed', effect.at);
        break;
      case 'instance.terminate':
        event('instance.terminated', effect.at, { nodeId: effect.node, details: { cause: effect.cause, reason: effect.reason } });
        break;
      case 'stage.enter':
        event('stage.entered', effect.at, { nodeId: effect.node, details: { stage: effect.stage, previous: effect.previous } });
        break;
      case 'node.enter':
        event('node.entered', effect.at, { nodeId: effect.node, details: { token: effect.tokenId, via: effect.via } });
        break;
      case 'node.leave':
        event('node.left', effect.at, { nodeId: effect.node, outcome: effect.outcome, details: { token: effect.tokenId, enteredAt: effect.enteredAt, how: effect.how, edges: effect.edges, sla: effect.sla } });
        break;
      case 'task.create': {
        const assignment = await taskAssignment(ctx, tx, effect.assignee);
        const insert = insertTaskSql({
          id: effect.taskId,
          instanceId: scope.instanceId,
          processId: scope.process.id,
          versionId: scope.target.version.id,
          nodeId: effect.node,
          objectId: scope.target.object.id,
          recordId: scope.record.id as string,
          ...assignment,
          priority: assignment.queueId ? queuePriority(scope, assignment.queueId) : null,
          dueAt: effect.dueAt === null ? null : new Date(effect.dueAt),
          createdAt: new Date(effect.createdAt),
        });
        await batch.add(ctx, tx, insert, `task:${effect.taskId}`);
        event('task.created', effect.createdAt, { taskId: effect.taskId, nodeId: effect.node, details: { assignee: effect.assignee, dueAt: effect.dueAt } });
        break;
      }
      case 'task.complete':
        await batch.add(ctx, tx, completeTaskSql(effect.taskId, effect.outcome, new Date(effect.at), effect.by.type === 'user' ? effect.by.userId : null), `task:${effect.taskId}`);
        event('task.completed', effect.at, { taskId: effect.taskId, nodeId: effect.node, outcome: effect.outcome, details: { by: effect.by, comment: effect.comment } });
        break;
      case 'task.cancel':
        await batch.add(ctx, tx, cancelTaskSql(effect.taskId, new Date(effect.at)), `task:${effect.taskId}`);
        event('task.cancelled', effect.at, { taskId: effect.taskId, nodeId: effect.node, details: { cause: effect.cause } });
        break;
      case 'task.reassign': {
        const assignment = await taskAssignment(ctx, tx, effect.assignee);
        await batch.add(ctx, tx, reassignTaskSql(effect.taskId, assignment, assignment.queueId ? queuePriority(scope, assignment.queueId) : null), `task:${effect.taskId}`);
        event('task.reassigned', effect.at, { taskId: effect.taskId, nodeId: effect.node, details: { assignee: effect.assignee, previous: effect.previous, escalation: effect.escalation } });
        break;
      }
      case 'task.escalate':
        event('task.escalated', effect.at, { taskId: effect.taskId, nodeId: effect.node, details: { escalation: effect.escalation, repeat: effect.repeat, interrupting: effect.interrupting } });
        break;
      case 'timer.schedule': {
        const payload: ProcessTimerPayload = { instanceId: scope.instanceId, timerId: effect.timerId, kind: effect.kind, repeat: effect.repeat };
        await enqueue(tx, {
          type: PROCESS_TIMER_JOB,
          payload,
          runAt: new Date(effect.dueAt),
          key: `process-timer:${scope.instanceId}:${effect.timerId}:${effect.repeat ?? 0}`,
          group: timerGroup(scope.instanceId, effect.timerId),
        });
        break;
      }
      case 'timer.cancel':
        for (const timerId of effect.timerIds) await cancelJobs(tx, { group: timerGroup(scope.instanceId, timerId) });
        break;
      case 'record.update':
        Object.assign(updates, effect.values);
        break;
      case 'record.create': {
        const related = targetIn(scope.target.version, effect.object);
        await batch.flush(ctx, tx); // the write path reads instances (the processes a create starts)
        const { values, ownership } = await createdRecordOwnership(ctx, tx, related, apiValues(related, effect.values), scope.record);
        await insertRecord(engineContext(ctx), tx, related, randomUUID(), values, new Date(), {}, ownership);
        break;
      }
      case 'notification.send': {
        await batch.flush(ctx, tx); // the task as it is now: claimed, given or reassigned
        const users = await notificationRecipients(ctx, tx, scope.target.version, effect.recipients, effect.taskId);
        if (users.length > 0) {
          await tx.insert(notifications).values(
            users.map((userId) => ({ userId, message: effect.message, objectId: scope.target.object.id, recordId: scope.record.id as string, taskId: effect.taskId, instanceId: scope.instanceId })),
          );
        }
        event('notification.sent', effect.at, { nodeId: effect.node, taskId: effect.taskId, details: { recipients: users } });
        break;
      }
      case 'webhook.send': {
        const payload: WebhookPayload = {
          url: effect.url,
          secret: effect.secret,
          body: { id: effect.webhookId, process: scope.process.id, instance: scope.instanceId, node: effect.node, object: scope.target.object.id, record: jsonSafe(effect.record), payload: jsonSafe(effect.payload) },
        };
        await enqueue(tx, { type: WEBHOOK_JOB, payload, key: `webhook:${effect.webhookId}`, maxAttempts: 8 });
        event('webhook.queued', effect.at, { nodeId: effect.node, details: { webhook: effect.webhookId, url: effect.url } });
        break;
      }
      case 'incident.raise':
        event('incident.raised', effect.at, { nodeId: effect.node, details: { incident: effect.incidentId, reason: effect.reason, message: effect.message } });
        break;
      case 'incident.resolve':
        event('incident.resolved', effect.at, { details: { incident: effect.incidentId, how: effect.how } });
        break;
    }
  }
  if (events.length > 0) await batch.add(ctx, tx, insertEventsSql(events));
  if (Object.keys(updates).length > 0) {
    // the record is locked already (the triggering write, or advanceStoredInstance) and scope.record is it as it is now
    const engine = engineContext(ctx);
    const { deletedAt: _deletedAt, ...before } = scope.record;
    // the engine's update reads nothing of the batch before its statement (no step locks for it), which carries the batch
    const values = apiValues(scope.target, updates);
    const pending = batch.take(`${scope.target.version.id} ${scope.target.object.id} ${Object.entries(values).map(([field, value]) => (value === null ? `${field}=null` : field)).join(',')}`);
    await applyUpdate(engine, tx, scope.target, before, values, {
      now: new Date(),
      action: 'record.update',
      details: { process: scope.process.id, instance: scope.instanceId },
      alongside: pending.statements,
      ...(pending.prepare ? { prepareAs: `process_update_v${scope.target.version.id}` } : {}),
    });
  } else await batch.flush(ctx, tx);
}

/** A queue task's priority: the queue's priority expression on the record (higher first); null without one or when it fails. */
function queuePriority(scope: EffectScope, queueId: string): number | null {
  const queue = scope.target.version.package.queues?.find((q) => q.id === queueId);
  if (!queue?.priority) return null;
  try {
    const value = compileExpr(recordEnv(scope.target), queue.priority).evaluate({ record: scope.record, now: new Date() });
    const n = typeof value === 'bigint' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Expression results in the API form of the target's fields: timestamps as ISO text (dates as YYYY-MM-DD), integers as numbers. */
function apiValues(target: RecordTarget, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [fieldId, value] of Object.entries(values)) {
    const type = target.fields.get(fieldId)?.type;
    if (value instanceof Date) out[fieldId] = type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
    else if (typeof value === 'bigint') out[fieldId] = Number(value);
    else out[fieldId] = value;
  }
  return out;
}

function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>;
}
