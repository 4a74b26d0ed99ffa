import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { auditAuth } from './audit-auth.ts';
import { toApiTokenSummary, type ApiTokenSummary } from './api-token-summary.ts';
import { isUuid } from './is-uuid.ts';

export interface RevokeApiTokenInput {
  id: string;
}

/** Revokes an API token at once: its next request gets 401 `auth.token-revoked`. Revoking twice is harmless. */
export async function revokeApiToken(ctx: OperationContext, input: RevokeApiTokenInput): Promise<ApiTokenSummary> {
  const { db } = ctx.database;
  const [token] = isUuid(input.id) ? await db.select().from(apiTokens).where(eq(apiTokens.id, input.id)) : [];
  if (!token) throw new OperationError(404, 'auth.token-not-found', 'There is no API token with this id.');
  if (token.userId !== ctx.actor.userId) requirePermission(ctx.actor, 'manageUsers');
  if (token.revokedAt) return toApiTokenSummary(token);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt))).returning();
    await auditAuth(tx, ctx.actor, 'auth.token-revoked', { tokenId: token.id, userId: token.userId });
    return toApiTokenSummary(row ?? token);
  });
}
