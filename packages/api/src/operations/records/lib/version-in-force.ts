import { eq } from 'drizzle-orm';
import { configVersions, orgUnits, resolveVersionId, rolloutAssignments, WHOLE_ORGANISATION, type ActiveVersion } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { readAssignments } from '../../config/lib/read-assignments.ts';
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

/**
 * The configuration version a user of unit `orgUnitId` works in (a pilot unit's, else the whole
 * organisation's), for operations about another user (explain). The caller's own version object
 * when it is that one, so its caches serve.
 */
export async function versionOfUnit(ctx: OperationContext, orgUnitId: string | null): Promise<ActiveVersion> {
  const own = await versionInForce(ctx);
  const assignments = await readAssignments(ctx.database.db);
  const [unit] = orgUnitId === null ? [] : await ctx.database.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  const id = resolveVersionId(assignments, unit?.path ?? null);
  if (id === null || id === own.id) return own;
  const [row] = await ctx.database.db
    .select(versionColumns)
    .from(configVersions)
    .where(eq(configVersions.id, id));
  return row ?? own;
}

const versionColumns = { id: configVersions.id, hash: configVersions.hash, package: configVersions.package, physical: configVersions.physical, message: configVersions.message, createdAt: configVersions.createdAt };

async function organisationVersion(ctx: OperationContext): Promise<ActiveVersion | null> {
  const [row] = await ctx.database.db
    .select(versionColumns)
    .from(rolloutAssignments)
    .innerJoin(configVersions, eq(configVersions.id, rolloutAssignments.versionId))
    .where(eq(rolloutAssignments.unitKey, WHOLE_ORGANISATION));
  return row ?? null;
}
