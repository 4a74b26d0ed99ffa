import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { childPath, lockOrgTree, orgUnits, platformPermissions, roleAssignments, rootPath, users, type Db, type PlatformPermission } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { auditOrg } from './lib/audit-org.ts';
import { demoUnits, planDemoUsers, type DemoUnitCode } from './lib/demo-placement.ts';
import { requireCanChange } from './lib/permission-changes.ts';
import { transactOrg } from './lib/transact.ts';
import { findUserByUsername } from './lib/user-summary.ts';

/** One demo sign-in, for the caller to print. */
export interface DemoLogin {
  username: string;
  /** The password set now; null when the user already existed and kept theirs. */
  password: string | null;
  displayName: string;
  /** `role@unit_code`. */
  roles: string[];
  /** The user's own unit (code). */
  unit: string;
  permissions: PlatformPermission[];
  created: boolean;
}

export interface SeedDemoOptions {
  /** Default: MAINLINE_DEMO_PASSWORD, else `demo`. */
  password?: string;
}

/**
 * Loads the demo organisation (company → hq, east, south) and one demo user per role of `pkg`,
 * plus `admin` and `analyst`. Idempotent: units and users that exist are left as they are (no
 * password is reset), missing ones are added, missing role assignments too. Demo passwords
 * bypass the password policy and need no change at first sign-in: this is for trying things out.
 */
export async function seedDemo(ctx: OperationContext, pkg: Pick<ConfigPackage, 'roles'>, options: SeedDemoOptions = {}): Promise<DemoLogin[]> {
  requirePermission(ctx.actor, 'manageUsers');
  requireCanChange(ctx.actor, [], platformPermissions);
  const password = options.password || process.env.MAINLINE_DEMO_PASSWORD || 'demo';
  const plans = planDemoUsers(pkg);

  const hashes = new Map<string, string>();
  for (const plan of plans) {
    if (!(await findUserByUsername(ctx.database.db, plan.username))) hashes.set(plan.username, await hashPassword(password));
  }

  return transactOrg(ctx, async (tx) => {
    await lockOrgTree(tx);
    const unitIds = await ensureDemoUnits(tx);
    const logins: DemoLogin[] = [];
    for (const plan of plans) {
      let user = await findUserByUsername(tx, plan.username);
      const created = !user;
      if (!user) {
        const passwordHash = hashes.get(plan.username) ?? (await hashPassword(password));
        [user] = await tx
          .insert(users)
          .values({ username: plan.username, displayName: plan.displayName, passwordHash, locale: 'en', orgUnitId: unitIds.get(plan.unit)!, permissions: plan.permissions })
          .returning();
      }
      for (const role of plan.roles) {
        await tx.insert(roleAssignments).values({ userId: user!.id, roleId: role.roleId, orgUnitId: unitIds.get(role.heldAt)! }).onConflictDoNothing();
      }
      logins.push({
        username: user!.username,
        password: created ? password : null,
        displayName: user!.displayName,
        roles: plan.roles.map((r) => `${r.roleId}@${r.heldAt}`),
        unit: plan.unit,
        permissions: user!.permissions,
        created,
      });
    }
    await auditOrg(tx, ctx.actor, 'org.demo.seed', { created: logins.filter((l) => l.created).map((l) => l.username) });
    return logins;
  });
}

/** The demo units by code, creating those that are missing; existing ones stay where they are. */
async function ensureDemoUnits(tx: Db): Promise<Map<DemoUnitCode, string>> {
  const ids = new Map<DemoUnitCode, string>();
  const paths = new Map<string, string>();
  for (const unit of demoUnits) {
    const [existing] = await tx.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, unit.code));
    if (existing) {
      ids.set(unit.code, existing.id);
      paths.set(unit.code, existing.path);
      continue;
    }
    const id = randomUUID();
    const parentPath = unit.parentCode ? paths.get(unit.parentCode) : undefined;
    const path = parentPath ? childPath(parentPath, id) : rootPath(id);
    await tx.insert(orgUnits).values({ id, code: unit.code, name: unit.name, parentId: unit.parentCode ? ids.get(unit.parentCode)! : null, path });
    ids.set(unit.code, id);
    paths.set(unit.code, path);
  }
  return ids;
}
