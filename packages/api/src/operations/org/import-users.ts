import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { lockOrgTree, orgUnits, roleAssignments, users, type Db } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { auditOrg } from './lib/audit-org.ts';
import { orgUnitColumns } from './lib/find-org-unit.ts';
import { importReport, type ImportInput, type ImportReport } from './lib/import-report.ts';
import { planUserImport, userCsvColumns, type ExistingUser, type UserImportContext, type UserImportStep } from './lib/plan-user-import.ts';
import { readCsv, type CsvRow } from './lib/read-csv.ts';
import { roleExistsIn, type RoleCatalog } from './lib/role-catalog.ts';
import { rolesInForce } from './lib/roles-in-force.ts';
import { transactOrg } from './lib/transact.ts';
import { userSummaryColumns } from './lib/user-summary.ts';

/**
 * Imports users from CSV (`username,display_name,email,locale,org_unit_code,roles,password`,
 * roles as `role@unit_code;role@unit_code`): new usernames are created, known ones updated.
 * `roles` says which role ids exist (default: those of the versions in force). All or nothing:
 * with any bad row nothing is written and the report lists every one.
 */
export async function importUsers(ctx: OperationContext, input: ImportInput, roles?: RoleCatalog): Promise<ImportReport> {
  requirePermission(ctx.actor, 'manageUsers');
  const dryRun = input.dryRun ?? false;
  const roleExists = roles === undefined ? await rolesInForce(ctx.database) : roleExistsIn(roles);
  const table = readCsv(input.csv, userCsvColumns);
  const first = planUserImport(table.rows, await loadContext(ctx.database.db, table.rows, roleExists));
  if (dryRun || table.errors.length > 0 || first.errors.length > 0) return importReport(dryRun, [...table.errors, ...first.errors], first.counts);

  // Hashing is slow by design: do it before the transaction, which then stays short.
  const hashes = await hashPasswords(first.steps);
  return transactOrg(ctx, async (tx) => {
    await lockOrgTree(tx); // the units users are placed in stay live until this commits
    const plan = planUserImport(table.rows, await loadContext(tx, table.rows, roleExists));
    if (plan.errors.length > 0) return importReport(false, plan.errors);
    await applySteps(tx, plan.steps, hashes);
    await auditOrg(tx, ctx.actor, 'org.import.users', { ...plan.counts });
    return importReport(false, [], plan.counts);
  });
}

async function loadContext(db: Db, rows: readonly CsvRow[], roleExists: (roleId: string) => boolean): Promise<UserImportContext> {
  const units = await db.select(orgUnitColumns).from(orgUnits);
  const keys = [...new Set(rows.map((r) => (r.values.username ?? '').toLowerCase()).filter(Boolean))];
  const found: ExistingUser[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = await db.select(userSummaryColumns).from(users).where(inArray(sql`lower(${users.username})`, keys.slice(i, i + 1000)));
    const held = chunk.length
      ? await db
          .select({ id: roleAssignments.id, userId: roleAssignments.userId, roleId: roleAssignments.roleId, orgUnitId: roleAssignments.orgUnitId })
          .from(roleAssignments)
          .where(and(inArray(roleAssignments.userId, chunk.map((u) => u.id)), isNull(roleAssignments.retiredAt)))
      : [];
    for (const user of chunk) found.push({ ...user, assignments: held.filter((a) => a.userId === user.id).map(({ userId: _userId, ...a }) => a) });
  }
  return { units, users: new Map(found.map((u) => [u.username.toLowerCase(), u])), roleExists };
}

/** Hashes of the new users' passwords by row, four at a time (argon2 runs on libuv's four threads). */
async function hashPasswords(steps: readonly UserImportStep[]): Promise<Map<number, string>> {
  const creates = steps.filter((s) => s.kind === 'create');
  const hashes = new Map<number, string>();
  let next = 0;
  const worker = async () => {
    for (let step = creates[next++]; step; step = creates[next++]) hashes.set(step.row, await hashPassword(step.password));
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return hashes;
}

async function applySteps(tx: Db, steps: readonly UserImportStep[], hashes: Map<number, string>): Promise<void> {
  const creates = steps.filter((s) => s.kind === 'create');
  for (let i = 0; i < creates.length; i += 500) {
    const batch = creates.slice(i, i + 500);
    const values = [];
    for (const s of batch) {
      const passwordHash = hashes.get(s.row) ?? (await hashPassword(s.password));
      values.push({ username: s.username, displayName: s.displayName, email: s.email, locale: s.locale, orgUnitId: s.orgUnitId, passwordHash, mustChangePassword: true });
    }
    const inserted = await tx.insert(users).values(values).returning({ id: users.id, username: users.username });
    const idOf = new Map(inserted.map((u) => [u.username, u.id]));
    const held = batch.flatMap((s) => s.roles.map((r) => ({ userId: idOf.get(s.username)!, ...r })));
    if (held.length) await tx.insert(roleAssignments).values(held);
  }
  const now = new Date();
  for (const step of steps) {
    if (step.kind !== 'update') continue;
    if (Object.keys(step.set).length) await tx.update(users).set(step.set).where(eq(users.id, step.user.id));
    if (step.addRoles.length) await tx.insert(roleAssignments).values(step.addRoles.map((r) => ({ userId: step.user.id, ...r })));
    if (step.retireAssignmentIds.length) await tx.update(roleAssignments).set({ retiredAt: now }).where(inArray(roleAssignments.id, step.retireAssignmentIds));
  }
}
