import type { AccessAction } from '@mainline/access';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { accessRulesAllow } from './access-sql.ts';
import { actionRules } from './caller-access.ts';
import type { RecordTarget } from './record-target.ts';

export type WriteAction = 'create' | 'update' | 'delete' | 'restore' | 'import' | 'export' | 'transfer';

/** Restoring undoes a delete: the same grant decides. */
const grantOf: Record<WriteAction, AccessAction> = { create: 'create', update: 'update', delete: 'delete', restore: 'delete', import: 'import', export: 'export', transfer: 'transfer' };

/** 401 for anonymous callers: records are written by a signed-in user, an API token or the CLI. */
export function requireWriter(ctx: OperationContext): void {
  if (ctx.actor.via === 'anonymous') throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
}

function denied(target: RecordTarget, action: WriteAction, pointer = ''): OperationError {
  const message = `You may not ${action} ${target.object.id} records${pointer ? ' like this one' : ''}.`;
  return new OperationError(403, 'access.denied', message, [{ pointer, code: 'access.denied', message }]);
}

/**
 * Whether the caller may carry out `action` (a write, or export) on records of `target` at all (some grant of their
 * roles allows it); 403 `access.denied` otherwise. Every records write goes through here first;
 * the record itself is checked with `checkRecordAccess`. The command line may do everything.
 */
export function writeScope(ctx: OperationContext, target: RecordTarget, action: WriteAction): void {
  requireWriter(ctx);
  const rules = actionRules(ctx, target.version, target.object.id, grantOf[action]);
  if (rules !== null && rules.length === 0) throw denied(target, action);
}

/**
 * A write on one record, checked in memory against the record as it is (`before`) and as it would
 * become (`after`): a record the caller may not read does not exist for them (404); one they may
 * read but not change this way is 403; a change that would take it out of what they may change
 * (their scope, the grant's condition) is 403 too.
 */
export function checkRecordAccess(ctx: OperationContext, target: RecordTarget, action: WriteAction, record: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null }, notFound: () => OperationError): void {
  const read = actionRules(ctx, target.version, target.object.id, 'read');
  const write = actionRules(ctx, target.version, target.object.id, grantOf[action]);
  if (read === null || write === null) return;
  if (record.before) {
    if (!accessRulesAllow(ctx, target, read, record.before)) throw notFound();
    if (!accessRulesAllow(ctx, target, write, record.before)) throw denied(target, action, '/id');
  }
  if (record.after && !accessRulesAllow(ctx, target, write, record.after)) throw denied(target, action, '/values');
}
