import type { ConfigChanges, FieldChange, ObjectChange } from '@mainline/db';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

const mark: Record<string, string> = { added: '+', readded: '+', renamed: '»', retired: '−', changed: '~', removed: '−' };

function changeOf(change: ObjectChange | FieldChange): string {
  const properties = change.properties.length > 0 ? ` (${change.properties.join(', ')})` : '';
  return `${change.change}${change.from ? ` from ${change.from}` : ''}${properties}`;
}

/** What changed between two versions, one line per object, field and item. */
export function changesText(changes: ConfigChanges, locale: CliLocale): string {
  const out: string[] = [];
  for (const o of changes.objects) {
    out.push(`${mark[o.change]} ${o.objectId}: ${changeOf(o)}`);
    for (const f of o.fields) out.push(`    ${mark[f.change]} ${f.fieldId} (${f.type}): ${changeOf(f)}${f.previousType ? `, ${f.previousType} → ${f.type}` : ''}`);
  }
  for (const section of ['roles', 'views', 'processes', 'queues', 'navigation'] as const) {
    for (const item of changes[section]) out.push(`${mark[item.change]} ${section}/${item.id}: ${item.change}`);
  }
  if (changes.package.length > 0) out.push(`~ package: ${changes.package.join(', ')}`);
  if (out.length === 0) out.push(say(locale, 'No differences.', '没有差异。'));
  return out.join('\n');
}
