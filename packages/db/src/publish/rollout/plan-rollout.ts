import { planPhysical } from '../physical-diff.ts';
import { cannotCoexist } from '../plan.ts';
import type { Assignments, RolloutPlan } from '../plan-types.ts';
import { PublishError } from '../publish-error.ts';
import { versionsInForce, type PublishState } from '../state.ts';
import { assignmentsAfterExtend, assignmentsAfterPromote, leavingVersions } from './assignments.ts';

function rolloutPlan(state: PublishState, kind: RolloutPlan['kind'], after: Assignments, undoes?: number): RolloutPlan {
  const refs = versionsInForce(after);
  const layouts = refs.map((id) => ({ version: id, physical: state.versions.get(id)!.physical }));
  const physical = planPhysical(state.catalogue, layouts);
  const blockers = [...physical.blockers, ...(physical.conflicts.length > 0 ? [cannotCoexist(physical.conflicts)] : [])];
  return {
    kind,
    versionId: refs[0]!,
    ...(undoes !== undefined ? { undoes } : {}),
    stateToken: state.token,
    assignments: { before: state.assignments, after },
    inForceAfter: refs,
    leaving: leavingVersions(state.assignments, after),
    steps: physical.steps,
    checks: physical.checks,
    tasks: [],
    conflicts: physical.conflicts,
    blockers,
    warnings: physical.warnings,
  };
}

function requireVersion(state: PublishState, versionId: number): void {
  if (!state.versions.has(versionId)) {
    throw new PublishError('config.rollout.unknown-version', 404, { en: `There is no version ${versionId}.`, 'zh-CN': `不存在版本 ${versionId}。` });
  }
}

/** Gives `units` the version (a pilot growing unit by unit). */
export function planExtend(state: PublishState, versionId: number, units: readonly string[]): RolloutPlan {
  requireVersion(state, versionId);
  return rolloutPlan(state, 'extend', assignmentsAfterExtend(state.assignments, versionId, units));
}

/** Gives the whole organisation the version; every other assignment ends. */
export function planPromote(state: PublishState, versionId: number): RolloutPlan {
  requireVersion(state, versionId);
  return rolloutPlan(state, 'promote', assignmentsAfterPromote(versionId));
}

/** Undoes the newest publish, extend or promote that is not undone yet: the assignments before it come back. */
export function planRollback(state: PublishState): RolloutPlan {
  const event = state.undoable;
  if (!event) {
    throw new PublishError('config.rollback.nothing-to-undo', 409, { en: 'There is nothing to roll back.', 'zh-CN': '没有可以回滚的操作。' });
  }
  if (Object.keys(event.before).length === 0) {
    throw new PublishError('config.rollback.no-previous-version', 409, {
      en: 'The first published version cannot be rolled back: there is no version before it.',
      'zh-CN': '无法回滚首个发布的版本：在它之前没有版本。',
    });
  }
  return rolloutPlan(state, 'rollback', event.before, event.id);
}
