import type { ConfigPackage } from '@mainline/model';

/**
 * Where role ids are looked up: a configuration package (the version in force comes from the
 * version registry, which the caller asks), or a function answering whether a role id exists.
 */
export type RoleCatalog = Pick<ConfigPackage, 'roles'> | ((roleId: string) => boolean);

export function roleExistsIn(catalog: RoleCatalog): (roleId: string) => boolean {
  if (typeof catalog === 'function') return catalog;
  const ids = new Set(catalog.roles.map((role) => role.id));
  return (roleId) => ids.has(roleId);
}
