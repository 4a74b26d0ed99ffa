import { describe, expect, it } from 'vitest';
import type { ConfigPackage, Role } from '@mainline/model';
import { effectiveAccess, roleClosure } from './effective-access.ts';
import { allows, judgeRules } from './rule-match.ts';

const label = (en: string) => ({ en, 'zh-CN': en });
const field = (id: string) => ({ id, type: 'text', label: label(id) });

function pkg(roles: Role[]): ConfigPackage {
  return {
    id: 'p',
    name: label('p'),
    objects: [
      { id: 'deal', label: label('Deal'), titleField: 'name', fields: [field('name'), field('margin'), field('notes')] },
      { id: 'account', label: label('Account'), titleField: 'name', fields: [field('name')] },
    ],
    roles,
    processes: [],
    views: [],
  } as unknown as ConfigPackage;
}

const rep: Role = {
  id: 'rep',
  label: label('Rep'),
  grants: [{ object: 'deal', actions: { read: { scope: 'own' }, update: { scope: 'own', condition: 'stage != "closed"' } }, fieldAccess: { default: 'edit', fields: { margin: 'hidden', notes: 'read' } } }],
};
const manager: Role = {
  id: 'manager',
  label: label('Manager'),
  inherits: ['rep'],
  grants: [{ object: 'deal', actions: { read: { scope: 'unitAndBelow' } }, fieldAccess: { default: 'read', fields: { margin: 'read' } } }],
};
const auditor: Role = { id: 'auditor', label: label('Auditor'), inherits: ['auditor'], grants: [{ object: 'account', actions: { read: { scope: 'all' } } }] };

describe('effectiveAccess', () => {
  it('anchors each grant at the unit where the role is held, with inherited grants under the holding role', () => {
    const access = effectiveAccess(pkg([rep, manager]), 'u1', [{ roleId: 'manager', orgUnitId: 'east', subtree: ['east', 'east-1'] }]);
    const reads = access.objects.get('deal')!.rules.read;
    expect(reads.map((r) => [r.roleId, r.grantedBy, r.scope, r.orgUnitId])).toEqual([
      ['manager', 'manager', 'unitAndBelow', 'east'],
      ['manager', 'rep', 'own', 'east'],
    ]);
    expect([...reads[0]!.subtree!]).toEqual(['east', 'east-1']);
    expect(access.objects.get('deal')!.rules.update).toEqual([{ action: 'update', roleId: 'manager', grantedBy: 'rep', orgUnitId: 'east', scope: 'own', condition: 'stage != "closed"' }]);
    expect(access.objects.get('deal')!.rules.delete).toEqual([]);
  });

  it('gives each field the most permissive access over the grants, hidden without any grant', () => {
    const access = effectiveAccess(pkg([rep, manager]), 'u1', [{ roleId: 'manager', orgUnitId: 'east', subtree: ['east'] }]);
    const fields = access.objects.get('deal')!.fields;
    expect(fields.name!.access).toBe('edit'); // rep's default edit beats manager's read
    expect(fields.margin!.access).toBe('read'); // manager's read beats rep's hidden
    expect(fields.notes!.access).toBe('read');
    expect(access.objects.get('account')!.fields.name!.access).toBe('hidden');
    const onlyRep = effectiveAccess(pkg([rep]), 'u2', [{ roleId: 'rep', orgUnitId: 'west', subtree: ['west'] }]).objects.get('deal')!.fields;
    expect(onlyRep.margin).toEqual({ access: 'hidden', roles: [] });
  });

  it('grants nothing for a role the version does not define, and survives an inheritance cycle', () => {
    const none = effectiveAccess(pkg([rep]), 'u1', [{ roleId: 'retired', orgUnitId: 'east', subtree: ['east'] }]);
    expect(none.objects.get('deal')!.rules.read).toEqual([]);
    expect(roleClosure(new Map([['auditor', auditor]]), 'auditor').map((r) => r.id)).toEqual(['auditor']);
  });
});

describe('rule matching in memory', () => {
  const access = effectiveAccess(pkg([rep, manager]), 'u1', [{ roleId: 'manager', orgUnitId: 'east', subtree: ['east', 'east-1'] }]);
  const reads = access.objects.get('deal')!.rules.read;
  const updates = access.objects.get('deal')!.rules.update;
  const never = () => false;

  it('own matches the owner, unitAndBelow the subtree, nothing else', () => {
    expect(allows(reads, { owner: 'u1', orgUnit: 'west' }, 'u1', never)).toBe(true);
    expect(allows(reads, { owner: 'u2', orgUnit: 'east-1' }, 'u1', never)).toBe(true);
    expect(allows(reads, { owner: 'u2', orgUnit: 'west' }, 'u1', never)).toBe(false);
    expect(allows(reads, { owner: null, orgUnit: null }, 'u1', never)).toBe(false);
  });

  it('a condition must hold too, and judgeRules says which rule decided', () => {
    expect(allows(updates, { owner: 'u1' }, 'u1', () => true)).toBe(true);
    expect(allows(updates, { owner: 'u1' }, 'u1', never)).toBe(false);
    const [outcome] = judgeRules(updates, { owner: 'u1' }, 'u1', never);
    expect(outcome).toMatchObject({ inScope: true, condition: false, allows: false });
    expect(judgeRules(updates, { owner: 'u2' }, 'u1', () => true)[0]).toMatchObject({ inScope: false, condition: null, allows: false });
  });
});
