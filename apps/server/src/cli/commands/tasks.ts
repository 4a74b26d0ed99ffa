import type { Command } from 'commander';
import { listTasks, type InboxTask, type ListTasksInput } from '@mainline/api';
import { withCliDatabase } from '../cli-database.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { reportingFailures } from '../operation-failure.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';
import { withUserContext } from '../user-context.ts';

interface TasksOptions extends CommonOptions {
  user: string;
  view?: string;
  limit?: string;
}

/**
 * `mainline tasks --user <u>`: a user's inbox as they would see it. The command line itself has no
 * inbox (tasks go to users, roles and queues; it is none of them), so it reads as that user.
 */
export function registerTasks(program: Command): void {
  withCommonOptions(
    program
      .command('tasks')
      .description("A user's inbox as they see it: their tasks and the unclaimed tasks of their roles and queues")
      .requiredOption('--user <user>', 'username or user id')
      .option('--view <view>', 'mine, available or all (default)')
      .option('--limit <n>', 'at most this many (1–200, default 50)'),
  ).action(async (options: TasksOptions) => {
    const locale = cliLocale(options.lang);
    const limit = options.limit === undefined ? undefined : Number(options.limit);
    if (limit !== undefined && !Number.isInteger(limit)) throw new UsageError(`--limit "${options.limit}" is not a whole number`);
    const input: ListTasksInput = { view: options.view as ListTasksInput['view'], limit };
    await withCliDatabase(options, (database) =>
      reportingFailures(locale, options.json, () =>
        withUserContext(database, options.user, async (ctx) => {
          const tasks = await listTasks(ctx, input);
          process.stdout.write(options.json ? `${JSON.stringify(tasks, null, 2)}\n` : `${tasksText(tasks, ctx.actor.userId!, locale)}\n`);
        }),
      ),
    );
  });
}

/** One line per task: id, process and step, the record, who holds it, when it is due. */
export function tasksText(tasks: readonly InboxTask[], userId: string, locale: CliLocale): string {
  if (tasks.length === 0) return say(locale, 'No tasks.', '没有任务。');
  const label = (text: { en: string; 'zh-CN'?: string } | null, fallback: string) => (text ? (locale === 'zh-CN' ? (text['zh-CN'] ?? text.en) : text.en) : fallback);
  const rows = tasks.map((t) => [
    t.id,
    `${label(t.process.label, t.process.id)} › ${label(t.node.label, t.node.id)}`,
    `${t.object} ${t.recordId}`,
    t.assigneeId === userId ? say(locale, 'yours', '你的') : t.candidateRole ? say(locale, `role ${t.candidateRole}`, `角色 ${t.candidateRole}`) : t.queueId ? say(locale, `queue ${t.queueId}`, `队列 ${t.queueId}`) : '-',
    t.dueAt ? `${say(locale, 'due', '到期')} ${t.dueAt}${t.overdue ? say(locale, ' (overdue)', '（已逾期）') : ''}` : '',
  ]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
