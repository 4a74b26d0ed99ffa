import { previewPurge, purgeRetired, type PurgePreview } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { translated } from './lib/publish-errors.ts';
import { publishActor } from './lib/rollout-input.ts';

export interface PurgeInput {
  /** The retired object, or the object of the retired field. */
  object: string;
  field?: string;
  /** Must be true: purging deletes data for good. Without it the operation only says what would go. */
  confirm?: boolean;
}

/**
 * Deletes the data of a retired object or field (DROP TABLE / DROP COLUMN). Asks for
 * confirmation: without `confirm: true` it refuses with a preview (rows and values that would be
 * lost) in the error details, for the caller to show before asking again.
 */
export async function purge(ctx: OperationContext, input: PurgeInput): Promise<PurgePreview> {
  requirePermission(ctx.actor, 'publish');
  const target = { objectId: input.object, ...(input.field ? { fieldId: input.field } : {}) };
  const preview = await translated(() => previewPurge(ctx.database, target));
  if (input.confirm !== true) {
    const what = preview.kind === 'table' ? `table rec.${preview.table} with ${preview.rows} record(s)` : `column(s) ${preview.columns.join(', ')} of rec.${preview.table} holding ${preview.values} value(s)`;
    throw new OperationError(409, 'config.purge.confirmation-required', `Purging deletes the ${what} for good. Repeat with confirm: true to go ahead.`, [], { preview });
  }
  return translated(() => purgeRetired(ctx.database, target, { confirm: true, actor: publishActor(ctx.actor) }));
}
