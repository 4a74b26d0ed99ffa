import type { ConfigPackage } from '@mainline/model';
import { makePublishPlan } from '../plan.ts';
import type { ChangePlan, PublishPlan, RolloutTarget } from '../plan-types.ts';
import { resolveNewVersion } from '../rollout/assignments.ts';
import { columnKey, versionsInForce, type PublishState } from '../state.ts';

/** Publishing state held in memory, so planning can be tested as the pure function it is. */
export function emptyState(): PublishState {
  return { assignments: {}, versions: new Map(), undoable: null, catalogue: { tables: new Map(), columns: new Map(), indexes: new Map() }, token: 't0' };
}

/** The state after `plan` was applied (as apply would leave it). */
export function afterPlan(state: PublishState, plan: ChangePlan): { state: PublishState; versionId: number } {
  const versions = new Map(state.versions);
  let versionId = plan.kind === 'publish' ? 0 : plan.versionId;
  if (plan.kind === 'publish') {
    versionId = Math.max(0, ...versions.keys()) + 1;
    versions.set(versionId, { id: versionId, hash: plan.hash, package: plan.package, physical: plan.physical, message: '', authorName: '', createdAt: new Date() });
  }
  const assignments = resolveNewVersion(plan.assignments.after, versionId);
  const tables = new Map([...state.catalogue.tables].map(([k, t]) => [k, { ...t, retired: true }]));
  const columns = new Map([...state.catalogue.columns].map(([k, c]) => [k, { ...c, retired: true }]));
  for (const id of versionsInForce(assignments).reverse()) {
    for (const [objectId, mapped] of Object.entries(versions.get(id)!.physical.objects)) {
      tables.set(mapped.table, { table: mapped.table, objectId, retired: false });
      for (const [fieldId, c] of Object.entries(mapped.fields)) columns.set(columnKey(mapped.table, c.column), { table: mapped.table, column: c.column, fieldId, type: c.type, references: c.references, retired: false });
    }
  }
  const indexes = new Map(state.catalogue.indexes);
  for (const step of plan.steps) {
    if (step.kind === 'dropIndex') indexes.delete(step.name);
    if (step.kind === 'createIndex') indexes.set(step.index.name, { name: step.index.name, table: step.table, status: 'ready' });
  }
  const event = { id: Number(state.token.slice(1)) + 1, kind: plan.kind, versionId, before: plan.assignments.before, after: assignments };
  return { state: { assignments, versions, undoable: plan.kind === 'rollback' ? null : event, catalogue: { tables, columns, indexes }, token: `t${event.id}` }, versionId };
}

export function publishInMemory(state: PublishState, draft: ConfigPackage, to?: RolloutTarget): { plan: PublishPlan; state: PublishState; versionId: number } {
  const plan = makePublishPlan(state, draft, to ? { to } : {});
  return { plan, ...afterPlan(state, plan) };
}
