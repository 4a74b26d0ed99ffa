import type { ConfigPackage } from '@mainline/model';
import type { Database } from '../connection/database.ts';
import { applyChange, type ApplyOptions, type ApplyResult } from './apply.ts';
import { makePublishPlan, type PublishPlanOptions } from './plan.ts';
import { PublishError } from './publish-error.ts';
import { assertLiveUnits } from './rollout/check-units.ts';

export interface PublishOptions extends ApplyOptions, PublishPlanOptions {
  /** The stateToken of the plan the admin saw: refuse if anything changed since. */
  expectedStateToken?: string;
}

/**
 * Publishes a package: plans it against the state read under the publish lock, checks and
 * applies it in one transaction. The package must have passed validatePackage (the API does that).
 * An identical package is a no-op (`applied: false`).
 */
export function publishPackage(database: Database, draft: ConfigPackage, options: PublishOptions = {}): Promise<ApplyResult> {
  return applyChange(
    database,
    async (state, tx) => {
      if (options.expectedStateToken !== undefined && options.expectedStateToken !== state.token) {
        throw new PublishError('config.publish.stale-plan', 409, {
          en: 'The configuration or its rollout changed since the plan was made. Make the plan again.',
          'zh-CN': '自生成计划以来，配置或其发布范围已发生变化。请重新生成计划。',
        });
      }
      if (options.to?.kind === 'units') await assertLiveUnits(tx, options.to.units);
      return makePublishPlan(state, draft, options.to ? { to: options.to } : {});
    },
    options,
  );
}
