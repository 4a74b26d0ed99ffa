import type { Command } from 'commander';
import { planPublish, publish, type OperationContext, type PublishPreviewResult, type RolloutTo } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { commaList, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { planText, planVerdict } from '../format/plan-text.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { orgDirectory, type OrgDirectory } from '../org-directory.ts';
import { readValidPackage } from '../package-input.ts';
import { confirmOrYes } from '../prompt.ts';
import { say } from '../say.ts';

interface PlanOptions extends CommonOptions {
  to?: string;
}

interface PublishOptions extends PlanOptions {
  message?: string;
  yes?: boolean;
}

function target(to: string | undefined, org: OrgDirectory): RolloutTo {
  return to === undefined ? 'organisation' : { units: commaList(to, '--to').map(org.idOf) };
}

/** Plans a package against the database and prints the plan (or JSON); returns it for publish. */
async function showPlan(ctx: OperationContext, pkg: unknown, options: PlanOptions, locale: CliLocale): Promise<{ preview: PublishPreviewResult; to: RolloutTo }> {
  const org = await orgDirectory(ctx);
  const to = target(options.to, org);
  const preview = await planPublish(ctx, { package: pkg, to });
  if (options.json) return { preview, to };
  process.stdout.write(`${planText(preview.plan, locale, preview.check, org.codeOf)}\n\n${planVerdict(preview.plan, preview.check, locale)}\n`);
  return { preview, to };
}

const refused = (preview: PublishPreviewResult) => !preview.canPublish && !(preview.plan.kind === 'publish' && preview.plan.unchanged);

export function registerPublish(program: Command): void {
  withCommonOptions(
    program
      .command('plan')
      .description('Show what publishing a package would change: objects, fields, indexes, the checks against the data and the SQL (exit 1 when refused)')
      .argument('<file-or-dir>', 'package file or split directory')
      .option('--to <units>', 'pilot org unit codes, comma separated (default: the whole organisation)'),
  ).action(async (path: string, options: PlanOptions) => {
    const locale = cliLocale(options.lang);
    const pkg = readValidPackage(path, locale, options.json);
    if (pkg === undefined) return;
    await withCliContext(options, locale, async (ctx) => {
      const { preview } = await showPlan(ctx, pkg, options, locale);
      if (options.json) process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      if (refused(preview)) process.exitCode = 1;
    });
  });

  withCommonOptions(
    program
      .command('publish')
      .description('Publish a package as a new version to the whole organisation or pilot units, after showing the plan and asking')
      .argument('<file-or-dir>', 'package file or split directory')
      .option('--to <units>', 'pilot org unit codes, comma separated (default: the whole organisation)')
      .option('-m, --message <text>', 'what this version is about')
      .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)'),
  ).action(async (path: string, options: PublishOptions) => {
    const locale = cliLocale(options.lang);
    const pkg = readValidPackage(path, locale, options.json);
    if (pkg === undefined) return;
    await withCliContext(options, locale, async (ctx) => {
      const { preview, to } = await showPlan(ctx, pkg, options, locale);
      if (!preview.canPublish) {
        if (options.json) process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
        if (refused(preview)) process.exitCode = 1;
        return;
      }
      if (!(await confirmOrYes(options.yes, say(locale, 'Publish this version?', '发布此版本？')))) {
        process.stderr.write(`${say(locale, 'Nothing published.', '未发布。')}\n`);
        process.exitCode = 1;
        return;
      }
      // The state token makes sure what was shown is what gets applied: anything published meanwhile refuses it.
      const result = await publish(ctx, { package: pkg, to, message: options.message ?? '', expectedStateToken: preview.plan.stateToken });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`${result.message[locale]}${result.pendingIndexes.length ? `\n${say(locale, 'Indexes still being built', '仍在创建的索引')}: ${result.pendingIndexes.join(', ')}` : ''}\n`);
    });
  });
}
