import { describe, expect, it } from 'vitest';
import { checkAccessExpressions } from './access-expressions.ts';
import { at, form, list, run, summary, withBase } from './test-fixtures.ts';

describe('access expressions', () => {
  it('accepts grant conditions, filters, form rules and priorities that fit', () => {
    const pkg = withBase((p) => {
      at(p.roles, 0).grants = [{ object: 'opportunity', actions: { read: { scope: 'unit', condition: 'owner == user.id || stage != "lost"' } } }];
      p.views.push(list('mine', 'opportunity', ['name'], { filter: 'owner == user.id && amount > 100.0' }));
      p.views.push(form('f2', 'opportunity', ['name'], { sections: [{ id: 's', label: { en: 'S' }, visibleWhen: 'stage == "won"', fields: [{ field: 'amount', visibleWhen: 'true', requiredWhen: 'stage == "won"', readOnlyWhen: 'amount > 5.0' }] }] }));
      at(p.queues, 0).priority = 'amount > 1000.0 ? 100 : 10';
    });
    expect(run(checkAccessExpressions, pkg)).toEqual([]);
  });

  it('needs grant conditions and list filters to run in the database', () => {
    const pkg = withBase((p) => {
      at(p.roles, 0).grants = [{ object: 'opportunity', actions: { read: { scope: 'all', condition: 'name.matches("^A")' } } }];
      p.views.push(list('mine', 'opportunity', ['name'], { filter: 'stage.matches("w")' }));
    });
    const diagnostics = run(checkAccessExpressions, pkg);
    expect(summary(diagnostics)).toEqual(['config.expr.sql-unsupported /roles/0/grants/0/actions/read/condition', 'config.expr.sql-unsupported /views/2/filter']);
    expect(diagnostics[0]!.range).toEqual({ start: 0, end: 18 });
    expect(diagnostics[0]!.message.en).toBe('The "read" condition of role "rep" on object "opportunity" cannot run in the database: the function \'matches\' cannot run in the database.');
  });

  it('needs conditions to be bool', () => {
    const pkg = withBase((p) => {
      at(p.roles, 0).grants = [{ object: 'opportunity', actions: { read: { scope: 'all', condition: 'amount' } } }];
      p.views.push(form('f2', 'opportunity', ['name'], { sections: [{ id: 's', label: { en: 'S' }, fields: [{ field: 'amount', visibleWhen: 'stage' }] }] }));
    });
    const diagnostics = run(checkAccessExpressions, pkg);
    expect(summary(diagnostics)).toEqual(['config.expr.result-type /roles/0/grants/0/actions/read/condition', 'config.expr.result-type /views/2/sections/0/fields/0/visibleWhen']);
    expect(diagnostics[0]!.message.en).toContain('gives a number (double)');
  });

  it('needs a numeric queue priority', () => {
    const diagnostics = run(checkAccessExpressions, withBase((p) => (at(p.queues, 0).priority = 'name')));
    expect(summary(diagnostics)).toEqual(['config.expr.result-type /queues/0/priority']);
    expect(diagnostics[0]!.message.en).toBe('The priority of queue "triage" gives text (string); a number (int or double) is needed here.');
  });

  it('skips views and grants of unknown objects', () => {
    const pkg = withBase((p) => {
      at(p.roles, 0).grants = [{ object: 'ghost', actions: { read: { scope: 'all', condition: 'x' } } }];
      p.views.push(list('ghosts', 'ghost', ['name'], { filter: 'y' }));
    });
    expect(run(checkAccessExpressions, pkg)).toEqual([]);
  });
});
