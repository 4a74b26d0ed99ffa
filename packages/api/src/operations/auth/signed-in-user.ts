import type { PlatformPermission } from '@mainline/db';
import type { UserRow } from '../../auth/sessions.ts';

/** The user as the apps see it after sign-in: never the password hash. */
export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  locale: string;
  permissions: PlatformPermission[];
  mustChangePassword: boolean;
}

export function toSignedInUser(user: UserRow): SignedInUser {
  const { id, username, displayName, email, locale, permissions, mustChangePassword } = user;
  return { id, username, displayName, email, locale, permissions, mustChangePassword };
}
