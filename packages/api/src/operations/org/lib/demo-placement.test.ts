import { describe, expect, it } from 'vitest';
import { kebabCase, placeDemoRoles, planDemoUsers } from './demo-placement.ts';

const role = (id: string, en = id) => ({ id, label: { en }, grants: [] });

describe('demo placement', () => {
  it('names users after role ids in kebab case', () => {
    expect(['salesRep', 'quote_approval', 'tradeMarketingManager', 'promoter', 'salesOps2'].map(kebabCase)).toEqual(['sales-rep', 'quote-approval', 'trade-marketing-manager', 'promoter', 'sales-ops2']);
  });

  it('puts managers at the company, head-office roles at hq, and the rest in alternating regions', () => {
    const placed = placeDemoRoles(['salesRep', 'salesManager', 'serviceAgent', 'salesOps', 'regionalManager', 'storeManager', 'marketing', 'promoter']);
    expect(Object.fromEntries([...placed].map(([id, p]) => [id, `${p.heldAt}/${p.unit}`]))).toEqual({
      salesRep: 'east/east',
      salesManager: 'company/hq',
      serviceAgent: 'south/south',
      salesOps: 'hq/hq',
      regionalManager: 'east/east',
      storeManager: 'south/south',
      marketing: 'hq/hq',
      promoter: 'east/east',
    });
  });

  it('adds admin and analyst, and lets a role that takes their name go to them', () => {
    const plans = planDemoUsers({ roles: [role('analyst', 'Market analyst'), role('salesRep', 'Sales rep'), role('sales_rep')] });
    expect(plans.map((p) => [p.username, p.displayName, p.roles.map((r) => `${r.roleId}@${r.heldAt}`).join(';'), p.permissions.join('+')])).toEqual([
      ['admin', 'Administrator', '', 'admin+editDrafts+publish+manageUsers'],
      ['analyst', 'Business Analyst', 'analyst@hq', 'editDrafts+publish'],
      ['sales-rep', 'Sales rep', 'salesRep@east;sales_rep@south', ''],
    ]);
  });
});
