import type { DemoLogin } from '@mainline/api';

/** The demo sign-ins as a table to print at start-up. */
export function formatDemoLogins(logins: DemoLogin[]): string[] {
  const rows = logins.map((l) => [l.username, l.password ?? '(unchanged)', l.unit, l.roles.join(', ') || l.permissions.join(', ')]);
  const header = ['username', 'password', 'unit', 'roles'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return ['Demo sign-ins:', line(header), ...rows.map(line)];
}
