import type { ActionGrant, FieldAccess, Scope } from '@mainline/model';

/** The actions a business role can grant on an object (schemas/role.schema.json, Grant.actions). */
export const accessActions = ['create', 'read', 'update', 'delete', 'export', 'import', 'transfer'] as const;
export type AccessAction = (typeof accessActions)[number];

/** A business role a user holds in an org unit (role@unit). */
export interface HeldRole {
  roleId: string;
  orgUnitId: string;
  /** The unit and every unit below it (ids): what `unitAndBelow` covers. */
  subtree: readonly string[];
}

/** One grant of one action, as it applies to one user: the scope is anchored at the unit where the role is held. */
export interface AccessRule {
  action: AccessAction;
  /** The role the user holds. */
  roleId: string;
  /** The role whose grant this is: `roleId` itself or a role it inherits. */
  grantedBy: string;
  /** Where the role is held. */
  orgUnitId: string;
  scope: Scope;
  /** CEL condition the record must also meet (in the SQL subset). */
  condition?: string;
  /** For `unitAndBelow`: the units covered. */
  subtree?: ReadonlySet<string>;
}

/** Access to one field: the most permissive over the roles with a grant on the object, and which roles give it. */
export interface FieldRight {
  access: FieldAccess;
  roles: string[];
}

export interface ObjectAccess {
  objectId: string;
  /** Per action, every rule that allows it (none: not allowed). */
  rules: Record<AccessAction, AccessRule[]>;
  /** Per field id of the object. */
  fields: Record<string, FieldRight>;
}

/** What a user may do, per object, in one configuration version. */
export interface EffectiveAccess {
  userId: string;
  /** The roles it comes from. */
  held: readonly HeldRole[];
  objects: ReadonlyMap<string, ObjectAccess>;
}

export type { ActionGrant, FieldAccess, Scope };
