import { and, like, lt, sql } from 'drizzle-orm';
import { auditLog } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { isRetentionDays, retentionDaysFromEnv } from '../process/lib/retention-days.ts';

/** Days of record audit kept, from MAINLINE_AUDIT_RETENTION_DAYS; null (the default) keeps it forever. */
export function auditRetentionDays(env: NodeJS.ProcessEnv = process.env): number | null {
  return retentionDaysFromEnv(env, 'MAINLINE_AUDIT_RETENTION_DAYS', null);
}

/** Deletes record audit entries older than `days` days (admins only). Returns how many went. */
export async function purgeAuditOlderThan(ctx: OperationContext, input: { days: number }): Promise<{ deleted: number }> {
  requirePermission(ctx.actor, 'admin');
  if (!isRetentionDays(input.days)) {
    throw new OperationError(422, 'records.audit.retention-invalid', 'The retention must be a whole number of days, at least 1.', [{ pointer: '/days', code: 'records.audit.retention-invalid', message: 'At least 1 day.' }]);
  }
  const deleted = await ctx.database.db
    .delete(auditLog)
    .where(and(like(auditLog.action, 'record.%'), lt(auditLog.at, sql`now() - make_interval(days => ${input.days}::int)`)))
    .returning({ id: auditLog.id });
  return { deleted: deleted.length };
}
