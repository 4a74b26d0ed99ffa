import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { childPath, isWithin, lockOrgTree, moveSubtree, orgUnits, rootPath, type Db } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { orgUnitColumns } from './lib/find-org-unit.ts';
import { importReport, type ImportInput, type ImportReport } from './lib/import-report.ts';
import { orgUnitCsvColumns, planOrgUnitImport, type UnitImportStep } from './lib/plan-org-unit-import.ts';
import { readCsv } from './lib/read-csv.ts';
import { transactOrg } from './lib/transact.ts';

/**
 * Imports org units from CSV (`code,parent_code,name_en,name_zh`): new codes are created, known
 * codes updated (name; parent when one is given). Parents may come after their children in the
 * file. All or nothing: with any bad row nothing is written and the report lists every one.
 */
export async function importOrgUnits(ctx: OperationContext, input: ImportInput): Promise<ImportReport> {
  requirePermission(ctx.actor, 'manageUsers');
  const dryRun = input.dryRun ?? false;
  const table = readCsv(input.csv, orgUnitCsvColumns);
  if (dryRun || table.errors.length > 0) {
    const plan = planOrgUnitImport(table.rows, await ctx.database.db.select(orgUnitColumns).from(orgUnits));
    return importReport(dryRun, [...table.errors, ...plan.errors], plan.counts);
  }
  return transactOrg(ctx, async (tx) => {
    await lockOrgTree(tx);
    const existing = await tx.select(orgUnitColumns).from(orgUnits);
    const plan = planOrgUnitImport(table.rows, existing);
    if (plan.errors.length > 0) return importReport(false, plan.errors);
    await applySteps(tx, plan.steps, new Map(existing.map((u) => [u.code, { id: u.id, path: u.path }])));
    await auditOrg(tx, ctx.actor, 'org.import.units', { ...plan.counts });
    return importReport(false, [], plan.counts);
  });
}

type Position = { id: string; path: string };

/** Applies the steps in order; new units are inserted in batches, flushed before each move so the tree in the database is whole. */
async function applySteps(tx: Db, steps: readonly UnitImportStep[], positions: Map<string, Position>): Promise<void> {
  let pending: (typeof orgUnits.$inferInsert)[] = [];
  const flush = async () => {
    for (let i = 0; i < pending.length; i += 500) await tx.insert(orgUnits).values(pending.slice(i, i + 500));
    pending = [];
  };
  const positionOf = (code: string | null) => (code === null ? null : positions.get(code)!);

  for (const step of steps) {
    if (step.kind === 'create') {
      const parent = positionOf(step.parentCode);
      const id = randomUUID();
      const path = parent ? childPath(parent.path, id) : rootPath(id);
      pending.push({ id, code: step.code, name: step.name, parentId: parent?.id ?? null, path });
      positions.set(step.code, { id, path });
      continue;
    }
    if (step.name) await tx.update(orgUnits).set({ name: step.name }).where(eq(orgUnits.id, step.unit.id));
    if (step.move) {
      await flush();
      const unit = positions.get(step.unit.code)!;
      const parent = positionOf(step.move.parentCode);
      await moveSubtree(tx, unit, parent);
      const oldPath = unit.path;
      const newPath = parent ? childPath(parent.path, unit.id) : rootPath(unit.id);
      for (const position of positions.values()) {
        if (isWithin(position.path, oldPath)) position.path = newPath + position.path.slice(oldPath.length);
      }
    }
  }
  await flush();
}
