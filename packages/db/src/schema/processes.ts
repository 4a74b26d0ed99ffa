import { sql } from 'drizzle-orm';
import type { LocalizedText } from '@mainline/model';
import { bigserial, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** running → completed | terminated; `incident` while an incident stops a path (others may go on). */
export type ProcessInstanceStatus = 'running' | 'completed' | 'terminated' | 'incident';
export type ProcessTaskStatus = 'open' | 'completed' | 'cancelled';

/**
 * One run of a process on one record, on the configuration version it started on. `state` is the
 * interpreter's document (@mainline/engine InstanceState: tokens, join counters, open tasks and
 * timers, incidents); every step locks this row, so a parallel join counts under a row lock.
 */
export const processInstances = pgTable(
  'process_instances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    processId: text('process_id').notNull(),
    versionId: integer('version_id').notNull(),
    objectId: text('object_id').notNull(),
    recordId: uuid('record_id').notNull(),
    status: text('status').$type<ProcessInstanceStatus>().notNull(),
    stage: text('stage'),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    startedBy: uuid('started_by'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('process_instances_record').on(t.objectId, t.recordId),
    index('process_instances_live').on(t.processId, t.versionId).where(sql`${t.status} in ('running', 'incident')`),
  ],
);

/**
 * The user tasks of instances, one row each, for inboxes: to a user, to the holders of a role in a
 * unit (or the nearest unit above with one), or to a queue; claimed by one person; completed with
 * an outcome.
 */
export const processTasks = pgTable(
  'process_tasks',
  {
    id: uuid('id').primaryKey(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id),
    processId: text('process_id').notNull(),
    versionId: integer('version_id').notNull(),
    nodeId: text('node_id').notNull(),
    objectId: text('object_id').notNull(),
    recordId: uuid('record_id').notNull(),
    status: text('status').$type<ProcessTaskStatus>().notNull().default('open'),
    /** A named user; null for role and queue tasks until claimed. */
    assigneeId: uuid('assignee_id'),
    candidateRole: text('candidate_role'),
    /** The unit where the role is held that the task went to. */
    candidateUnit: uuid('candidate_unit'),
    queueId: text('queue_id'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    priority: doublePrecision('priority'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by'),
    outcome: text('outcome'),
  },
  (t) => [
    index('process_tasks_instance').on(t.instanceId),
    index('process_tasks_assignee').on(t.assigneeId).where(sql`${t.status} = 'open'`),
    index('process_tasks_role').on(t.candidateRole, t.candidateUnit).where(sql`${t.status} = 'open'`),
    index('process_tasks_queue').on(t.queueId).where(sql`${t.status} = 'open'`),
    index('process_tasks_record').on(t.objectId, t.recordId),
  ],
);

/**
 * What happened in instances, for history and analytics: started, entered and left nodes, task
 * created / claimed / delegated / completed (outcome, SLA met or breached), comments, escalations,
 * incidents, ended. Append-only.
 */
export const processEvents = pgTable(
  'process_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instanceId: uuid('instance_id').notNull(),
    taskId: uuid('task_id'),
    type: text('type').notNull(),
    nodeId: text('node_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    outcome: text('outcome'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('process_events_instance').on(t.instanceId, t.id), index('process_events_at').on(t.at)],
);

/** In-app notifications (process notify steps and escalations): one row per recipient, until read. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    /** { en, zh-CN } as configured. */
    message: jsonb('message').$type<LocalizedText>().notNull(),
    objectId: text('object_id'),
    recordId: uuid('record_id'),
    taskId: uuid('task_id'),
    instanceId: uuid('instance_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_unread').on(t.userId, t.createdAt).where(sql`${t.readAt} is null`)],
);
