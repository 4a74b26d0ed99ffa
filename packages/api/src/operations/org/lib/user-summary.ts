import { eq, sql } from 'drizzle-orm';
import { users, type Db, type PlatformPermission } from '@mainline/db';
import { OperationError } from '../../../errors.ts';
import { isUuid } from './is-uuid.ts';

/** A user as operations return it: never the password hash. */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  locale: string;
  orgUnitId: string | null;
  permissions: PlatformPermission[];
  mustChangePassword: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export const userSummaryColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  locale: users.locale,
  orgUnitId: users.orgUnitId,
  permissions: users.permissions,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

/** The user an operation acts on, locked against concurrent changes until the transaction ends: 404 when there is none. */
export async function requireUserForUpdate(tx: Db, userId: string): Promise<UserSummary> {
  const [user] = isUuid(userId) ? await tx.select(userSummaryColumns).from(users).where(eq(users.id, userId)).for('update') : [];
  if (!user) throw new OperationError(404, 'org.user.unknown', `There is no user ${userId}.`);
  return user;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserSummary | undefined> {
  const [user] = await db.select(userSummaryColumns).from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return user;
}
