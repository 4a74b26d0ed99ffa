import type { Command } from 'commander';
import { extendRollout, promoteRollout, rollback, type ConfigChangeResult, type OperationContext } from '@mainline/api';
import type { Preview, RolloutPlan } from '@mainline/db';
import { withCliContext } from '../cli-context.ts';
import { commaList, versionNumber, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { planText, planVerdict } from '../format/plan-text.ts';
import { cliLocale } from '../locale.ts';
import { orgDirectory, type OrgDirectory } from '../org-directory.ts';

interface RolloutOptions extends CommonOptions {
  dryRun?: boolean;
  to?: string;
}

type Change = (ctx: OperationContext, org: OrgDirectory) => Promise<ConfigChangeResult | Preview<RolloutPlan>>;

/** Runs one rollout change (or with --dry-run only its plan) and prints the outcome. */
async function runChange(options: RolloutOptions, change: Change): Promise<void> {
  const locale = cliLocale(options.lang);
  await withCliContext(options, locale, async (ctx) => {
    const org = await orgDirectory(ctx);
    const outcome = await change(ctx, org);
    if (options.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    if ('applied' in outcome) {
      if (!options.json) process.stdout.write(`${outcome.message[locale]}\n`);
      return;
    }
    if (!options.json) process.stdout.write(`${planText(outcome.plan, locale, outcome.check, org.codeOf)}\n\n${planVerdict(outcome.plan, outcome.check, locale)}\n`);
    if (outcome.plan.blockers.length > 0 || (outcome.check && !outcome.check.ok)) process.exitCode = 1;
  });
}

export function registerRollout(program: Command): void {
  const rollout = program.command('rollout').description('Give a published version to more org units, or to the whole organisation');

  withCommonOptions(
    rollout
      .command('extend')
      .description('Give a version to more pilot org units')
      .argument('<version>', 'version number', versionNumber)
      .requiredOption('--to <units>', 'org unit codes, comma separated')
      .option('--dry-run', 'only show the plan and its checks'),
  ).action((versionId: number, options: RolloutOptions) =>
    runChange(options, (ctx, org) => extendRollout(ctx, { versionId, units: commaList(options.to!, '--to').map(org.idOf), dryRun: options.dryRun })),
  );

  withCommonOptions(
    rollout
      .command('promote')
      .description('Give a version to the whole organisation; every pilot ends')
      .argument('<version>', 'version number', versionNumber)
      .option('--dry-run', 'only show the plan and its checks'),
  ).action((versionId: number, options: RolloutOptions) => runChange(options, (ctx) => promoteRollout(ctx, { versionId, dryRun: options.dryRun })));

  withCommonOptions(
    program
      .command('rollback')
      .description('Undo the newest publish, extend or promote: what was in force before it is in force again (repeat to go further back)')
      .option('--dry-run', 'only show the plan and its checks'),
  ).action((options: RolloutOptions) => runChange(options, (ctx) => rollback(ctx, { dryRun: options.dryRun })));
}
