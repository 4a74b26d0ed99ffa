import { previewPromote, promoteRollout as promote, type Preview, type RolloutPlan } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { changeResult, type ConfigChangeResult } from './lib/change-result.ts';
import { translated } from './lib/publish-errors.ts';
import { publishActor } from './lib/rollout-input.ts';

export interface PromoteRolloutInput {
  versionId: number;
  dryRun?: boolean;
}

/** Gives a version to the whole organisation; every pilot ends. */
export async function promoteRollout(ctx: OperationContext, input: PromoteRolloutInput): Promise<ConfigChangeResult | Preview<RolloutPlan>> {
  requirePermission(ctx.actor, 'publish');
  if (input.dryRun) return translated(() => previewPromote(ctx.database, input.versionId));
  const result = await translated(() => promote(ctx.database, input.versionId, { actor: publishActor(ctx.actor) }));
  return changeResult(result, { en: `Version ${input.versionId} is in force for the whole organisation.`, 'zh-CN': `版本 ${input.versionId} 已在整个组织生效。` });
}
