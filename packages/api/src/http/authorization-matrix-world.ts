import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { importJobs, openTestDatabase, processTasks, roleAssignments, users, type PlatformPermission, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { cliActor, type OperationContext } from '../context.ts';
import { createApiToken } from '../operations/auth/create-api-token.ts';
import { publish } from '../operations/config/publish.ts';
import { claimTask } from '../operations/process/claim-task.ts';
import { recordProcesses } from '../operations/process/record-processes.ts';
import { startProcess } from '../operations/process/start-process.ts';
import { createRecord } from '../operations/records/create-record.ts';
import { deleteRecord } from '../operations/records/delete-record.ts';
import { startImportJob } from '../operations/records/import/import-jobs.ts';
import { accessCacheOf } from '../operations/records/lib/caller-access.ts';
import { createTestUser, signIn, type SignedIn, type TestUser } from '../testing/auth-fixtures.ts';
import { insertOrgUnit, type TestOrgUnit } from '../testing/org-fixtures.ts';
import { createServer } from './create-server.ts';

/**
 * The world the authorization matrix runs in: a small configuration (account with a unit-scoped
 * business role, contact readable in the unit, `secret` granted to nobody; two processes started
 * by hand on accounts — a review whose task goes to the role's holders in the account's unit, and
 * a check that stops with an incident), the org tree HQ → A, B, the six kinds of caller signed in
 * with a session, and records and fixtures their requests point at.
 */

/** The six kinds of caller, in the column order of the expected tables. */
export const callerKinds = ['anonymous', 'noRole', 'scoped', 'otherUnit', 'analyst', 'admin'] as const;
export type CallerKind = (typeof callerKinds)[number];

/** The business role of the scoped end user (held at A) and of the user of another unit (held at B). */
export const UNIT_ROLE = 'matrixUnitRep';
/** The field v1 has and v2 retires: the purge routes preview it. */
export const RETIRED_FIELD = 'legacyCode';
/** Name of the account of unit A the read rows look for. */
export const ACCOUNT_A_NAME = 'Matrix account A';
/** The process started by hand on accounts (its one task goes to the unit's holders of UNIT_ROLE), and its outcome. */
export const REVIEW_PROCESS = 'accountReview';
export const REVIEW_OUTCOME = 'done';
/** A process started by hand that stops at once with an incident (its gateway matches nothing while the note is neither "checked" nor "waived"). */
export const CHECK_PROCESS = 'accountCheck';

export interface Caller {
  kind: CallerKind;
  /** null for the anonymous caller. */
  user: (TestUser & { unit: TestOrgUnit; permissions: PlatformPermission[]; role: boolean }) | null;
  /** The session the matrix sends (cookie and CSRF token); null for the anonymous caller. */
  session: SignedIn | null;
}

export interface World {
  database: TestDatabase;
  app: FastifyInstance;
  units: { hq: TestOrgUnit; a: TestOrgUnit; b: TestOrgUnit };
  callers: Record<CallerKind, Caller>;
  /** An account of unit A (owned by the scoped user), a contact under it, a record of `secret`. */
  accountA: string;
  contactA: string;
  secretRecord: string;
  /** A finished dry-run import job the scoped user started. */
  importJobA: string;
  /** The open, unclaimed task of the review process running on accountA (for the holders of UNIT_ROLE at A). */
  taskA: string;
  /** A user none of the callers is: whose tokens others try to see and revoke. */
  victim: TestUser;
  /** A user the admin routes change (permissions, disable, enable, role assignments). */
  target: TestUser;
  /** v1 has the retired field, v2 (in force for the organisation) does not. */
  versions: { first: number; current: number };
  /** The package of v2: publishing it again changes nothing. */
  currentPackage: ConfigPackage;
  fresh: FreshFixtures;
  /** Waits until no import job is still running in the background (each request's effects end before the next). */
  settleImports(): Promise<void>;
  close(): Promise<void>;
}

/** Fixtures made anew for each request that uses one up. */
export interface FreshFixtures {
  /** A live account of unit A owned by the scoped user (rowVersion 1). */
  account(name?: string): Promise<string>;
  /** A soft-deleted account of unit A. */
  deletedAccount(): Promise<string>;
  /** An empty org unit under HQ. */
  unit(): Promise<TestOrgUnit>;
  /** A live role assignment of the target user (in a unit of its own). */
  assignment(): Promise<string>;
  /** The open task of a review started on a fresh account of A: unclaimed, or claimed by the scoped user. */
  task(claimed?: boolean): Promise<string>;
  /** An open process incident: the check process stopped at its gateway on a fresh account of A. */
  incident(): Promise<{ instanceId: string; incidentId: string }>;
  /** An API token of `userId`. */
  token(userId: string): Promise<string>;
  /** Another session of the caller (for logout). */
  session(caller: Caller): Promise<SignedIn>;
  /** A new user like the caller (same unit, permissions and role), signed in: for changes to oneself (password). */
  twin(caller: Caller): Promise<{ session: SignedIn; password: string }>;
  /** A name never used before. */
  name(prefix: string): string;
}

const label = (en: string) => ({ en, 'zh-CN': en });

/** The configuration: v1 with `legacyCode` on account, v2 without it (retired, its data kept until purged). */
export function matrixPackage(withRetiredField: boolean): ConfigPackage {
  const unit = { scope: 'unit' } as const;
  const at = { x: 0, y: 0 };
  return {
    id: 'authorizationMatrix',
    name: label('Authorization matrix'),
    objects: [
      {
        id: 'account',
        label: label('Account'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: label('Name'), required: true, maxLength: 200 },
          { id: 'note', type: 'text', label: label('Note'), maxLength: 200 },
          ...(withRetiredField ? [{ id: RETIRED_FIELD, type: 'text' as const, label: label('Legacy code'), maxLength: 50 }] : []),
        ],
      },
      {
        id: 'contact',
        label: label('Contact'),
        titleField: 'fullName',
        fields: [
          { id: 'fullName', type: 'text', label: label('Name'), required: true, maxLength: 200 },
          { id: 'account', type: 'reference', label: label('Account'), target: 'account' },
        ],
      },
      { id: 'secret', label: label('Secret'), titleField: 'title', fields: [{ id: 'title', type: 'text', label: label('Title'), required: true, maxLength: 200 }] },
    ],
    roles: [
      {
        id: UNIT_ROLE,
        label: label('Unit rep'),
        grants: [
          // every action on the accounts of the unit where the role is held
          { object: 'account', actions: { create: unit, read: unit, update: unit, delete: unit, export: unit, import: unit, transfer: unit } },
          // contacts: create and read, no import, no transfer
          { object: 'contact', actions: { create: unit, read: unit } },
        ],
      },
    ],
    processes: [
      {
        id: REVIEW_PROCESS,
        label: label('Account review'),
        object: 'account',
        triggers: [{ type: 'manual', roles: [UNIT_ROLE] }],
        stages: [{ id: 'review', label: label('Review') }],
        nodes: [
          { id: 'start', type: 'start', position: at },
          { id: 'review', type: 'userTask', stage: 'review', position: at, assignee: { type: 'role', role: UNIT_ROLE }, outcomes: [{ id: REVIEW_OUTCOME, label: label('Reviewed') }], editableFields: ['note'] },
          { id: 'end', type: 'end', position: at },
        ],
        edges: [
          { id: 'toReview', from: 'start', to: 'review' },
          { id: 'toEnd', from: 'review', to: 'end', outcome: REVIEW_OUTCOME },
        ],
      },
      {
        id: CHECK_PROCESS,
        label: label('Account check'),
        object: 'account',
        triggers: [{ type: 'manual', roles: [UNIT_ROLE] }],
        nodes: [
          { id: 'start', type: 'start', position: at },
          { id: 'checked', type: 'exclusiveGateway', position: at, onNoMatch: 'incident' },
          { id: 'end', type: 'end', position: at },
          { id: 'waived', type: 'end', position: at },
        ],
        edges: [
          { id: 'toGate', from: 'start', to: 'checked' },
          { id: 'toEnd', from: 'checked', to: 'end', condition: 'note == "checked"' },
          { id: 'toWaived', from: 'checked', to: 'waived', condition: 'note == "waived"' },
        ],
      },
    ],
    views: [],
  } as ConfigPackage;
}

const cli = (database: TestDatabase): OperationContext => ({ database, actor: cliActor('matrix') });

function actingAs(database: TestDatabase, caller: Caller): OperationContext {
  const user = caller.user!;
  return { database, actor: { userId: user.id, username: user.username, permissions: user.permissions, via: 'session', orgUnitId: user.unit.id } };
}

export async function openWorld(): Promise<World> {
  const database = await openTestDatabase();
  const v1 = await publish(cli(database), { package: matrixPackage(true), message: 'matrix v1' });
  const currentPackage = matrixPackage(false);
  const v2 = await publish(cli(database), { package: currentPackage, message: 'matrix v2: legacyCode retired' });
  if (!v1.applied || !v2.applied) throw new Error('the matrix configuration was not published');

  const hq = await insertOrgUnit(database, 'matrix-hq');
  const a = await insertOrgUnit(database, 'matrix-a', hq);
  const b = await insertOrgUnit(database, 'matrix-b', hq);
  // opened after the publishes: the server's registry starts with v2 in force
  const app = await createServer({ database, logger: false });

  let counter = 0;
  const name = (prefix: string) => `${prefix}-${++counter}`;

  async function makeUser(username: string, unit: TestOrgUnit, permissions: PlatformPermission[], role: boolean) {
    const user = await createTestUser(database, username, { permissions, password: `${username}-Pw-${randomUUID()}` });
    await database.db.update(users).set({ orgUnitId: unit.id }).where(eq(users.id, user.id));
    if (role) await database.db.insert(roleAssignments).values({ userId: user.id, roleId: UNIT_ROLE, orgUnitId: unit.id });
    accessCacheOf(database).invalidate(user.id);
    return { ...user, unit, permissions, role };
  }

  const specs: Record<Exclude<CallerKind, 'anonymous'>, [TestOrgUnit, PlatformPermission[], boolean]> = {
    noRole: [a, [], false],
    scoped: [a, [], true],
    otherUnit: [b, [], true],
    analyst: [hq, ['editDrafts'], false],
    admin: [hq, ['admin'], false],
  };
  const callers = { anonymous: { kind: 'anonymous', user: null, session: null } } as Record<CallerKind, Caller>;
  for (const [kind, [unit, permissions, role]] of Object.entries(specs) as [Exclude<CallerKind, 'anonymous'>, (typeof specs)['noRole']][]) {
    const user = await makeUser(`matrix-${kind}`, unit, permissions, role);
    callers[kind] = { kind, user, session: await signIn(app, user) };
  }
  const victim = await makeUser('matrix-victim', a, [], false);
  const target = await makeUser('matrix-target', b, [], false);

  const scoped = actingAs(database, callers.scoped);
  const accountA = (await createRecord(scoped, { object: 'account', values: { name: ACCOUNT_A_NAME, note: 'read by the matrix' } })).id as string;
  const contactA = (await createRecord(scoped, { object: 'contact', values: { fullName: 'Matrix contact A', account: accountA } })).id as string;
  const secretRecord = (await createRecord(cli(database), { object: 'secret', values: { title: 'Matrix secret' } })).id as string;
  // records of unit B the other unit's user sees (and the scoped user does not)
  await createRecord(actingAs(database, callers.otherUnit), { object: 'account', values: { name: 'Matrix account B' } });

  const uploads = await mkdtemp(join(tmpdir(), 'matrix-import-'));
  const file = join(uploads, 'accounts.csv');
  await writeFile(file, 'name,note\nImported by the matrix,dry run\n');
  const { job, finished } = await startImportJob(scoped, { object: 'account', file, dryRun: true });
  await finished;

  /** Starts the review on an account of A as the scoped user: the id of its task. */
  async function review(accountId: string): Promise<string> {
    await startProcess(actingAs(database, callers.scoped), { object: 'account', id: accountId, process: REVIEW_PROCESS });
    const [task] = await database.db.select({ id: processTasks.id }).from(processTasks).where(eq(processTasks.recordId, accountId));
    return task!.id;
  }
  const taskA = await review(accountA);

  const fresh: FreshFixtures = {
    name,
    async account(accountName = name('Matrix fresh account')) {
      return (await createRecord(scoped, { object: 'account', values: { name: accountName } })).id as string;
    },
    async deletedAccount() {
      const id = await fresh.account(name('Matrix deleted account'));
      await deleteRecord(scoped, { object: 'account', id });
      return id;
    },
    unit: () => insertOrgUnit(database, name('matrix-unit'), hq),
    async assignment() {
      const unit = await fresh.unit();
      const [row] = await database.db.insert(roleAssignments).values({ userId: target.id, roleId: UNIT_ROLE, orgUnitId: unit.id }).returning({ id: roleAssignments.id });
      accessCacheOf(database).invalidate(target.id);
      return row!.id;
    },
    async task(claimed = false) {
      const id = await review(await fresh.account(name('Matrix reviewed account')));
      if (claimed) await claimTask(actingAs(database, callers.scoped), { id });
      return id;
    },
    async incident() {
      const id = await fresh.account(name('Matrix unchecked account'));
      const { instanceId } = await startProcess(actingAs(database, callers.scoped), { object: 'account', id, process: CHECK_PROCESS });
      const [instance] = await recordProcesses(actingAs(database, callers.scoped), { object: 'account', id });
      return { instanceId, incidentId: instance!.incidents[0]!.id };
    },
    async token(userId) {
      return (await createApiToken(cli(database), { name: name('matrix token'), userId })).id;
    },
    session: (caller) => signIn(app, caller.user!),
    async twin(caller) {
      const source = caller.user!;
      const twin = await makeUser(name(`matrix-twin-${caller.kind}`), source.unit, source.permissions, source.role);
      return { session: await signIn(app, twin), password: twin.password };
    },
  };

  async function settleImports(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const [running] = await database.db.select({ n: count() }).from(importJobs).where(inArray(importJobs.status, ['queued', 'validating', 'importing']));
      if (running!.n === 0) return;
      if (attempt >= 600) throw new Error(`${running!.n} import job(s) still running`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    database,
    app,
    units: { hq, a, b },
    callers,
    accountA,
    contactA,
    secretRecord,
    importJobA: job.id,
    taskA,
    victim,
    target,
    versions: { first: v1.versionId!, current: v2.versionId! },
    currentPackage,
    fresh,
    settleImports,
    async close() {
      await settleImports();
      await app.close();
      await database.close();
    },
  };
}
