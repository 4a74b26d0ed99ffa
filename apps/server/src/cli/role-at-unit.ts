import { UsageError } from './usage-error.ts';

export interface RoleAtUnit {
  roleId: string;
  unitCode: string;
}

/** Parses `role@unit_code` as given to `--role`. */
export function parseRoleAtUnit(text: string): RoleAtUnit {
  const [roleId, unitCode, extra] = text.split('@').map((part) => part.trim());
  if (!roleId || !unitCode || extra !== undefined) throw new UsageError(`--role "${text}" is not role@unit_code`);
  return { roleId, unitCode };
}
