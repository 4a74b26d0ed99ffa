import type { Command } from 'commander';
import { createApiToken } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale } from '../locale.ts';
import { userIdOf } from '../org-directory.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface TokenCreateOptions extends CommonOptions {
  name: string;
  expires?: string;
}

function expiresAt(days: string | undefined): string | null {
  if (days === undefined) return null;
  const n = Number(days);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--expires needs a number of days, not "${days}"`);
  return new Date(Date.now() + n * 86_400_000).toISOString();
}

export function registerToken(program: Command): void {
  const token = program.command('token').description('API tokens for integrations');

  withCommonOptions(
    token
      .command('create')
      .description("Create an API token acting with the user's permissions; the token is printed this once")
      .argument('<username>', 'whose token')
      .requiredOption('--name <name>', 'what the token is for')
      .option('--expires <days>', 'expires after this many days (default: never)'),
  ).action(async (username: string, options: TokenCreateOptions) => {
    const locale = cliLocale(options.lang);
    const expiry = expiresAt(options.expires);
    await withCliContext(options, locale, async (ctx) => {
      const created = await createApiToken(ctx, { name: options.name, expiresAt: expiry, userId: await userIdOf(ctx, username) });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
        return;
      }
      const until = created.expiresAt ? say(locale, `expires ${created.expiresAt}`, `${created.expiresAt} 过期`) : say(locale, 'never expires', '永不过期');
      const lines = [
        say(locale, `Token "${created.name}" for ${username} (${created.prefix}, ${until}).`, `已为 ${username} 创建令牌“${created.name}”（${created.prefix}，${until}）。`),
        say(locale, 'Shown only now; use it as  Authorization: Bearer <token>', '仅显示这一次；用法：Authorization: Bearer <令牌>'),
        `  ${created.token}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  });
}
