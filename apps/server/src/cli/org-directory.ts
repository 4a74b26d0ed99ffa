import { listOrgUnits, listUsers, OperationError, type OperationContext } from '@mainline/api';
import type { OrgUnitNode } from '@mainline/db';

/** Org units by code and by id, so that commands take and show codes where operations use ids. */
export interface OrgDirectory {
  /** The id of the unit with this code (or id); the text itself when no unit matches, for the operation to refuse it. */
  idOf(codeOrId: string): string;
  /** The code of a unit id; '*' and unknown ids as they are. */
  codeOf(id: string): string;
  /** The live units at the top of the tree. */
  topLevel: OrgUnitNode[];
}

/** Reads the whole tree, retired units included, once. */
export async function orgDirectory(ctx: OperationContext): Promise<OrgDirectory> {
  const flat: OrgUnitNode[] = [];
  const walk = (nodes: OrgUnitNode[]) => nodes.forEach((n) => (flat.push(n), walk(n.children)));
  const roots = await listOrgUnits(ctx, { includeRetired: true });
  walk(roots);
  const byCode = new Map(flat.map((u) => [u.code, u.id]));
  const byId = new Map(flat.map((u) => [u.id, u.code]));
  return {
    idOf: (codeOrId) => byCode.get(codeOrId) ?? codeOrId,
    codeOf: (id) => byId.get(id) ?? id,
    topLevel: roots.filter((u) => !u.retiredAt),
  };
}

/** The id of a user by username (any case), disabled users included; `org.user.unknown` when there is none. */
export async function userIdOf(ctx: OperationContext, username: string): Promise<string> {
  const wanted = username.trim().toLowerCase();
  for (let offset = 0; ; offset += 500) {
    const page = await listUsers(ctx, { search: username.trim(), includeDisabled: true, limit: 500, offset });
    const user = page.users.find((u) => u.username.toLowerCase() === wanted);
    if (user) return user.id;
    if (offset + page.users.length >= page.total || page.users.length === 0) break;
  }
  throw new OperationError(404, 'org.user.unknown', `There is no user "${username}".`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user named by id (as it is) or by username (looked up, disabled users included). */
export async function userIdOrUsername(ctx: OperationContext, text: string): Promise<string> {
  return UUID.test(text.trim()) ? text.trim() : userIdOf(ctx, text);
}
