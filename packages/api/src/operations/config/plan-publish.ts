import { previewPublish, type CheckReport } from '@mainline/db';
import type { Diagnostic } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { validDraft } from './lib/draft.ts';
import { translated } from './lib/publish-errors.ts';
import { planView, rolloutTarget, type PlanView, type RolloutTo } from './lib/rollout-input.ts';

export interface PlanPublishInput {
  package: unknown;
  to?: RolloutTo;
}

export interface PublishPreviewResult {
  plan: PlanView;
  /** The checks run against the data now; null when the plan is blocked or changes nothing. */
  check: CheckReport | null;
  /** Whether publishing this plan now would go through. */
  canPublish: boolean;
  /** Validation warnings (errors stop before planning). */
  warnings: Diagnostic[];
}

/** What publishing a draft would change, and whether the data allows it; changes nothing. */
export async function planPublish(ctx: OperationContext, input: PlanPublishInput): Promise<PublishPreviewResult> {
  requirePermission(ctx.actor, 'publish');
  const { draft, warnings } = validDraft(input.package);
  const to = rolloutTarget(input.to);
  const { plan, check } = await translated(() => previewPublish(ctx.database, draft, { to }), draft);
  return { plan: planView(plan), check, canPublish: !plan.unchanged && plan.blockers.length === 0 && (check?.ok ?? false), warnings };
}
