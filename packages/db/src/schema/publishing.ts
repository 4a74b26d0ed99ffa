import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ConfigPackage } from '@mainline/model';
import type { IndexSpec, SqlType, VersionPhysical } from '../records/physical-types.ts';
import { users } from './platform.ts';

/** Record tables (one per business object) live in their own schema, built by the publish pipeline, not by migrations. */
export const recordSchema = pgSchema('rec');

/** Unit key of the whole organisation in rollout assignments. */
export const WHOLE_ORGANISATION = '*';

/** Published configuration versions: immutable once written. */
export const configVersions = pgTable(
  'config_versions',
  {
    /** 1, 2, 3, … without gaps: given under the publish lock, not by a sequence (a failed publish would leave a gap). */
    id: integer('id').primaryKey(),
    /** SHA-256 of the package's canonical JSON. */
    hash: text('hash').notNull(),
    package: jsonb('package').$type<ConfigPackage>().notNull(),
    /** Object → table and field → column of this version, and its indexes. */
    physical: jsonb('physical').$type<VersionPhysical>().notNull(),
    /** What changed against the version it was planned on (the plan's `changes`), for the studio's history. */
    changes: jsonb('changes').$type<unknown>(),
    message: text('message').notNull().default(''),
    authorId: uuid('author_id').references(() => users.id),
    authorName: text('author_name').notNull().default(''),
    /** The version the plan was made against (the newest in force then). */
    parentId: integer('parent_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('config_versions_hash').on(t.hash)],
);

/** Which version is in force where: unit_key '*' is the whole organisation, else an org unit id. */
export const rolloutAssignments = pgTable('rollout_assignments', {
  unitKey: text('unit_key').primaryKey(),
  versionId: integer('version_id')
    .notNull()
    .references(() => configVersions.id),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
});

export type RolloutEventKind = 'publish' | 'extend' | 'promote' | 'rollback';

/** Every change of rollout assignments, with the assignments before and after; rollback undoes the newest one not yet undone. */
export const rolloutEvents = pgTable('rollout_events', {
  id: serial('id').primaryKey(),
  kind: text('kind').$type<RolloutEventKind>().notNull(),
  versionId: integer('version_id').references(() => configVersions.id),
  before: jsonb('before').$type<Record<string, number>>().notNull(),
  after: jsonb('after').$type<Record<string, number>>().notNull(),
  actorId: uuid('actor_id').references(() => users.id),
  actorName: text('actor_name').notNull().default(''),
  /** For a rollback: the event it undid. */
  undoes: integer('undoes'),
  /** Set on an event when a rollback undid it. */
  undoneBy: integer('undone_by'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** The physical record tables: one row per table ever created. Retired tables (in no version in force) keep their data. */
export const recordTables = pgTable('record_tables', {
  tableName: text('table_name').primaryKey(),
  /** The object id the table was last mapped to. */
  objectId: text('object_id').notNull(),
  createdVersion: integer('created_version').notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});

/** The physical record columns: one row per column ever created. Retired columns (in no version in force) keep their data. */
export const recordColumns = pgTable(
  'record_columns',
  {
    tableName: text('table_name').notNull(),
    columnName: text('column_name').notNull(),
    /** The field id the column was last mapped to. */
    fieldId: text('field_id').notNull(),
    sqlType: text('sql_type').$type<SqlType>().notNull(),
    /** Foreign key target (`rec.lead`, `public.users`) or null. */
    references: text('references'),
    createdVersion: integer('created_version').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.columnName] })],
);

export type RecordIndexStatus = 'ready' | 'pending' | 'failed';

/** Indexes of record tables built from configuration (the union over the versions in force). */
export const recordIndexes = pgTable('record_indexes', {
  name: text('name').primaryKey(),
  tableName: text('table_name').notNull(),
  spec: jsonb('spec').$type<IndexSpec>().notNull(),
  /** `pending`: to be built CONCURRENTLY after the publish committed (large tables on PostgreSQL). */
  status: text('status').$type<RecordIndexStatus>().notNull(),
  error: text('error'),
  createdVersion: integer('created_version').notNull(),
});

export type PublishTaskKind = 'buildIndex' | 'recompute';
export type PublishTaskStatus = 'pending' | 'running' | 'done' | 'failed';

/**
 * Work a publish leaves for after its commit: concurrent index builds, and recomputing stored
 * formula/rollup values (done by the records layer).
 */
export const publishTasks = pgTable(
  'publish_tasks',
  {
    id: serial('id').primaryKey(),
    versionId: integer('version_id').references(() => configVersions.id),
    kind: text('kind').$type<PublishTaskKind>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<PublishTaskStatus>().notNull().default('pending'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When a process took the task on; a task running for long without progress was abandoned by a crash. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('publish_tasks_open').on(t.kind, t.id).where(sql`${t.status} in ('pending', 'running')`)],
);
