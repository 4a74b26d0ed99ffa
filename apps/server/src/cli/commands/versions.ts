import type { Command } from 'commander';
import { diffVersions, listVersions } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { versionNumber, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { changesText } from '../format/changes-text.ts';
import { versionsText } from '../format/versions-text.ts';
import { cliLocale } from '../locale.ts';
import { orgDirectory } from '../org-directory.ts';

export function registerVersions(program: Command): void {
  withCommonOptions(program.command('versions').description('List the published versions, newest first, with where each is in force')).action(async (options: CommonOptions) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const list = await listVersions(ctx);
      if (options.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else process.stdout.write(`${versionsText(list, locale, (await orgDirectory(ctx)).codeOf)}\n`);
    });
  });

  withCommonOptions(
    program
      .command('diff')
      .description('What changed between two published versions (renames show as renames)')
      .argument('<from>', 'version number', versionNumber)
      .argument('<to>', 'version number', versionNumber),
  ).action(async (from: number, to: number, options: CommonOptions) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const diff = await diffVersions(ctx, { from, to });
      if (options.json) process.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
      else process.stdout.write(`v${from} → v${to}\n${changesText(diff.changes, locale)}\n`);
    });
  });
}
