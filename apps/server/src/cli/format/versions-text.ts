import type { VersionList } from '@mainline/api';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

/** The published versions, newest first: number, time, author, where in force, message, object changes; then indexes not ready. */
export function versionsText(list: VersionList, locale: CliLocale, codeOf: (id: string) => string): string {
  if (list.versions.length === 0) return say(locale, 'Nothing published yet.', '尚未发布任何版本。');
  const lines: string[] = [];
  for (const v of list.versions) {
    const where = [v.inForce.organisation ? say(locale, 'organisation', '整个组织') : '', ...v.inForce.units.map(codeOf)].filter(Boolean);
    const inForce = where.length > 0 ? `  [${say(locale, 'in force', '生效')}: ${where.join(', ')}]` : '';
    lines.push(`v${v.id}  ${v.createdAt.toISOString().slice(0, 16).replace('T', ' ')}  ${v.author}${inForce}${v.message ? `  ${v.message}` : ''}`);
    if (v.objects.length > 0) lines.push(`    ${v.objects.map((o) => `${o.objectId} ${o.change}`).join(', ')}`);
  }
  for (const index of list.indexes) lines.push(`${say(locale, 'index', '索引')} ${index.name} (${index.table}): ${index.status}${index.error ? ` — ${index.error}` : ''}`);
  return lines.join('\n');
}
