import { describe, expect, it } from 'vitest';
import { checkNavigationReferences } from './navigation-references.ts';
import { at, run, summary, withBase } from './test-fixtures.ts';

describe('navigation references', () => {
  it('accepts the base package', () => {
    expect(run(checkNavigationReferences, withBase(() => undefined))).toEqual([]);
  });

  it('reports unknown roles, unknown views and forms, in groups too', () => {
    const pkg = withBase((p) => {
      const menu = at(p.navigation, 0);
      menu.roles = ['rep', 'boss'];
      menu.items.push({ type: 'view', view: 'opportunityForm' });
      menu.items.push({ type: 'group', label: { en: 'More' }, items: [{ type: 'inbox' }, { type: 'view', view: 'reports' }] });
    });
    const diagnostics = run(checkNavigationReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-role /navigation/0/roles/1', 'config.reference.wrong-view-kind /navigation/0/items/2/view', 'config.reference.unknown-view /navigation/0/items/3/items/1/view']);
  });
});
