import type { UserListEntry } from '@mainline/api';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

/** One line per user: username, display name, unit, platform permissions, role@unit, and whether disabled. */
export function usersText(users: readonly UserListEntry[], locale: CliLocale, codeOf: (id: string) => string): string {
  if (users.length === 0) return say(locale, 'No users.', '没有用户。');
  const rows = users.map((u) => [
    u.username,
    u.displayName,
    u.orgUnitId ? codeOf(u.orgUnitId) : '-',
    u.permissions.join(',') || '-',
    u.roles.map((r) => `${r.roleId}@${r.orgUnitCode}`).join(',') || '-',
    u.disabledAt ? say(locale, 'disabled', '已停用') : '',
  ]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
