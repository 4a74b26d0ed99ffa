import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportRecords } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { commaList, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale } from '../locale.ts';
import { UsageError } from '../usage-error.ts';

interface ExportOptions extends CommonOptions {
  filter?: string;
  sort?: string;
  fields?: string;
  labels?: string;
  output?: string;
}

/** `-closeDate,name` → sort keys (the REST query's form). */
function sortOf(sort: string | undefined) {
  if (sort === undefined) return undefined;
  return commaList(sort, '--sort').map((key) => {
    const match = /^(-?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(key);
    if (!match) throw new UsageError(`--sort: "${key}" is not a field id with an optional leading "-"`);
    return { field: match[2]!, direction: match[1] === '-' ? ('desc' as const) : ('asc' as const) };
  });
}

export function registerExport(program: Command): void {
  withCommonOptions(
    program
      .command('export')
      .description('Export the records of an object (a list query) as CSV, streamed')
      .argument('<object>', 'object id, e.g. account')
      .option('--filter <cel>', 'CEL condition, e.g. \'amount > 1000 && stage == "won"\'')
      .option('--sort <keys>', 'comma list of field ids, "-" for descending, e.g. -closeDate,name')
      .option('--fields <ids>', 'comma list of field ids (default every field)')
      .option('--labels <which>', 'header and choice text: id (default), en or zh-CN')
      .option('-o, --output <file.csv>', 'write to a file instead of standard output'),
  ).action(async (object: string, options: ExportOptions) => {
    const locale = cliLocale(options.lang);
    const labels = options.labels ?? 'id';
    if (labels !== 'id' && labels !== 'en' && labels !== 'zh-CN') throw new UsageError(`--labels is id, en or zh-CN, not "${labels}"`);
    const sort = sortOf(options.sort);
    const fields = options.fields === undefined ? undefined : commaList(options.fields, '--fields');
    await withCliContext(options, locale, async (ctx) => {
      const chunks = await exportRecords(ctx, { object, filter: options.filter, sort, fields, labels });
      if (options.output) await pipeline(Readable.from(chunks), createWriteStream(options.output));
      else for await (const chunk of chunks) if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
    });
  });
}
