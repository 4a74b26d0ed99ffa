import type { Command } from 'commander';
import { listIncidents, retryIncident, type IncidentList } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface RetryOptions extends CommonOptions {
  job?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidArgument(value: string, what: string): string {
  if (!UUID.test(value)) throw new UsageError(`${what} "${value}" is not an id (a uuid)`);
  return value;
}

export function registerIncidents(program: Command): void {
  const incidents = program.command('incidents').description('Process instances and jobs that stopped: list them, retry them after fixing the cause');
  withCommonOptions(incidents.command('list', { isDefault: true }).description('The open incidents of process instances and of jobs, newest first')).action(async (options: CommonOptions) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const list = await listIncidents(ctx);
      process.stdout.write(options.json ? `${JSON.stringify(list, null, 2)}\n` : `${incidentsText(list, locale)}\n`);
    });
  });

  withCommonOptions(
    incidents
      .command('retry')
      .description('Retry a process incident (the node runs again on the record as it is now) or, with --job, a job incident (the job is queued again)')
      .argument('[instanceId]', 'the process instance')
      .argument('[incidentId]', "the incident's id in that instance")
      .option('--job <jobIncidentId>', 'retry this job incident instead'),
  ).action(async (instanceId: string | undefined, incidentId: string | undefined, options: RetryOptions) => {
    const locale = cliLocale(options.lang);
    if (options.job !== undefined && (instanceId !== undefined || incidentId !== undefined)) throw new UsageError('incidents retry takes <instanceId> <incidentId>, or --job <jobIncidentId>, not both');
    if (options.job === undefined && (instanceId === undefined || incidentId === undefined)) throw new UsageError('incidents retry needs <instanceId> <incidentId>, or --job <jobIncidentId>');
    const input = options.job !== undefined ? { jobIncidentId: uuidArgument(options.job, '--job') } : { instanceId: uuidArgument(instanceId!, '<instanceId>'), incidentId: incidentId! };
    await withCliContext(options, locale, async (ctx) => {
      await retryIncident(ctx, input);
      if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, retried: input }, null, 2)}\n`);
      else if ('jobIncidentId' in input) process.stdout.write(`${say(locale, `Job incident ${input.jobIncidentId} retried: the job is queued again.`, `已重试作业事件 ${input.jobIncidentId}：作业已重新排队。`)}\n`);
      else process.stdout.write(`${say(locale, `Incident ${input.incidentId} of instance ${input.instanceId} retried (if the cause remains, a new incident is open: mainline incidents).`, `已重试实例 ${input.instanceId} 的事件 ${input.incidentId}（如原因仍在，会产生新事件：mainline incidents）。`)}\n`);
    });
  });
}

/** Each incident on two or three lines: when, what stopped where and why, and the command that retries it. */
export function incidentsText(list: IncidentList, locale: CliLocale): string {
  if (list.processes.length === 0 && list.jobs.length === 0) return say(locale, 'No open incidents.', '没有未处理的事件。');
  const lines: string[] = [];
  if (list.processes.length > 0) lines.push(say(locale, 'Process incidents:', '流程事件：'));
  for (const i of list.processes) {
    lines.push(`  ${i.at}  ${i.processId} v${i.versionId}  ${i.object} ${i.recordId}  ${say(locale, 'at', '节点')} ${i.node}  ${i.reason}`);
    lines.push(`      ${i.message}`);
    lines.push(`      ${say(locale, 'retry', '重试')}: mainline incidents retry ${i.instanceId} ${i.id}`);
  }
  if (list.jobs.length > 0) lines.push(say(locale, 'Job incidents:', '作业事件：'));
  for (const j of list.jobs) {
    const error = j.error.split('\n')[0] ?? '';
    lines.push(`  ${j.createdAt.toISOString()}  ${j.jobType}  ${say(locale, `${j.attempts} attempts`, `尝试 ${j.attempts} 次`)}  ${error}`);
    lines.push(`      ${say(locale, 'retry', '重试')}: mainline incidents retry --job ${j.id}`);
  }
  return lines.join('\n');
}
