import { publishPackage } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { changeResult, type ConfigChangeResult } from './lib/change-result.ts';
import { validDraft } from './lib/draft.ts';
import { translated } from './lib/publish-errors.ts';
import { publishActor, rolloutTarget, type RolloutTo } from './lib/rollout-input.ts';

export interface PublishInput {
  package: unknown;
  /** The whole organisation (default) or pilot org units. */
  to?: RolloutTo;
  message?: string;
  /** The plan's stateToken from planPublish: refuse if anything changed since it was shown. */
  expectedStateToken?: string;
  /** Wait for indexes built after the commit (default), or let them finish in the background. */
  indexBuilds?: 'wait' | 'background';
}

/**
 * Publishes a package as a new immutable version: validate, plan, check, apply in one
 * transaction. An identical package publishes nothing and says so.
 */
export async function publish(ctx: OperationContext, input: PublishInput): Promise<ConfigChangeResult> {
  requirePermission(ctx.actor, 'publish');
  const { draft } = validDraft(input.package);
  const to = rolloutTarget(input.to);
  const result = await translated(
    () =>
      publishPackage(ctx.database, draft, {
        to,
        actor: publishActor(ctx.actor),
        message: input.message ?? '',
        indexBuilds: input.indexBuilds ?? 'wait',
        ...(input.expectedStateToken !== undefined ? { expectedStateToken: input.expectedStateToken } : {}),
      }),
    draft,
  );
  if (!result.applied) {
    const base = result.plan.kind === 'publish' ? result.plan.base?.id : undefined;
    return changeResult(result, {
      en: `Nothing published: the package is identical to version ${base}. To give it to more units, extend or promote version ${base}.`,
      'zh-CN': `未发布：配置与版本 ${base} 完全相同。如需让更多单元使用，请扩大或推广版本 ${base}。`,
    });
  }
  const where = to.kind === 'organisation' ? { en: 'the whole organisation', zh: '整个组织' } : { en: `${to.units.length} pilot unit(s)`, zh: `${to.units.length} 个试点单元` };
  return changeResult(result, { en: `Version ${result.versionId} is in force for ${where.en}.`, 'zh-CN': `版本 ${result.versionId} 已在${where.zh}生效。` });
}
