import { users, type PlatformPermission } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { hashPassword, passwordProblems } from '../../auth/passwords.ts';
import { auditOrg } from './lib/audit-org.ts';
import { checkDisplayName, checkEmail, checkLocale, checkUsername, type UserLocale } from './lib/field-checks.ts';
import { requireLiveOrgUnitAt } from './lib/find-org-unit.ts';
import { InputProblems, problemError } from './lib/input-problems.ts';
import { checkPermissionNames, requireCanChange } from './lib/permission-changes.ts';
import { isUniqueViolation, transact } from './lib/transact.ts';
import { findUserByUsername, userSummaryColumns, type UserSummary } from './lib/user-summary.ts';

export interface CreateUserInput {
  /** Unique regardless of case; kept as typed. */
  username: string;
  displayName: string;
  email?: string | null;
  locale?: UserLocale;
  /** The user's primary org unit: which configuration version applies to them follows it. */
  orgUnitId: string;
  /** The initial password, under the sign-in password policy. */
  password: string;
  /** Default true: an initial password is known to whoever set it. */
  mustChangePassword?: boolean;
  permissions?: PlatformPermission[];
}

export async function createUser(ctx: OperationContext, input: CreateUserInput): Promise<UserSummary> {
  requirePermission(ctx.actor, 'manageUsers');
  const username = input.username.trim();
  const displayName = input.displayName.trim();
  const email = input.email?.trim() || null;
  const locale = input.locale ?? 'en';
  const permissions = [...new Set(input.permissions ?? [])];
  const problems = new InputProblems()
    .add('/username', checkUsername(username))
    .add('/displayName', checkDisplayName(displayName))
    .add('/email', email === null ? undefined : checkEmail(email))
    .add('/locale', checkLocale(locale))
    .add('/permissions', checkPermissionNames(permissions));
  problems.problems.push(...passwordProblems(input.password, '/password', { username }));
  problems.throwIfAny();
  requireCanChange(ctx.actor, [], permissions);

  const passwordHash = await hashPassword(input.password);
  const duplicate = () => problemError(409, '/username', { code: 'org.user.duplicate-username', message: `The username "${username}" is taken.` });
  try {
    return await transact(ctx, async (tx) => {
      if (await findUserByUsername(tx, username)) throw duplicate();
      const unit = await requireLiveOrgUnitAt(tx, input.orgUnitId, '/orgUnitId');
      const [user] = await tx
        .insert(users)
        .values({ username, displayName, email, locale, orgUnitId: unit.id, passwordHash, mustChangePassword: input.mustChangePassword ?? true, permissions })
        .returning(userSummaryColumns);
      await auditOrg(tx, ctx.actor, 'org.user.create', { userId: user!.id, username, orgUnitId: unit.id, permissions });
      return user!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(); // a concurrent create of the same name won the race
    throw error;
  }
}
