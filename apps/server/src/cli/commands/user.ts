import type { Command } from 'commander';
import { importUsers, listUsers, resetUserPassword, type UserListEntry } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { collect, withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { readCsvFile } from '../csv-input.ts';
import { usersText } from '../format/users-text.ts';
import { printImportReport } from '../import-output.ts';
import { cliLocale } from '../locale.ts';
import { orgDirectory, userIdOf } from '../org-directory.ts';
import { readNewPassword } from '../prompt.ts';
import { say } from '../say.ts';
import { addUser, type UserAddOptions } from './user-add.ts';

interface UserListOptions extends CommonOptions {
  unit?: string;
  below?: boolean;
  search?: string;
  includeDisabled?: boolean;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Users: add, import from CSV, reset a password, list');

  withCommonOptions(
    user
      .command('add')
      .description('Create a user; prints a generated one-time password unless --password-stdin')
      .argument('<username>', 'letters, digits, _ . @ -; unique regardless of case')
      .requiredOption('--name <display>', 'display name')
      .option('--unit <code>', "the user's org unit (default: the single top-level unit)")
      .option('--email <address>', 'e-mail address')
      .option('--locale <locale>', 'en or zh-CN')
      .option('--role <role@unit>', 'a role held in an org unit (repeatable)', collect)
      .option('--permission <permission>', 'a platform permission: admin, editDrafts, publish, manageUsers (repeatable)', collect)
      .option('--password-stdin', 'read the initial password from standard input instead of generating one'),
  ).action(async (username: string, options: UserAddOptions & CommonOptions) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, (ctx) => addUser(ctx, username, options, locale));
  });

  withCommonOptions(
    user
      .command('import')
      .description('Create or update users from CSV (username,display_name,email,locale,org_unit_code,roles,password); all or nothing')
      .argument('<users.csv>', 'CSV file with a header row')
      .option('--dry-run', 'check every row and report, write nothing'),
  ).action(async (file: string, options: CommonOptions & { dryRun?: boolean }) => {
    const locale = cliLocale(options.lang);
    const csv = readCsvFile(file);
    await withCliContext(options, locale, async (ctx) => printImportReport(await importUsers(ctx, { csv, dryRun: options.dryRun }), locale, options.json));
  });

  withCommonOptions(
    user
      .command('passwd')
      .description("Set a user's password (typed twice on a terminal, else the first line of standard input); ends the user's sessions")
      .argument('<username>', 'whose password')
      .option('--no-must-change', 'the user keeps this password (by default they change it at the next sign-in)'),
  ).action(async (username: string, options: CommonOptions & { mustChange: boolean }) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const userId = await userIdOf(ctx, username);
      const password = await readNewPassword(say(locale, 'New password: ', '新密码：'), say(locale, 'Again: ', '再输入一次：'));
      const updated = await resetUserPassword(ctx, { userId, password, mustChangePassword: options.mustChange });
      if (options.json) process.stdout.write(`${JSON.stringify(updated, null, 2)}\n`);
      else process.stdout.write(`${say(locale, `Password of ${updated.username} set; their sessions have ended.`, `已设置 ${updated.username} 的密码；其会话已结束。`)}\n`);
    });
  });

  withCommonOptions(
    user
      .command('list')
      .description('List users with their unit, platform permissions and roles')
      .option('--unit <code>', 'only users of this org unit')
      .option('--below', 'with --unit: also the units below it')
      .option('--search <text>', 'part of the username, display name or e-mail')
      .option('--include-disabled', 'also disabled users'),
  ).action(async (options: UserListOptions) => {
    const locale = cliLocale(options.lang);
    await withCliContext(options, locale, async (ctx) => {
      const org = await orgDirectory(ctx);
      const found: UserListEntry[] = [];
      const query = { orgUnitId: options.unit === undefined ? undefined : org.idOf(options.unit), includeBelow: options.below, search: options.search, includeDisabled: options.includeDisabled };
      for (let total = Infinity; found.length < total; ) {
        const page = await listUsers(ctx, { ...query, limit: 500, offset: found.length });
        found.push(...page.users);
        total = page.users.length === 0 ? found.length : page.total;
      }
      process.stdout.write(options.json ? `${JSON.stringify({ users: found, total: found.length }, null, 2)}\n` : `${usersText(found, locale, org.codeOf)}\n`);
    });
  });
}
