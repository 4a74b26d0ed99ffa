import { describe, expect, it } from 'vitest';
import { checkRoleReferences } from './role-references.ts';
import { at, role, run, summary, withBase } from './test-fixtures.ts';

describe('role references', () => {
  it('accepts the base package', () => {
    expect(run(checkRoleReferences, withBase(() => undefined))).toEqual([]);
  });

  it('reports unknown objects and fields in grants', () => {
    const pkg = withBase((p) => {
      const rep = at(p.roles, 0);
      rep.grants.push({ object: 'order', actions: { read: { scope: 'all' } } });
      rep.grants.push({ object: 'account', actions: {}, fieldAccess: { fields: { name: 'read', revenue: 'hidden' } } });
    });
    const diagnostics = run(checkRoleReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-object /roles/0/grants/1/object', 'config.reference.unknown-field /roles/0/grants/2/fieldAccess/fields/revenue']);
    expect(diagnostics[1]!.message.en).toBe('Field "revenue" does not exist in object "account" (field access of role "rep").');
  });

  it('reports two grants for one object', () => {
    const pkg = withBase((p) => at(p.roles, 0).grants.push({ object: 'opportunity', actions: { update: { scope: 'own' } } }));
    expect(summary(run(checkRoleReferences, pkg))).toEqual(['config.role.duplicate-grant /roles/0/grants/1/object']);
  });

  it('reports unknown inherited roles', () => {
    const pkg = withBase((p) => (at(p.roles, 1).inherits = ['rep', 'director']));
    const diagnostics = run(checkRoleReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-role /roles/1/inherits/1']);
    expect(diagnostics[0]!.message.en).toBe('Role "director" does not exist (inherited by role "manager").');
  });

  it('reports each inheritance cycle once, listing it', () => {
    const pkg = withBase((p) => {
      at(p.roles, 0).inherits = ['director'];
      p.roles.push(role('director', { inherits: ['manager'] }), role('self', { inherits: ['self'] }));
    });
    const diagnostics = run(checkRoleReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.role.inheritance-cycle /roles/0/inherits/0', 'config.role.inheritance-cycle /roles/3/inherits/0']);
    expect(diagnostics[0]!.message.en).toBe('Roles inherit from each other in a cycle: "rep" → "director" → "manager" → "rep".');
    expect(diagnostics[1]!.message.en).toBe('Roles inherit from each other in a cycle: "self" → "self".');
  });
});
