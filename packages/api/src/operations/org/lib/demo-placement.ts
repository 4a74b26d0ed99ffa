import type { ConfigPackage } from '@mainline/model';

/**
 * The demo organisation: HQ and the two regions are siblings under the company, so a pilot at
 * `hq` reaches the people at headquarters and nobody in the regions.
 */
export const demoUnits = [
  { code: 'company', parentCode: null, name: { en: 'Demo Company', 'zh-CN': '示例公司' } },
  { code: 'hq', parentCode: 'company', name: { en: 'Headquarters', 'zh-CN': '总部' } },
  { code: 'east', parentCode: 'company', name: { en: 'East Region', 'zh-CN': '华东区' } },
  { code: 'south', parentCode: 'company', name: { en: 'South Region', 'zh-CN': '华南区' } },
] as const;

export type DemoUnitCode = (typeof demoUnits)[number]['code'];

/** Where a demo user holds their role and which unit they belong to. */
export interface DemoPlacement {
  heldAt: DemoUnitCode;
  unit: DemoUnitCode;
}

const regionWords = new Set(['regional', 'region', 'store', 'branch', 'field', 'area', 'territory', 'outlet', 'district']);
const managerWords = new Set(['manager', 'lead', 'head', 'director', 'supervisor', 'chief', 'vp']);
const centralWords = new Set(['ops', 'operations', 'analyst', 'marketing', 'order', 'finance', 'admin', 'planning', 'office']);

/** `salesRep` → `sales-rep`, `quote_approval` → `quote-approval`. */
export function kebabCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/**
 * A heuristic on the words of the role id, first match wins:
 * 1. a regional word (regional, store, branch, field, territory, …) → held in a region, member of it;
 * 2. a managing word (manager, lead, head, director, supervisor, …) → held at `company`, so
 *    "unit and below" covers every region, member of `hq`;
 * 3. a head-office word (ops, operations, analyst, marketing, order, finance, …) → held at and member of `hq`;
 * 4. anything else (reps, agents, promoters, consultants, …) → held in a region, member of it.
 * Regional roles alternate between `east` and `south` in the order of the package.
 */
export function placeDemoRoles(roleIds: readonly string[]): Map<string, DemoPlacement> {
  const placements = new Map<string, DemoPlacement>();
  let regional = 0;
  const region = (): DemoPlacement => {
    const code = regional++ % 2 === 0 ? 'east' : 'south';
    return { heldAt: code, unit: code };
  };
  for (const id of roleIds) {
    const words = kebabCase(id).split('-');
    const has = (set: Set<string>) => words.some((w) => set.has(w));
    if (has(regionWords)) placements.set(id, region());
    else if (has(managerWords)) placements.set(id, { heldAt: 'company', unit: 'hq' });
    else if (has(centralWords)) placements.set(id, { heldAt: 'hq', unit: 'hq' });
    else placements.set(id, region());
  }
  return placements;
}

export interface DemoUserPlan {
  username: string;
  displayName: string;
  unit: DemoUnitCode;
  roles: { roleId: string; heldAt: DemoUnitCode }[];
  permissions: ('admin' | 'editDrafts' | 'publish' | 'manageUsers')[];
}

/**
 * `admin` (every platform permission), `analyst` (edits drafts and publishes), and one user per
 * role named after it. A role whose username is already taken by an earlier one (`admin`,
 * `analyst`, or a role id of the same kebab form) is held by that user too, so every role still
 * has a demo user.
 */
export function planDemoUsers(pkg: Pick<ConfigPackage, 'roles'>): DemoUserPlan[] {
  const plans: DemoUserPlan[] = [
    { username: 'admin', displayName: 'Administrator', unit: 'company', roles: [], permissions: ['admin', 'editDrafts', 'publish', 'manageUsers'] },
    { username: 'analyst', displayName: 'Business Analyst', unit: 'hq', roles: [], permissions: ['editDrafts', 'publish'] },
  ];
  const placements = placeDemoRoles(pkg.roles.map((r) => r.id));
  for (const role of pkg.roles) {
    const placement = placements.get(role.id)!;
    const username = kebabCase(role.id);
    const holder = plans.find((p) => p.username === username);
    if (holder) holder.roles.push({ roleId: role.id, heldAt: placement.heldAt });
    else plans.push({ username, displayName: role.label.en, unit: placement.unit, roles: [{ roleId: role.id, heldAt: placement.heldAt }], permissions: [] });
  }
  return plans;
}
