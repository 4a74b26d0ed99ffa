import { extendRollout as extend, previewExtend, type Preview, type RolloutPlan } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { changeResult, type ConfigChangeResult } from './lib/change-result.ts';
import { translated } from './lib/publish-errors.ts';
import { publishActor } from './lib/rollout-input.ts';

export interface ExtendRolloutInput {
  versionId: number;
  /** Org unit ids that get the version (their units below follow, unless they have their own). */
  units: string[];
  /** Only plan and check. */
  dryRun?: boolean;
}

/** Gives more org units a published version: the pilot grows unit by unit. */
export async function extendRollout(ctx: OperationContext, input: ExtendRolloutInput): Promise<ConfigChangeResult | Preview<RolloutPlan>> {
  requirePermission(ctx.actor, 'publish');
  const units = [...new Set(input.units)];
  if (input.dryRun) return translated(() => previewExtend(ctx.database, input.versionId, units));
  const result = await translated(() => extend(ctx.database, input.versionId, units, { actor: publishActor(ctx.actor) }));
  return changeResult(result, { en: `Version ${input.versionId} now also applies to ${units.length} more unit(s).`, 'zh-CN': `版本 ${input.versionId} 已扩大到另外 ${units.length} 个单元。` });
}
