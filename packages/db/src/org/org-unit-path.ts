/**
 * An org unit's path lists the ids from the top of the tree down to the unit itself, each
 * followed by a slash (`/rootId/…/selfId/`), so "the unit and everything below it" is a prefix
 * match that the `org_units_path` index (text_pattern_ops) answers.
 */

/** Path of a unit with no parent. */
export function rootPath(id: string): string {
  return `/${id}/`;
}

/** Path of a unit placed under the unit at `parentPath`. */
export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

/** Whether the unit at `path` is the unit at `ancestorPath` or lies below it. */
export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** The unit ids on a path, top first. */
export function pathIds(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

/** A LIKE pattern matching every string that starts with `prefix` literally. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
