import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { childPath, lockOrgTree, orgUnits, rootPath, type OrgUnitRow } from '@mainline/db';
import type { LocalizedText } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { checkUnitCode } from './lib/field-checks.ts';
import { orgUnitColumns, requireLiveOrgUnitAt } from './lib/find-org-unit.ts';
import { InputProblems, problemError } from './lib/input-problems.ts';
import { transactOrg } from './lib/transact.ts';
import { checkUnitNames, unitName } from './lib/unit-name.ts';

export interface CreateOrgUnitInput {
  /** Unique among all units, retired ones included: a code is never reused. */
  code: string;
  name: LocalizedText;
  /** The parent unit's id; null or absent for a unit at the top. */
  parentId?: string | null;
}

export async function createOrgUnit(ctx: OperationContext, input: CreateOrgUnitInput): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'manageUsers');
  const code = input.code.trim();
  const name = unitName(input.name);
  checkUnitNames(new InputProblems().add('/code', checkUnitCode(code)), name).throwIfAny();

  return transactOrg(ctx, async (tx) => {
    await lockOrgTree(tx);
    const [taken] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code));
    if (taken) throw problemError(409, '/code', { code: 'org.unit.duplicate-code', message: `An org unit with code "${code}" already exists.` });
    const parent = input.parentId ? await requireLiveOrgUnitAt(tx, input.parentId, '/parentId') : undefined;
    const id = randomUUID();
    const [unit] = await tx
      .insert(orgUnits)
      .values({ id, code, name, parentId: parent?.id ?? null, path: parent ? childPath(parent.path, id) : rootPath(id) })
      .returning(orgUnitColumns);
    await auditOrg(tx, ctx.actor, 'org.unit.create', { unitId: id, code, parentId: parent?.id ?? null });
    return unit!;
  });
}
