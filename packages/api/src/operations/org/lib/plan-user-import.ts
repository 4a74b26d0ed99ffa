import type { OrgUnitRow } from '@mainline/db';
import { passwordProblems } from '../../../auth/passwords.ts';
import { checkDisplayName, checkEmail, checkLocale, checkUsername, type UserLocale } from './field-checks.ts';
import type { ImportCounts, ImportError } from './import-report.ts';
import type { CsvRow } from './read-csv.ts';
import type { UserSummary } from './user-summary.ts';

export const userCsvColumns = ['username', 'display_name', 'email', 'locale', 'org_unit_code', 'roles', 'password'] as const;

export interface HeldRole {
  roleId: string;
  orgUnitId: string;
}

export interface ExistingUser extends UserSummary {
  /** Live role assignments. */
  assignments: (HeldRole & { id: string })[];
}

export type UserImportStep =
  | { kind: 'create'; row: number; username: string; displayName: string; email: string | null; locale: UserLocale; orgUnitId: string; password: string; roles: HeldRole[] }
  | {
      kind: 'update';
      row: number;
      user: ExistingUser;
      set: { displayName?: string; email?: string; locale?: UserLocale; orgUnitId?: string };
      addRoles: HeldRole[];
      retireAssignmentIds: string[];
    };

export interface UserImportPlan {
  errors: ImportError[];
  steps: UserImportStep[];
  counts: ImportCounts;
}

export interface UserImportContext {
  units: readonly OrgUnitRow[];
  /** Existing users, keyed by lower-case username. */
  users: ReadonlyMap<string, ExistingUser>;
  roleExists: (roleId: string) => boolean;
}

/**
 * Checks a users file and works out what it changes. New users need every required value and a
 * password; for existing users an empty optional cell means "not stated" and keeps what they
 * have (their email, locale, roles), and the password column is ignored: a re-import must not
 * reset passwords that people have changed since. A non-empty roles cell is the user's complete
 * set of roles: roles not listed are retired.
 */
export function planUserImport(rows: readonly CsvRow[], context: UserImportContext): UserImportPlan {
  const errors: ImportError[] = [];
  const error = (row: number, column: string, issue: { code: string; message: string } | undefined) => {
    if (issue) errors.push({ row, column, ...issue });
  };
  const unitsByCode = new Map(context.units.map((u) => [u.code, u]));
  const liveUnit = (row: number, column: string, code: string): OrgUnitRow | undefined => {
    const unit = unitsByCode.get(code);
    if (!unit) error(row, column, { code: 'org.unit.unknown', message: `No org unit has the code "${code}".` });
    else if (unit.retiredAt) error(row, column, { code: 'org.unit.retired', message: `Org unit "${code}" is retired.` });
    else return unit;
    return undefined;
  };
  const seen = new Map<string, number>();
  const steps: UserImportStep[] = [];
  let unchanged = 0;

  for (const { row, values } of rows) {
    const errorsBefore = errors.length;
    const v = (column: (typeof userCsvColumns)[number]) => values[column] ?? '';
    const username = v('username');
    const usernameIssue = checkUsername(username);
    if (usernameIssue) error(row, 'username', usernameIssue);
    const key = username.toLowerCase();
    const firstRow = seen.get(key);
    if (!usernameIssue && firstRow !== undefined) error(row, 'username', { code: 'org.import.duplicate-username', message: `The username "${username}" is already on row ${firstRow} (usernames ignore case).` });
    if (firstRow === undefined) seen.set(key, row);
    const existing = context.users.get(key);

    const displayName = v('display_name');
    if (displayName || !existing) error(row, 'display_name', checkDisplayName(displayName));
    const email = v('email');
    if (email) error(row, 'email', checkEmail(email));
    const locale = v('locale');
    if (locale) error(row, 'locale', checkLocale(locale));
    const unitCode = v('org_unit_code');
    const unit = unitCode ? liveUnit(row, 'org_unit_code', unitCode) : undefined;
    if (!unitCode) error(row, 'org_unit_code', { code: 'org.user.unit-required', message: 'A user needs an org unit.' });

    const roles: HeldRole[] = [];
    for (const entry of v('roles').split(';').map((s) => s.trim()).filter(Boolean)) {
      const match = /^([^@\s]+)@([^@\s]+)$/.exec(entry);
      if (!match) {
        error(row, 'roles', { code: 'org.import.invalid-role-assignment', message: `"${entry}" is not role@unit_code.` });
        continue;
      }
      const [, roleId = '', code = ''] = match;
      if (!context.roleExists(roleId)) error(row, 'roles', { code: 'org.role.unknown-role', message: `There is no role "${roleId}" in the configuration.` });
      const held = liveUnit(row, 'roles', code);
      if (held && !roles.some((r) => r.roleId === roleId && r.orgUnitId === held.id)) roles.push({ roleId, orgUnitId: held.id });
    }

    const password = v('password');
    if (!existing && !password) error(row, 'password', { code: 'org.user.password-required', message: 'A new user needs an initial password.' });
    else if (!existing) for (const p of passwordProblems(password, '', { username })) error(row, 'password', p);

    if (errors.length > errorsBefore || !unit) continue;
    const stated = v('roles').trim() !== '';
    if (!existing) {
      steps.push({ kind: 'create', row, username, displayName, email: email || null, locale: (locale || 'en') as UserLocale, orgUnitId: unit.id, password, roles });
      continue;
    }
    const set: Extract<UserImportStep, { kind: 'update' }>['set'] = {};
    if (displayName && displayName !== existing.displayName) set.displayName = displayName;
    if (email && email !== existing.email) set.email = email;
    if (locale && locale !== existing.locale) set.locale = locale as UserLocale;
    if (unit.id !== existing.orgUnitId) set.orgUnitId = unit.id;
    const same = (a: HeldRole, b: HeldRole) => a.roleId === b.roleId && a.orgUnitId === b.orgUnitId;
    const addRoles = stated ? roles.filter((r) => !existing.assignments.some((a) => same(a, r))) : [];
    const retireAssignmentIds = stated ? existing.assignments.filter((a) => !roles.some((r) => same(a, r))).map((a) => a.id) : [];
    if (Object.keys(set).length === 0 && addRoles.length === 0 && retireAssignmentIds.length === 0) unchanged++;
    else steps.push({ kind: 'update', row, user: existing, set, addRoles, retireAssignmentIds });
  }
  if (errors.length > 0) return { errors, steps: [], counts: { created: 0, updated: 0, unchanged: 0 } };
  const created = steps.filter((s) => s.kind === 'create').length;
  return { errors: [], steps, counts: { created, updated: steps.length - created, unchanged } };
}
