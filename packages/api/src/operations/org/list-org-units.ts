import { and, isNull, type SQL } from 'drizzle-orm';
import { buildOrgUnitTree, orgUnits, pathWithin, type OrgUnitNode } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { orgUnitColumns, requireOrgUnit } from './lib/find-org-unit.ts';

export interface ListOrgUnitsInput {
  /** Only this unit and what lies below it. */
  rootId?: string;
  includeRetired?: boolean;
}

/**
 * The org tree, children sorted by code. Any caller may read it: screens need it to pick units.
 */
export async function listOrgUnits(ctx: OperationContext, input: ListOrgUnitsInput = {}): Promise<OrgUnitNode[]> {
  const db = ctx.database.db;
  const conditions: SQL[] = [];
  if (input.rootId) conditions.push(pathWithin((await requireOrgUnit(db, input.rootId)).path));
  if (!input.includeRetired) conditions.push(isNull(orgUnits.retiredAt));
  const rows = await db.select(orgUnitColumns).from(orgUnits).where(and(...conditions));
  return buildOrgUnitTree(rows);
}
