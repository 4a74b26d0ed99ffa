import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import type { RecordTarget } from './record-target.ts';

export type WriteAction = 'create' | 'update' | 'delete' | 'restore';

/** 401 for anonymous callers: records are written by a signed-in user, an API token or the CLI. */
export function requireWriter(ctx: OperationContext): void {
  if (ctx.actor.via === 'anonymous') throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
}

/**
 * Whether the caller may carry out `action` on records of `target`. Every records write (create,
 * update, delete, restore, bulk update, import) goes through here.
 *
 * TODO(issue 5): business roles — check the caller's grants for the action (scope own / unit /
 * unit and below / all, the grant condition on the record, per-field edit access). Until then
 * every signed-in caller may write every record.
 */
export function writeScope(ctx: OperationContext, _target: RecordTarget, _action: WriteAction): void {
  requireWriter(ctx);
}
