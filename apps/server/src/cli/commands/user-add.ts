import { assignRole, createUser, generatePassword, OperationError, type CreateUserInput, type OperationContext } from '@mainline/api';
import type { PlatformPermission } from '@mainline/db';
import type { CliLocale } from '../locale.ts';
import { reportFailure } from '../operation-failure.ts';
import { orgDirectory } from '../org-directory.ts';
import { readStdinLine } from '../prompt.ts';
import { parseRoleAtUnit, type RoleAtUnit } from '../role-at-unit.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

export interface UserAddOptions {
  name: string;
  unit?: string;
  email?: string;
  locale?: string;
  role?: string[];
  permission?: string[];
  passwordStdin?: boolean;
  json?: boolean;
}

/**
 * `mainline user add`: createUser, then assignRole for each --role (role ids are checked against
 * the versions in force by assignRole). The user is reported, with a generated password, even
 * when a role is refused afterwards, since the user exists by then.
 */
export async function addUser(ctx: OperationContext, username: string, options: UserAddOptions, locale: CliLocale): Promise<void> {
  const org = await orgDirectory(ctx);
  const roles = (options.role ?? []).map(parseRoleAtUnit);
  let unit = options.unit;
  if (unit === undefined) {
    if (org.topLevel.length !== 1) throw new UsageError('say which org unit the user belongs to with --unit <code>');
    unit = org.topLevel[0]!.code;
  }
  const password = options.passwordStdin ? await readStdinLine() : generatePassword();
  const input: CreateUserInput = {
    username,
    displayName: options.name,
    orgUnitId: org.idOf(unit),
    password,
    email: options.email ?? null,
    permissions: (options.permission ?? []) as PlatformPermission[],
    ...(options.locale ? { locale: options.locale as CreateUserInput['locale'] } : {}),
  };
  const user = await createUser(ctx, input);
  const assigned: RoleAtUnit[] = [];
  let refusal: OperationError | undefined;
  for (const role of roles) {
    try {
      await assignRole(ctx, { userId: user.id, roleId: role.roleId, orgUnitId: org.idOf(role.unitCode) });
      assigned.push(role);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      refusal = error;
      break;
    }
  }
  const generated = options.passwordStdin ? null : password;
  const notAssigned = roles.slice(assigned.length).map((r) => `${r.roleId}@${r.unitCode}`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: !refusal, user, roles: assigned, notAssigned, password: generated, ...(refusal ? { error: { code: refusal.code, message: refusal.message, problems: refusal.problems } } : {}) }, null, 2)}\n`);
    if (refusal) process.exitCode = 1;
    return;
  }
  const lines = [say(locale, `Created user ${user.username} (${user.displayName}) in ${unit}.`, `已创建用户 ${user.username}（${user.displayName}），所属单元 ${unit}。`)];
  if (assigned.length > 0) lines.push(`${say(locale, 'Roles', '角色')}: ${assigned.map((r) => `${r.roleId}@${r.unitCode}`).join(', ')}`);
  if (user.permissions.length > 0) lines.push(`${say(locale, 'Permissions', '权限')}: ${user.permissions.join(', ')}`);
  if (generated) lines.push(say(locale, 'One-time password (shown only now; to be changed at first sign-in):', '一次性密码（仅显示这一次；首次登录时须修改）：'), `  ${generated}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (refusal) {
    reportFailure(refusal, locale);
    process.stderr.write(`${say(locale, `Not assigned: ${notAssigned.join(', ')} (the user exists).`, `未分配：${notAssigned.join('、')}（用户已创建）。`)}\n`);
  }
}
