import type { Command } from 'commander';
import { explainAccess, type AccessExplanation, type ExplainedRule } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { say } from '../say.ts';

interface ExplainOptions extends CommonOptions {
  user: string;
  object: string;
  record?: string;
}

export function registerAccess(program: Command): void {
  const access = program.command('access').description('Business-role access of users');
  withCommonOptions(
    access
      .command('explain')
      .description('Why a user may or may not do each action on an object (or one record), and their access to each field')
      .requiredOption('--user <user>', 'username or user id')
      .requiredOption('--object <object>', 'object id, e.g. opportunity')
      .option('--record <id>', 'decide on this record'),
  ).action(async (options: ExplainOptions) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const explained = await explainAccess(ctx, { user: options.user, object: options.object, record: options.record });
      process.stdout.write(options.json ? `${JSON.stringify(explained, null, 2)}\n` : `${describe(explained, locale)}\n`);
    });
  });
}

function describe(e: AccessExplanation, locale: CliLocale): string {
  const lines: string[] = [];
  const roles = e.roles.map((r) => `${r.roleId}@${r.orgUnitId}`).join(', ') || say(locale, 'none', '无');
  lines.push(say(locale, `${e.user.username} on ${e.object}${e.record ? ` record ${e.record}` : ''} (configuration version ${e.versionId})`, `${e.user.username} 对 ${e.object}${e.record ? ` 记录 ${e.record}` : ''}（配置版本 ${e.versionId}）`));
  lines.push(say(locale, `roles held: ${roles}`, `持有角色：${roles}`));
  for (const action of e.actions) {
    const verdict = action.allowed ? say(locale, 'allowed', '允许') : say(locale, 'denied', '拒绝');
    lines.push(`  ${action.action.padEnd(9)} ${verdict}${action.rules.length === 0 ? say(locale, ' (no grant)', '（无授权）') : ''}`);
    for (const rule of action.rules) lines.push(`      ${ruleLine(rule, locale)}`);
  }
  lines.push(say(locale, 'fields:', '字段：'));
  for (const f of e.fields) lines.push(`  ${f.field.padEnd(24)} ${f.access}${f.roles.length > 0 ? `  (${f.roles.join(', ')})` : ''}`);
  return lines.join('\n');
}

function ruleLine(rule: ExplainedRule, locale: CliLocale): string {
  const via = rule.grantedBy === rule.roleId ? rule.roleId : `${rule.roleId} ← ${rule.grantedBy}`;
  const condition = rule.condition ? ` if ${rule.condition}` : '';
  const text = `${via}@${rule.orgUnitId}: ${rule.scope}${condition}`;
  if (rule.allows === undefined) return text;
  const how = rule.allows
    ? say(locale, 'allows', '允许')
    : !rule.inScope
      ? say(locale, 'out of scope', '不在范围内')
      : say(locale, 'condition false', '条件不成立');
  return `${text} → ${how}`;
}
