import type { Command } from 'commander';
import { importOrgUnits, listOrgUnits } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { readCsvFile } from '../csv-input.ts';
import { orgTreeText } from '../format/org-tree-text.ts';
import { printImportReport } from '../import-output.ts';
import { cliLocale } from '../locale.ts';

interface ImportOptions extends CommonOptions {
  dryRun?: boolean;
}

export function registerOrg(program: Command): void {
  const org = program.command('org').description('The organisation: org units as a tree');

  withCommonOptions(
    org
      .command('import')
      .description('Create or update org units from CSV (code,parent_code,name_en,name_zh); all or nothing')
      .argument('<units.csv>', 'CSV file with a header row')
      .option('--dry-run', 'check every row and report, write nothing'),
  ).action(async (file: string, options: ImportOptions) => {
    const locale = cliLocale(options.lang);
    const csv = readCsvFile(file);
    await withCliContext(options, locale, async (ctx) => printImportReport(await importOrgUnits(ctx, { csv, dryRun: options.dryRun }), locale, options.json));
  });

  withCommonOptions(
    org
      .command('list')
      .description('Print the org tree')
      .option('--include-retired', 'show retired units too'),
  ).action(async (options: CommonOptions & { includeRetired?: boolean }) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const tree = await listOrgUnits(ctx, { includeRetired: options.includeRetired });
      process.stdout.write(options.json ? `${JSON.stringify(tree, null, 2)}\n` : `${orgTreeText(tree, locale)}\n`);
    });
  });
}
