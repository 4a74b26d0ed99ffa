import type { OrgUnitNode } from '@mainline/db';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

/** The org tree drawn with box lines: code, name in the caller's language, and "retired" where it applies. */
export function orgTreeText(roots: readonly OrgUnitNode[], locale: CliLocale): string {
  const lines: string[] = [];
  const line = (unit: OrgUnitNode) => `${unit.code}  ${unit.name[locale] ?? unit.name.en}${unit.retiredAt ? `  (${say(locale, 'retired', '已停用')})` : ''}`;
  const walk = (nodes: readonly OrgUnitNode[], indent: string) =>
    nodes.forEach((unit, i) => {
      const last = i === nodes.length - 1;
      lines.push(`${indent}${last ? '└── ' : '├── '}${line(unit)}`);
      walk(unit.children, indent + (last ? '    ' : '│   '));
    });
  for (const root of roots) {
    lines.push(line(root));
    walk(root.children, '');
  }
  if (lines.length === 0) lines.push(say(locale, 'No org units yet: import some with `mainline org import units.csv`.', '尚无组织单元：请用 `mainline org import units.csv` 导入。'));
  return lines.join('\n');
}
