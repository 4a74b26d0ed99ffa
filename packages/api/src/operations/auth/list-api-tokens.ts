import { desc, eq } from 'drizzle-orm';
import { apiTokens } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { toApiTokenSummary, type ApiTokenSummary } from './api-token-summary.ts';
import { tokenOwner } from './token-owner.ts';
import { isUuid } from './is-uuid.ts';

export interface ListApiTokensInput {
  /** Another user's id (needs manageUsers); the caller's own tokens when absent. */
  userId?: string;
}

/** A user's API tokens, newest first, revoked and expired ones included (marked by status). */
export async function listApiTokens(ctx: OperationContext, input: ListApiTokensInput = {}): Promise<ApiTokenSummary[]> {
  const userId = tokenOwner(ctx.actor, input.userId);
  if (!isUuid(userId)) return [];
  const rows = await ctx.database.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
  const now = new Date();
  return rows.map((row) => toApiTokenSummary(row, now));
}
