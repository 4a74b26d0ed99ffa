import type { Command } from 'commander';
import { migrateInstances, type MigrateInstancesInput, type MigrationReport } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { commaList, versionNumber, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface MigrateOptions extends CommonOptions {
  from: number;
  to: number;
  map?: string[];
  unmapped?: string;
  restartAt?: string;
  dryRun?: boolean;
}

const UNMAPPED = ['keep', 'cancel', 'restart'] as const;

export function registerProcess(program: Command): void {
  const processes = program.command('process').description('Running process instances: move them to a newer version');
  withCommonOptions(
    processes
      .command('migrate')
      .description(
        'Move the running instances of a process from version V to W. Instances whose active nodes all still exist with the same type (or are mapped) move with their open tasks and timers; the others are kept on V unless --unmapped says otherwise. Try --dry-run first.',
      )
      .argument('<process>', 'the process id')
      .requiredOption('--from <version>', 'the version the instances are on', versionNumber)
      .requiredOption('--to <version>', 'the version they move to', versionNumber)
      .option('--map <old=new,…>', 'renamed or replaced nodes: node of V=node of W, comma-separated', (value: string) => commaList(value, '--map'))
      .option('--unmapped <keep|cancel|restart>', 'what happens to instances that cannot move as they are (default keep: they finish on V)')
      .option('--restart-at <node>', 'with --unmapped restart: the node of W they start again at')
      .option('--dry-run', 'report what would happen per node and per instance; change nothing'),
  ).action(async (processId: string, options: MigrateOptions) => {
    const locale = cliLocale(options.lang);
    const input: MigrateInstancesInput = { process: processId, from: options.from, to: options.to, dryRun: options.dryRun === true };
    if (options.map) input.map = nodeMap(options.map);
    if (options.unmapped !== undefined) {
      if (!(UNMAPPED as readonly string[]).includes(options.unmapped)) throw new UsageError(`--unmapped is one of ${UNMAPPED.join(', ')}, not "${options.unmapped}"`);
      input.unmapped = options.unmapped as MigrateInstancesInput['unmapped'];
    }
    if (options.restartAt !== undefined) input.restartAt = options.restartAt;
    const tty = process.stderr.isTTY === true && !options.json;
    await withCliContext(options, locale, async (ctx) => {
      const doing = input.dryRun ? say(locale, 'checking', '正在检查') : say(locale, 'migrating', '正在迁移');
      const report = await migrateInstances(ctx, input, tty ? (done, total) => process.stderr.write(`\r${doing} ${done} / ${total}   `) : undefined);
      if (tty) process.stderr.write('\n');
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${migrationText(report, locale)}\n`);
    });
  });
}

function nodeMap(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const [old, next, ...rest] = pair.split('=').map((s) => s.trim());
    if (!old || !next || rest.length > 0) throw new UsageError(`--map takes old=new pairs, not "${pair}"`);
    map[old] = next;
  }
  return map;
}

/** Per active node: where it lands and how many instances rest there; then what happens to the instances, and the ones that cannot move. */
export function migrationText(report: MigrationReport, locale: CliLocale): string {
  const lines: string[] = [];
  const head = report.dryRun
    ? say(locale, `Dry run — nothing changed. ${report.instances} running instance(s) of ${report.process} on version ${report.from}:`, `试运行——未作任何更改。${report.process} 在版本 ${report.from} 上有 ${report.instances} 个运行中的实例：`)
    : say(locale, `${report.instances} running instance(s) of ${report.process} on version ${report.from}:`, `${report.process} 在版本 ${report.from} 上有 ${report.instances} 个运行中的实例：`);
  lines.push(head);
  for (const n of report.nodes) {
    const where = n.status === 'unchanged' ? '' : ` → ${n.target}`;
    lines.push(`  ${n.node}${where}  (${n.type})  ${say(locale, `${n.instances} instance(s)`, `${n.instances} 个实例`)}  ${n.status}`);
    if (n.problem) lines.push(`      ${n.problem}`);
  }
  const o = report.outcome;
  const verb = report.dryRun ? say(locale, 'would be', '将') : say(locale, 'were', '已');
  lines.push(
    say(
      locale,
      `To version ${report.to}: ${o.migrate} ${verb} moved, ${o.restart} restarted, ${o.cancel} cancelled, ${o.keep} kept on version ${report.from}.`,
      `迁移到版本 ${report.to}：${o.migrate} 个${verb}迁移，${o.restart} 个${verb}重启，${o.cancel} 个${verb}取消，${o.keep} 个保留在版本 ${report.from}。`,
    ),
  );
  const stuck = report.lines.filter((l) => l.action !== 'migrate');
  if (stuck.length > 0) lines.push(say(locale, 'Instances that cannot move as they are:', '无法直接迁移的实例：'));
  for (const l of stuck.slice(0, 50)) lines.push(`  ${l.id}  ${say(locale, 'record', '记录')} ${l.recordId}  ${say(locale, 'at', '节点')} ${l.nodes.join(', ')}  → ${l.action}`);
  if (stuck.length > 50 || report.truncated) lines.push(say(locale, '  … (--json lists up to 1,000)', '  …（--json 最多列出 1,000 个）'));
  if (report.dryRun && o.keep > 0) lines.push(say(locale, 'Map the missing nodes with --map old=new, or choose --unmapped cancel or --unmapped restart --restart-at <node>.', '用 --map 旧=新 映射缺失的节点，或选择 --unmapped cancel 或 --unmapped restart --restart-at <节点>。'));
  return lines.join('\n');
}
