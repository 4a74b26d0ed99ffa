import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { LocalizedText } from '@mainline/model';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Org units as a tree; `path` is the ids from the root down (`/root/…/self/`) for fast subtree queries. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: jsonb('name').$type<LocalizedText>().notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id),
    path: text('path').notNull(),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('org_units_code').on(t.code), index('org_units_path').on(sql`${t.path} text_pattern_ops`), index('org_units_parent').on(t.parentId)],
);

/** Platform permissions, separate from the business roles of the configuration. */
export const platformPermissions = ['admin', 'editDrafts', 'publish', 'manageUsers'] as const;
export type PlatformPermission = (typeof platformPermissions)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    locale: text('locale').notNull().default('en'),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    permissions: text('permissions').array().$type<PlatformPermission[]>().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('users_username').on(sql`lower(${t.username})`), index('users_org_unit').on(t.orgUnitId)],
);

/** A business role held in an org unit: role@unit. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    roleId: text('role_id').notNull(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    index('role_assignments_user').on(t.userId),
    uniqueIndex('role_assignments_live').on(t.userId, t.roleId, t.orgUnitId).where(sql`${t.retiredAt} is null`),
    // "holders of role R in unit U" (task assignment) and "what is held in U" (retiring a unit)
    index('role_assignments_unit_role').on(t.orgUnitId, t.roleId).where(sql`${t.retiredAt} is null`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // SHA-256 of the cookie value; the value itself is never stored
    userId: uuid('user_id').notNull().references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    ip: text('ip'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_username_at').on(t.username, t.at)],
);

// Configuration versions, rollouts and the catalogue of record tables: see publishing.ts.
export * from './publishing.ts';
// The durable job queue (timers, side effects) and its incidents: see jobs.ts.
export * from './jobs.ts';
// Process instances, their tasks and history, and in-app notifications (the process engine): see processes.ts.
export * from './processes.ts';
// The delivery log of webhooks, one row per attempt: see webhooks.ts.
export * from './webhooks.ts';

/** Record changes and platform operations, field by field, written in the same transaction. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    objectId: text('object_id'),
    recordId: uuid('record_id'),
    versionId: integer('version_id'),
    changes: jsonb('changes').$type<Record<string, { before: unknown; after: unknown }>>(),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_record').on(t.objectId, t.recordId, t.at)],
);

/**
 * The next number of each auto-number field, per object and field. Writers take the row lock with
 * `UPDATE … SET next = next + 1 RETURNING` in the record's transaction: numbers are gap-free (a
 * rolled-back create rolls the counter back too) and concurrent creates queue on the row.
 */
export const recordCounters = pgTable(
  'record_counters',
  {
    objectId: text('object_id').notNull(),
    fieldId: text('field_id').notNull(),
    next: bigint('next', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectId, t.fieldId] })],
);

/** Record imports run by the server in the background (POST /api/v1/records/{object}/imports): status, progress and the final report. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    objectId: text('object_id').notNull(),
    /** queued → validating → importing → done | failed. */
    status: text('status').$type<'queued' | 'validating' | 'importing' | 'done' | 'failed'>().notNull().default('queued'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsWritten: integer('rows_written').notNull().default(0),
    rowsFailed: integer('rows_failed').notNull().default(0),
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_created_by').on(t.createdBy, t.createdAt)],
);
