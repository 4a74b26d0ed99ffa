import type { Command } from 'commander';
import { explainAccess, handOverWork, type AccessExplanation, type ExplainedRule, type HandoverResult } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { collect, commaList, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { orgDirectory, userIdOrUsername } from '../org-directory.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

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
  registerHandover(access);
}

interface HandoverOptions extends CommonOptions {
  from: string;
  to: string;
  object?: string[];
  filter?: string[];
  unit?: string;
  dryRun?: boolean;
}

/** `--filter cel` (one for every object) or `--filter object:cel`, repeated (one per object). */
export function handoverFilter(filters: readonly string[] | undefined): string | Record<string, string> | undefined {
  if (!filters || filters.length === 0) return undefined;
  const perObject = filters.map((f) => /^([A-Za-z][A-Za-z0-9_]*):(?!:)([\s\S]*)$/.exec(f.trim()));
  if (perObject.every((m) => m !== null)) return Object.fromEntries(perObject.map((m) => [m![1]!, m![2]!.trim()]));
  if (filters.length === 1 && perObject[0] === null) return filters[0];
  throw new UsageError('--filter is one CEL filter for every object, or object:filter for each object (repeat --filter)');
}

function registerHandover(access: Command): void {
  withCommonOptions(
    access
      .command('handover')
      .description("Hand a user's records and open tasks over to another user in one transaction (an employee leaves or moves); audited")
      .requiredOption('--from <user>', 'username or id of the user whose records move (may be disabled)')
      .requiredOption('--to <user>', 'username or id of the active user who takes them')
      .option('--object <ids>', 'only these objects (comma list, repeatable; default every object)', collect)
      .option('--filter <cel>', 'CEL filter for every object, or object:filter for one object (repeatable)', collect)
      .option('--unit <code>', 'move the records to this org unit too')
      .option('--dry-run', 'count what would move; write nothing'),
  ).action(async (options: HandoverOptions) => {
    const locale = cliLocale(options.lang);
    const objects = options.object?.flatMap((o) => commaList(o, '--object'));
    const filter = handoverFilter(options.filter);
    await withCliContext(options, locale, async (ctx) => {
      const from = await userIdOrUsername(ctx, options.from);
      const to = await userIdOrUsername(ctx, options.to);
      const orgUnit = options.unit === undefined ? undefined : (await orgDirectory(ctx)).idOf(options.unit);
      const result = await handOverWork(ctx, { from, to, objects, filter, orgUnit, dryRun: options.dryRun === true });
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${describeHandover(result, locale)}\n`);
    });
  });
}

function describeHandover(r: HandoverResult, locale: CliLocale): string {
  const n = r.records.total;
  const records = say(locale, `${n} record${n === 1 ? '' : 's'}`, `${n} 条记录`);
  const lines = [
    r.dryRun
      ? say(locale, `Dry run: would hand over ${records} from ${r.from.username} to ${r.to.username} (nothing written).`, `试运行：将把 ${records}从 ${r.from.username} 移交给 ${r.to.username}（未写入）。`)
      : say(locale, `Handed over ${records} from ${r.from.username} to ${r.to.username} (handover ${r.handoverId}).`, `已把 ${records}从 ${r.from.username} 移交给 ${r.to.username}（移交 ${r.handoverId}）。`),
  ];
  for (const [object, count] of Object.entries(r.records.byObject)) lines.push(`  ${object.padEnd(24)} ${count}`);
  const t = r.tasks.total;
  lines.push(
    r.dryRun
      ? say(locale, `Open tasks that would be reassigned: ${t}`, `将改派的待办任务：${t}`)
      : say(locale, `Open tasks reassigned: ${t}`, `已改派的待办任务：${t}`),
  );
  for (const [object, count] of Object.entries(r.tasks.byObject)) if (count > 0) lines.push(`  ${object.padEnd(24)} ${count}`);
  return lines.join('\n');
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
