import type { ConfigPackage } from '@mainline/model';
import type { Database, Db } from '../connection/database.ts';
import { checkPlan, type CheckReport } from './check.ts';
import { makePublishPlan, type PublishPlanOptions } from './plan.ts';
import type { ChangePlan, PublishPlan, RolloutPlan } from './plan-types.ts';
import { planExtend, planPromote, planRollback } from './rollout/plan-rollout.ts';
import { loadPublishState, type PublishState } from './state.ts';

export interface Preview<P extends ChangePlan> {
  plan: P;
  /** Null when the plan is blocked or changes nothing: there is nothing to check. */
  check: CheckReport | null;
}

/** Plans and checks without changing anything; what the studio and `mainline plan` show. */
async function preview<P extends ChangePlan>(database: Database, extraVersionIds: number[], make: (state: PublishState) => P): Promise<Preview<P>> {
  // one snapshot for the state and the checks, even while a publish commits meanwhile
  return database.db.transaction(
    async (transaction) => {
      const tx = transaction as unknown as Db;
      const plan = make(await loadPublishState(tx, extraVersionIds));
      const nothing = (plan.kind === 'publish' && plan.unchanged) || plan.blockers.length > 0;
      return { plan, check: nothing ? null : await checkPlan(tx, plan) };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export function previewPublish(database: Database, draft: ConfigPackage, options: PublishPlanOptions = {}): Promise<Preview<PublishPlan>> {
  return preview(database, [], (state) => makePublishPlan(state, draft, options));
}

export function previewExtend(database: Database, versionId: number, units: readonly string[]): Promise<Preview<RolloutPlan>> {
  return preview(database, [versionId], (state) => planExtend(state, versionId, units));
}

export function previewPromote(database: Database, versionId: number): Promise<Preview<RolloutPlan>> {
  return preview(database, [versionId], (state) => planPromote(state, versionId));
}

export function previewRollback(database: Database): Promise<Preview<RolloutPlan>> {
  return preview(database, [], (state) => planRollback(state));
}
