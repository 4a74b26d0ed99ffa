import type { Command } from 'commander';
import { OperationError, purge, type OperationContext, type PurgeInput } from '@mainline/api';
import type { PurgePreview } from '@mainline/db';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { confirmOrYes } from '../prompt.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface PurgeOptions extends CommonOptions {
  yes?: boolean;
}

function previewText(p: PurgePreview, locale: CliLocale): string {
  const what =
    p.kind === 'table'
      ? say(locale, `Drops table rec.${p.table} with ${p.rows} record(s).`, `将删除表 rec.${p.table}，共 ${p.rows} 条记录。`)
      : say(locale, `Drops column(s) ${p.columns.join(', ')} of rec.${p.table}: ${p.values} value(s) in ${p.rows} record(s).`, `将删除 rec.${p.table} 的列 ${p.columns.join('、')}：${p.rows} 条记录中的 ${p.values} 个值。`);
  const lines = [what, ...p.statements.map((s) => `  ${s};`)];
  if (p.versions.length > 0) {
    const list = p.versions.join(', ');
    lines.push(say(locale, `Version(s) ${list} map it: rolling back to one of them brings it back empty.`, `版本 ${list} 仍映射它：回滚到这些版本时它会以空的形式恢复。`));
  }
  return lines.join('\n');
}

/** Asks purge without confirmation: it refuses, with the preview of what would go. */
async function purgePreview(ctx: OperationContext, input: PurgeInput): Promise<PurgePreview> {
  try {
    await purge(ctx, input);
  } catch (error) {
    if (error instanceof OperationError && error.code === 'config.purge.confirmation-required') return error.details.preview as PurgePreview;
    throw error;
  }
  throw new Error('purge went ahead without confirmation');
}

export function registerPurge(program: Command): void {
  withCommonOptions(
    program
      .command('purge')
      .description('Delete for good the data of a retired object (its table) or field (its column), after showing what goes and asking')
      .argument('<object[.field]>', 'the retired object, or object.field')
      .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)'),
  ).action(async (subject: string, options: PurgeOptions) => {
    const locale = cliLocale(options.lang);
    const [object, field, extra] = subject.split('.');
    if (!object || field === '' || extra !== undefined) throw new UsageError(`"${subject}" is not object or object.field`);
    const input: PurgeInput = { object, ...(field ? { field } : {}) };
    await withCliContext(options, locale, async (ctx) => {
      const preview = await purgePreview(ctx, input);
      if (!options.json) process.stdout.write(`${previewText(preview, locale)}\n`);
      if (!(await confirmOrYes(options.yes, say(locale, 'Delete this data for good?', '永久删除这些数据？')))) {
        process.stderr.write(`${say(locale, 'Nothing purged.', '未清除任何数据。')}\n`);
        process.exitCode = 1;
        return;
      }
      const purged = await purge(ctx, { ...input, confirm: true });
      if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, purged }, null, 2)}\n`);
      else process.stdout.write(`${say(locale, 'Purged.', '已清除。')}\n`);
    });
  });
}
