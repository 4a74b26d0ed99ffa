import { cliActor, type OperationContext } from '@mainline/api';
import { withCliDatabase } from './cli-database.ts';
import type { CommonOptions } from './cli-options.ts';
import type { CliLocale } from './locale.ts';
import { reportingFailures } from './operation-failure.ts';

/**
 * Runs a command's `work` with an operation context on the CLI database (acting as the command
 * line: every platform permission), then closes it; an operation's refusal is reported (its
 * message in `locale`, JSON with `--json`, exit 1) instead of thrown.
 */
export function withCliContext(options: CommonOptions, locale: CliLocale, work: (ctx: OperationContext) => Promise<void>): Promise<void> {
  return withCliDatabase(options, (database) => reportingFailures(locale, options.json, () => work({ database, actor: cliActor() })));
}
