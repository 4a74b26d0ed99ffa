import { describe, expect, it } from 'vitest';
import { buildOrgUnitTree, type OrgUnitRow } from './org-unit-tree.ts';

const row = (id: string, parentId: string | null, code = id): OrgUnitRow => ({ id, code, name: { en: code }, parentId, path: '', retiredAt: null });

describe('buildOrgUnitTree', () => {
  it('nests units under their parents, children sorted by code', () => {
    const tree = buildOrgUnitTree([row('c', 'a'), row('a', null), row('b', 'a'), row('d', 'b')]);
    expect(tree.map((n) => n.code)).toEqual(['a']);
    expect(tree[0]?.children.map((n) => n.code)).toEqual(['b', 'c']);
    expect(tree[0]?.children[0]?.children.map((n) => n.code)).toEqual(['d']);
  });

  it('puts a unit whose parent is missing at the top', () => {
    const tree = buildOrgUnitTree([row('x', 'gone'), row('a', null)]);
    expect(tree.map((n) => n.code)).toEqual(['a', 'x']);
  });
});
