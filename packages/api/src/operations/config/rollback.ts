import { previewRollback, rollback as rollBack, type Preview, type RolloutPlan } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { changeResult, type ConfigChangeResult } from './lib/change-result.ts';
import { translated } from './lib/publish-errors.ts';
import { publishActor } from './lib/rollout-input.ts';

export interface RollbackInput {
  dryRun?: boolean;
}

/** One command: undoes the newest publish, extend or promote, so what was in force before it is in force again. */
export async function rollback(ctx: OperationContext, input: RollbackInput = {}): Promise<ConfigChangeResult | Preview<RolloutPlan>> {
  requirePermission(ctx.actor, 'publish');
  if (input.dryRun) return translated(() => previewRollback(ctx.database));
  const result = await translated(() => rollBack(ctx.database, { actor: publishActor(ctx.actor) }));
  const versions = [...new Set(Object.values(result.assignments))].sort((a, b) => a - b).join(', ');
  return changeResult(result, { en: `Rolled back: version(s) ${versions} in force.`, 'zh-CN': `已回滚：生效版本为 ${versions}。` });
}
