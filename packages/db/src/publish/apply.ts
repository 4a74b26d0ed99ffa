import { sql } from 'drizzle-orm';
import type { Database, Db } from '../connection/database.ts';
import type { IndexSpec } from '../records/physical-types.ts';
import { auditLog } from '../schema/platform.ts';
import { configVersions, publishTasks, rolloutAssignments, rolloutEvents } from '../schema/publishing.ts';
import { recordIndexChanges, syncCatalogue } from './catalogue-update.ts';
import { checkPlan, type CheckReport } from './check.ts';
import { dbError } from './db-error.ts';
import { buildPendingIndexes, type IndexBuildReport } from './index-builds.ts';
import type { Assignments, ChangePlan, PlanStep } from './plan-types.ts';
import { PublishError } from './publish-error.ts';
import { resolveNewVersion } from './rollout/assignments.ts';
import { sqlText } from './sql-text.ts';
import { loadPublishState, type PublishState } from './state.ts';

/** Channel on which apply announces (on commit) that the versions in force changed. */
export const CONFIG_CHANNEL = 'mainline_config';
/** pg_advisory_xact_lock key: one publish, rollout or purge at a time. */
export const PUBLISH_LOCK_KEY = 72_616_401;
const BATCH_STATEMENTS = 200;
/** From this many rows, PostgreSQL builds a new index CONCURRENTLY after the commit instead of inside the transaction. */
export const CONCURRENT_INDEX_ROWS = 100_000;

export interface PublishActor {
  id: string | null;
  name: string;
}

export interface ApplyOptions {
  actor?: PublishActor;
  message?: string;
  /** Called before every step inside the transaction; throwing aborts everything (used to inject faults in tests). */
  beforeStep?: (step: string) => void | Promise<void>;
  concurrentIndexThreshold?: number;
  /** Pending concurrent index builds: wait for them (default), start them in the background, or leave them to buildPendingIndexes(). */
  indexBuilds?: 'wait' | 'background' | 'leave';
}

export interface ApplyResult {
  plan: ChangePlan;
  check: CheckReport | null;
  /** False when the plan changed nothing (an identical package). */
  applied: boolean;
  /** The version a publish created. */
  versionId: number | null;
  eventId: number | null;
  assignments: Assignments;
  pendingIndexes: string[];
  /** Reports of the index builds waited for. */
  indexBuilds: IndexBuildReport[];
  /** With indexBuilds 'background': settles when they are done. */
  indexBuildsDone: Promise<IndexBuildReport[]> | null;
}

export type MakePlan = (state: PublishState, tx: Db) => ChangePlan | Promise<ChangePlan>;

/**
 * Runs a change in ONE transaction: lock, re-read the state, plan, check against the data, DDL,
 * the version row, assignments, rollout event, catalogue, tasks, audit and NOTIFY. Either all of
 * it is in force after the commit or nothing changed. Indexes on large tables are the one thing
 * finished after the commit (CONCURRENTLY); until then they are recorded as pending.
 */
export async function applyChange(database: Database, makePlan: MakePlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const step = async (name: string) => options.beforeStep?.(name);
  const threshold = database.kind === 'postgres' ? (options.concurrentIndexThreshold ?? CONCURRENT_INDEX_ROWS) : Number.POSITIVE_INFINITY;
  const actor = options.actor ?? { id: null, name: '' };
  const result = await database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await step('lock');
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`);
    await tx.execute(sql`SET LOCAL timezone = 'UTC'`);
    await step('plan');
    const state = await loadPublishState(tx);
    const plan = await makePlan(state, tx);
    if (plan.kind === 'publish' && plan.unchanged) return unchanged(plan, state);
    if (plan.blockers.length > 0) {
      throw new PublishError('config.publish.blocked', 409, { en: plan.blockers.map((b) => b.message.en).join(' '), 'zh-CN': plan.blockers.map((b) => b.message['zh-CN']).join(' ') }, { blockers: plan.blockers });
    }
    await step('check');
    const check = await checkPlan(tx, plan);
    if (!check.ok) {
      throw new PublishError('config.publish.refused', 409, { en: check.problems.map((p) => p.message.en).join(' '), 'zh-CN': check.problems.map((p) => p.message['zh-CN']).join(' ') }, { problems: check.problems });
    }
    const created = new Set(plan.steps.flatMap((s) => (s.kind === 'createTable' ? [s.table] : [])));
    const indexes: { index: IndexSpec; pending: boolean }[] = [];
    // statements on tables this plan creates cannot fail on data: on PostgreSQL they go in batches (one round trip each)
    const batchable = (s: PlanStep) => database.kind === 'postgres' && created.has(s.table) && ['createTable', 'createIndex', 'addForeignKey'].includes(s.kind);
    const batch: string[] = [];
    const flush = async () => {
      if (batch.length > 0) await tx.execute(sql.raw(batch.splice(0).join(';\n')));
    };
    for (const [i, s] of plan.steps.entries()) {
      await step(`${s.kind}:${i}`);
      if (s.kind === 'createIndex') {
        const pending = !created.has(s.table) && (check.rowCounts[s.table] ?? 0) > threshold;
        indexes.push({ index: s.index, pending });
        if (pending) continue;
      }
      if (batchable(s)) {
        batch.push(s.sql);
        if (batch.length >= BATCH_STATEMENTS) await flush();
        continue;
      }
      await flush();
      await runStatement(tx, s.sql, s.kind === 'backfill' ? s.params : [], `${s.kind}:${i}`);
    }
    await flush();
    await step('version');
    const versionId = plan.kind === 'publish' ? await insertVersion(tx, plan, actor, options.message ?? '') : null;
    const after = resolveNewVersion(plan.assignments.after, versionId ?? 0);
    await step('assignments');
    await tx.delete(rolloutAssignments);
    const units = Object.entries(after);
    if (units.length > 0) await tx.insert(rolloutAssignments).values(units.map(([unitKey, id]) => ({ unitKey, versionId: id })));
    await step('event');
    const eventVersion = versionId ?? plan.inForceAfter[0];
    const [event] = await tx
      .insert(rolloutEvents)
      .values({ kind: plan.kind, versionId: typeof eventVersion === 'number' ? eventVersion : null, before: plan.assignments.before, after, actorId: actor.id, actorName: actor.name, undoes: plan.kind === 'rollback' ? plan.undoes : null })
      .returning({ id: rolloutEvents.id });
    if (plan.kind === 'rollback' && plan.undoes !== undefined) await tx.execute(sql`UPDATE rollout_events SET undone_by = ${event!.id} WHERE id = ${plan.undoes}`);
    await step('catalogue');
    const inForce = [...new Set(Object.values(after))].sort((a, b) => b - a).map((id) => (id === versionId && plan.kind === 'publish' ? plan.physical : state.versions.get(id)!.physical));
    const catalogueVersion = versionId ?? (plan.kind !== 'publish' ? plan.versionId : 0);
    await syncCatalogue(tx, inForce, catalogueVersion);
    await recordIndexChanges(tx, plan.steps.flatMap((s) => (s.kind === 'dropIndex' ? [s.name] : [])), indexes, catalogueVersion);
    await step('tasks');
    const pendingIndexes = indexes.filter((i) => i.pending).map((i) => i.index.name);
    const tasks = [
      ...plan.tasks.map((task) => ({ versionId, kind: 'recompute' as const, payload: { ...task } })),
      ...pendingIndexes.map((name) => ({ versionId, kind: 'buildIndex' as const, payload: { name } })),
    ];
    if (tasks.length > 0) await tx.insert(publishTasks).values(tasks);
    await step('audit');
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: `config.${plan.kind}`,
      versionId: catalogueVersion || null,
      details: { eventId: event!.id, actor: actor.name, message: options.message ?? '', before: plan.assignments.before, after, statements: plan.steps.length },
    });
    await step('notify');
    await database.notify(CONFIG_CHANNEL, JSON.stringify({ kind: plan.kind, versionId: catalogueVersion, eventId: event!.id }), tx);
    return { plan, check, applied: true, versionId, eventId: event!.id, assignments: after, pendingIndexes, indexBuilds: [], indexBuildsDone: null } satisfies ApplyResult;
  });
  const mode = options.indexBuilds ?? 'wait';
  if (result.pendingIndexes.length === 0 || mode === 'leave') return result;
  const builds = buildPendingIndexes(database, result.pendingIndexes);
  return mode === 'wait' ? { ...result, indexBuilds: await builds } : { ...result, indexBuildsDone: builds };
}

/** Applies a plan made earlier, refusing it when the state it was made on has changed since. */
export function applyPlan(database: Database, plan: ChangePlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  return applyChange(
    database,
    (state) => {
      if (state.token !== plan.stateToken) {
        throw new PublishError('config.publish.stale-plan', 409, {
          en: 'The configuration or its rollout changed since this plan was made. Make the plan again.',
          'zh-CN': '自生成此计划以来，配置或其发布范围已发生变化。请重新生成计划。',
        });
      }
      return plan;
    },
    options,
  );
}

function unchanged(plan: ChangePlan, state: PublishState): ApplyResult {
  return { plan, check: null, applied: false, versionId: null, eventId: null, assignments: state.assignments, pendingIndexes: [], indexBuilds: [], indexBuildsDone: null };
}

async function insertVersion(tx: Db, plan: Extract<ChangePlan, { kind: 'publish' }>, actor: PublishActor, message: string): Promise<number> {
  const next = (await tx.execute(sql`SELECT coalesce(max(id), 0) + 1 AS id FROM config_versions`)) as unknown as { rows: { id: number | string }[] };
  const [row] = await tx
    .insert(configVersions)
    .values({ id: Number(next.rows[0]!.id), hash: plan.hash, package: plan.package, physical: plan.physical, changes: plan.changes, message, authorId: actor.id, authorName: actor.name, parentId: plan.base?.id ?? null })
    .returning({ id: configVersions.id });
  return row!.id;
}

/** SQLSTATE classes of errors the data causes (a value that does not cast, a duplicate that appeared meanwhile). */
const dataErrors = /^(22|23)/;

async function runStatement(tx: Db, text: string, params: readonly unknown[], stepName: string): Promise<void> {
  try {
    await tx.execute(sqlText(text, params));
  } catch (error) {
    const { code, message } = dbError(error);
    if (code !== undefined && dataErrors.test(code)) {
      throw new PublishError('config.publish.apply-failed', 409, { en: `Step ${stepName} failed on the data: ${message}. Nothing was changed.`, 'zh-CN': `步骤 ${stepName} 因数据问题失败：${message}。未做任何更改。` }, { step: stepName, sqlstate: code });
    }
    throw error;
  }
}
