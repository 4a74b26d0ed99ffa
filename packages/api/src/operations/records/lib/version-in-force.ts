import { eq } from 'drizzle-orm';
import { configVersions, rolloutAssignments, WHOLE_ORGANISATION, type ActiveVersion } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { resolveCallerAccess } from './caller-access.ts';

/**
 * The configuration version the caller works in, with the caller's access in it resolved: the one fixed at the start of their request on
 * a server (ctx.config), else — on the command line — the whole organisation's.
 */
export async function versionInForce(ctx: OperationContext): Promise<ActiveVersion> {
  const version = ctx.config ? await ctx.config.version() : await organisationVersion(ctx);
  if (!version) throw new OperationError(409, 'records.no-configuration', 'No configuration is published yet: publish one first (mainline publish, or POST /api/v1/config/versions).');
  await resolveCallerAccess(ctx, version);
  return version;
}

async function organisationVersion(ctx: OperationContext): Promise<ActiveVersion | null> {
  const [row] = await ctx.database.db
    .select({ id: configVersions.id, hash: configVersions.hash, package: configVersions.package, physical: configVersions.physical, message: configVersions.message, createdAt: configVersions.createdAt })
    .from(rolloutAssignments)
    .innerJoin(configVersions, eq(configVersions.id, rolloutAssignments.versionId))
    .where(eq(rolloutAssignments.unitKey, WHOLE_ORGANISATION));
  return row ?? null;
}
