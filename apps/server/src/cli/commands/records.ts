import type { Command } from 'commander';
import { getRecord, transferRecord } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale } from '../locale.ts';
import { orgDirectory, userIdOrUsername } from '../org-directory.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface TransferOptions extends CommonOptions {
  owner?: string;
  unit?: string;
  rowVersion?: string;
}

export function registerRecords(program: Command): void {
  const records = program.command('records').description('Records of the configured objects');
  withCommonOptions(
    records
      .command('transfer')
      .description('Give a record to another owner and/or org unit (audited as record.transfer)')
      .argument('<object>', 'object id, e.g. opportunity')
      .argument('<id>', 'the record id')
      .option('--owner <user>', 'the new owner: username or user id (an active user)')
      .option('--unit <code>', 'the new org unit: its code (not retired)')
      .option('--row-version <n>', 'refuse when the record changed since this row version (default: its current one)'),
  ).action(async (object: string, id: string, options: TransferOptions) => {
    const locale = cliLocale(options.lang);
    if (options.owner === undefined && options.unit === undefined) throw new UsageError('records transfer needs --owner, --unit or both');
    const rowVersion = options.rowVersion === undefined ? undefined : Number(options.rowVersion);
    if (rowVersion !== undefined && (!Number.isInteger(rowVersion) || rowVersion < 1)) throw new UsageError(`--row-version "${options.rowVersion}" is not a row version`);
    await withCliContext(options, locale, async (ctx) => {
      const owner = options.owner === undefined ? undefined : await userIdOrUsername(ctx, options.owner);
      const orgUnit = options.unit === undefined ? undefined : (await orgDirectory(ctx)).idOf(options.unit);
      const current = rowVersion ?? ((await getRecord(ctx, { object, id })).rowVersion as number);
      const record = await transferRecord(ctx, { object, id, rowVersion: current, owner, orgUnit });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
        return;
      }
      const to = [options.owner === undefined ? '' : say(locale, `owner ${options.owner}`, `负责人 ${options.owner}`), options.unit === undefined ? '' : say(locale, `unit ${options.unit}`, `组织单元 ${options.unit}`)].filter(Boolean).join(', ');
      process.stdout.write(`${say(locale, `Transferred ${object} ${id} to ${to} (row version ${record.rowVersion}).`, `已将 ${object} ${id} 转给 ${to}（行版本 ${record.rowVersion}）。`)}\n`);
    });
  });
}
