import { describe, expect, it } from 'vitest';
import { checkViewReferences } from './view-references.ts';
import { at, form, list, run, summary, withBase } from './test-fixtures.ts';
import type { View } from '../generated/config.ts';

const kanban = (extra: Record<string, unknown> = {}): View => ({ id: 'board', kind: 'kanban', object: 'opportunity', label: { en: 'Board' }, groupBy: 'stage', cardFields: ['amount', 'owner'], sumField: 'amount', ...extra }) as View;

describe('view references', () => {
  it('accepts the base package, a kanban, system fields in columns, sorts and cards', () => {
    const pkg = withBase((p) => {
      p.views.push(kanban({ sort: [{ field: 'updatedAt', direction: 'desc' }] }));
      p.views.push(list('recent', 'opportunity', ['name', 'createdAt', 'createdBy'], { sort: [{ field: 'createdAt' }] }));
    });
    expect(run(checkViewReferences, pkg)).toEqual([]);
  });

  it('reports an unknown object and skips its fields', () => {
    const pkg = withBase((p) => p.views.push(list('orders', 'order', ['number'])));
    expect(summary(run(checkViewReferences, pkg))).toEqual(['config.reference.unknown-object /views/2/object']);
  });

  it('reports unknown fields on forms (system fields included), columns, sorts, cards', () => {
    const pkg = withBase((p) => {
      p.views.push(form('f2', 'opportunity', ['name', 'nope', 'owner']));
      p.views.push(list('l2', 'opportunity', ['name', 'ghost'], { sort: [{ field: 'rowVersion' }] }));
      p.views.push(kanban({ cardFields: ['amount', 'missing'] }));
    });
    const diagnostics = run(checkViewReferences, pkg);
    expect(summary(diagnostics)).toEqual([
      'config.reference.unknown-field /views/2/sections/0/fields/1/field',
      'config.reference.unknown-field /views/2/sections/0/fields/2/field',
      'config.reference.unknown-field /views/3/columns/1/field',
      'config.reference.unknown-field /views/3/sort/0/field',
      'config.reference.unknown-field /views/4/cardFields/1',
    ]);
    expect(diagnostics[0]!.message.en).toBe('Field "nope" does not exist in object "opportunity" (on form of view "f2").');
  });

  it('reports a field placed twice', () => {
    const pkg = withBase((p) => {
      const f = at(p.views, 0);
      if (f.kind === 'form') f.sections.push({ id: 'more', label: { en: 'More' }, fields: [{ field: 'amount' }] });
      p.views.push(list('l2', 'opportunity', ['name', 'name']));
    });
    expect(summary(run(checkViewReferences, pkg))).toEqual(['config.view.duplicate-field /views/0/sections/1/fields/0/field', 'config.view.duplicate-field /views/2/columns/1/field']);
  });

  it('needs a choice field to group a kanban by and a numeric field to sum', () => {
    const pkg = withBase((p) => p.views.push(kanban({ groupBy: 'name', sumField: 'closeDate' })));
    expect(summary(run(checkViewReferences, pkg))).toEqual(['config.view.group-by-type /views/2/groupBy', 'config.view.sum-field-type /views/2/sumField']);
    const rollupSum = withBase((p) => p.views.push({ ...kanban(), id: 'accounts', object: 'account', groupBy: 'tier', cardFields: [], sumField: 'opportunityCount' } as View));
    expect(run(checkViewReferences, rollupSum)).toEqual([]);
  });

  it('checks related lists: object, field, and that the field points to the form object', () => {
    const pkg = withBase((p) => p.views.push(form('accountForm', 'account', ['name'], { showRelated: ['opportunity.account', 'order.account', 'opportunity.owner2', 'opportunity.name'] })));
    expect(summary(run(checkViewReferences, pkg))).toEqual([
      'config.reference.unknown-object /views/2/showRelated/1',
      'config.reference.unknown-field /views/2/showRelated/2',
      'config.view.related-not-reference /views/2/showRelated/3',
    ]);
  });

  it('checks default roles: they exist, one form and one list-or-kanban per role and object', () => {
    const pkg = withBase((p) => {
      at(p.views, 0).defaultForRoles = ['rep', 'ghost'];
      at(p.views, 1).defaultForRoles = ['rep'];
      p.views.push(form('form2', 'opportunity', ['name'], { defaultForRoles: ['rep', 'manager'] }));
      p.views.push(kanban({ defaultForRoles: ['rep'] }));
      p.views.push(list('accounts', 'account', ['name'], { defaultForRoles: ['rep'] }));
    });
    const diagnostics = run(checkViewReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-role /views/0/defaultForRoles/1', 'config.view.duplicate-default /views/2/defaultForRoles/0', 'config.view.duplicate-default /views/3/defaultForRoles/0']);
    expect(diagnostics[1]!.message.en).toBe('Views "opportunityForm" and "form2" are both the default form of object "opportunity" for role "rep".');
  });
});
