import type { LocalizedText } from '@mainline/model';

export interface OrgUnitRow {
  id: string;
  code: string;
  name: LocalizedText;
  parentId: string | null;
  path: string;
  retiredAt: Date | null;
}

export interface OrgUnitNode extends OrgUnitRow {
  children: OrgUnitNode[];
}

/**
 * Nests flat rows into trees, children sorted by code. A unit whose parent is not among the rows
 * (the parent was filtered out, for example retired) becomes a top-level node.
 */
export function buildOrgUnitTree(rows: readonly OrgUnitRow[]): OrgUnitNode[] {
  const nodes = new Map(rows.map((row) => [row.id, { ...row, children: [] as OrgUnitNode[] }]));
  const roots: OrgUnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byCode = (a: OrgUnitNode, b: OrgUnitNode) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  for (const node of nodes.values()) node.children.sort(byCode);
  return roots.sort(byCode);
}
