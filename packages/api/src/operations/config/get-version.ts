import { configVersions } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { eq } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { OperationError, requireAnyPermission } from '../../errors.ts';
import type { VersionSummary } from './list-versions.ts';
import { readAssignments } from './lib/read-assignments.ts';
import { versionReaders } from './lib/version-readers.ts';
import { versionSummary, versionSummaryColumns } from './lib/version-summary.ts';

export interface GetVersionInput {
  versionId: number;
}

/** One published version: its summary and the package exactly as published. */
export interface VersionDetail extends VersionSummary {
  package: ConfigPackage;
}

/** A published version with its package (to open it in the studio, or start a draft from it). Needs editDrafts or publish. */
export async function getVersion(ctx: OperationContext, input: GetVersionInput): Promise<VersionDetail> {
  requireAnyPermission(ctx.actor, versionReaders);
  const { db } = ctx.database;
  const [row] = await db
    .select({ ...versionSummaryColumns, package: configVersions.package })
    .from(configVersions)
    .where(eq(configVersions.id, input.versionId));
  if (!row) throw new OperationError(404, 'config.version.unknown', `There is no version ${input.versionId}.`);
  const { package: pkg, ...summary } = row;
  return { ...versionSummary(summary, await readAssignments(db)), package: pkg };
}
